import { DateTime } from 'luxon';
import { z } from 'zod';
import { addBusinessDayNumbers, addBusinessDays, businessCalendar, instantOfWallClock, wallClockMs, type BusinessCalendar } from '../calendar/business-calendar.ts';
import { followUpTiming } from '../meeting/follow-up-due.ts';
import type { Instant } from '../model.ts';

/** The parts of a meeting the daily list needs. */
export interface DayMeeting {
  id: string;
  accountId: string;
  accountName: string;
  title: string;
  state: string;
  startsAt: Instant;
  agendaSentAt: Instant | null;
  heldAt: Instant | null;
}

export interface DayTask {
  id: string;
  title: string;
  rule: string;
  accountId: string | null;
  dueAt: Instant;
}

export interface MyDay {
  date: string;
  timezone: string;
  callsToday: (DayMeeting & { agendaSent: boolean })[];
  tasksDue: (DayTask & { overdue: boolean })[];
  agendasToSend: (DayMeeting & { sendBy: Instant; late: boolean })[];
  followUpsOwed: (DayMeeting & { dueAt: Instant; hoursLeft: number; late: boolean })[];
}

const WEEKENDS = businessCalendar();
const DAY_MS = 86_400_000;
const NINE_AM_MS = 9 * 3_600_000;

/** Business days ahead of a call its agenda goes out, unless the team's playbook says otherwise. */
export const DEFAULT_AGENDA_LEAD_DAYS = 2;

/** The same local time of day on another calendar date. */
function onDate(t: DateTime, date: string): DateTime {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return t.set({ year, month, day });
}

/** agendaSendBy in milliseconds, for the dashboard's quarter of calls. */
export function agendaSendByMs(callMs: number, leadDays: number, timezone: string, calendar: BusinessCalendar): number {
  const day = Math.floor(wallClockMs(callMs, timezone) / DAY_MS);
  const morningOfCall = instantOfWallClock(day * DAY_MS + NINE_AM_MS, timezone);
  const sendBy = instantOfWallClock(addBusinessDayNumbers(day, -leadDays, calendar) * DAY_MS + NINE_AM_MS, timezone);
  return Math.min(sendBy, morningOfCall, callMs);
}

/**
 * The last moment to send an agenda: `leadDays` business days before the call (weekends and the
 * team's holidays skipped), and never later than 09:00 on the morning of the call, in the user's
 * time zone.
 */
export function agendaSendBy(startsAt: Instant, leadDays: number, timezone: string, calendar: BusinessCalendar = WEEKENDS): Instant {
  return new Date(agendaSendByMs(Date.parse(startsAt), leadDays, timezone, calendar)).toISOString();
}

/**
 * A CSM's day: today's calls with their agenda state, tasks due or overdue, agendas to send
 * (calls whose send-by moment falls before the end of the next business day), and follow-ups
 * owed with the time left on their one-business-day deadline. Pure: everything comes in.
 */
export function buildMyDay(input: { meetings: DayMeeting[]; followUpDue: Map<string, Instant>; tasks: DayTask[]; agendaLeadDays: number; calendar?: BusinessCalendar }, now: Date, timezone: string): MyDay {
  const calendar = input.calendar ?? WEEKENDS;
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const startOfDay = local.startOf('day');
  const endOfDay = local.endOf('day');
  const horizon = onDate(endOfDay, addBusinessDays(local.toISODate()!, 1, calendar));
  const t = (iso: Instant) => DateTime.fromISO(iso, { zone: timezone });

  const callsToday = input.meetings
    .filter((m) => m.state !== 'cancelled' && t(m.startsAt) >= startOfDay && t(m.startsAt) <= endOfDay)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .map((m) => ({ ...m, agendaSent: m.agendaSentAt !== null }));

  const agendasToSend = input.meetings
    .filter((m) => m.state === 'planned' && t(m.startsAt) > local)
    .map((m) => {
      const sendBy = agendaSendBy(m.startsAt, input.agendaLeadDays, timezone, calendar);
      return { ...m, sendBy, late: Date.parse(sendBy) < now.getTime() };
    })
    .filter((m) => t(m.sendBy) <= horizon)
    .sort((a, b) => Date.parse(a.sendBy) - Date.parse(b.sendBy));

  const followUpsOwed = input.meetings
    .filter((m) => m.state === 'held' && input.followUpDue.has(m.id))
    .map((m) => {
      const dueAt = input.followUpDue.get(m.id)!;
      const hoursLeft = Math.round(((Date.parse(dueAt) - now.getTime()) / 3_600_000) * 10) / 10;
      return { ...m, dueAt, hoursLeft, late: followUpTiming(Date.parse(dueAt), null, now.getTime()) === 'overdue' };
    })
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));

  const tasksDue = input.tasks
    .filter((task) => t(task.dueAt) <= endOfDay)
    .map((task) => ({ ...task, overdue: Date.parse(task.dueAt) < now.getTime() }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));

  return { date: local.toISODate()!, timezone, callsToday, tasksDue, agendasToSend, followUpsOwed };
}

const TASK_STATUSES = ['open', 'done', 'dismissed'] as const;

/** Which tasks to list (GET /api/tasks): your own by default, or an account's. */
export const TaskQuerySchema = z.strictObject({
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(true),
  accountId: z.string().max(64).optional(),
  status: z.enum(TASK_STATUSES).default('open'),
});
export type TaskQuery = z.infer<typeof TaskQuerySchema>;

/** A task marked done or dismissed, or reopened. */
export const TaskUpdateSchema = z.strictObject({ status: z.enum(TASK_STATUSES) });
export type TaskUpdate = z.infer<typeof TaskUpdateSchema>;
