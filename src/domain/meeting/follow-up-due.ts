/**
 * When a call's follow-up is due and whether it went out in time: the one rule the follow-up
 * task, the team dashboard, the follow_up_habit health measure, My day and the meeting workspace
 * all read, so a call is on time or late on every screen alike.
 */
import { oneBusinessDayAfter, oneBusinessDayAfterMs, type BusinessCalendar } from '../calendar/business-calendar.ts';
import type { Instant } from '../model.ts';

/**
 * The follow-up's due time. The one written at wrap-up is the fact (a holiday added later does
 * not move it); a call with none on file (imported, demo history) owes it one business day after
 * it was held, in the account's time zone and on the team's calendar.
 */
export function followUpDueAt(call: { heldAt: Instant; followUpDueAt?: Instant | null }, timezone: string, calendar: BusinessCalendar): Instant {
  return call.followUpDueAt ?? oneBusinessDayAfter(call.heldAt, timezone, calendar);
}

/** followUpDueAt in milliseconds, for callers that have the held time parsed already (the dashboard). */
export function followUpDueMs(call: { heldMs: number; followUpDueAt?: Instant | null }, timezone: string, calendar: BusinessCalendar): number {
  if (call.followUpDueAt) return Date.parse(call.followUpDueAt);
  return oneBusinessDayAfterMs(call.heldMs, timezone, calendar);
}

/** on_time and late: sent; overdue: not sent and past due; not_due: not sent and still in time. */
export type FollowUpTiming = 'on_time' | 'late' | 'overdue' | 'not_due';

/** How a follow-up stands, from milliseconds (the dashboard asks for thousands of calls). */
export function followUpTiming(dueAtMs: number, sentAtMs: number | null, nowMs: number): FollowUpTiming {
  if (sentAtMs !== null) return sentAtMs <= dueAtMs ? 'on_time' : 'late';
  return dueAtMs < nowMs ? 'overdue' : 'not_due';
}
