/**
 * Gathers a scorecard's inputs from what Cadence already knows about an account: the sentiments
 * set at the latest call, the cadence habits over a look-back window, licence use, open critical
 * tickets, and whether a champion and the economic buyer are still there. Anything Cadence cannot
 * know stays missing (null) rather than zero, so the scorer redistributes its weight.
 */
import { isOpenTicket, type ActionItemStatus, type Sentiment, type TicketPriority, type TicketStatus } from '../meeting/meeting.ts';
import type { CalendarDate, ContactRole, ContactStatus, Side } from '../model.ts';
import { businessCalendar, type BusinessCalendar } from '../calendar/business-calendar.ts';
import type { CallLifecycle } from '../meeting/engagement.ts';
import { followUpDueAt, followUpTiming } from '../meeting/follow-up-due.ts';
import { DEFAULT_AGENDA_LEAD_DAYS, agendaSendBy } from '../cadence/my-day.ts';
import type { HealthInputs } from './measures.ts';

export interface HealthSourceMeeting extends CallLifecycle {
  csmSentiment: Sentiment | null;
  productSentiment: Sentiment | null;
}

export interface HealthSources {
  /** The account's time zone and the team's business days, for follow-ups with no due time on file. */
  timezone?: string;
  calendar?: BusinessCalendar;
  account: { licencesBought: number | null; licencesUsed: number | null; contractStartDate: CalendarDate | null; renewalDate: CalendarDate | null };
  meetings: readonly HealthSourceMeeting[];
  /** Calls the cadence policy expected over the look-back window (null: no policy, leave missing). */
  expectedCalls: number | null;
  actionItems: readonly { side: Side; status: ActionItemStatus; dueDate: CalendarDate | null }[];
  tickets: readonly { priority: TicketPriority; status: TicketStatus }[] | null;
  escalations: number | null;
  contacts: readonly { role: ContactRole; status: ContactStatus }[];
  /** From product usage data, when a finding or integration reports it. */
  activeUsers: { active: number; billable: number } | null;
}

const DAY = 86_400_000;
const WEEKENDS = businessCalendar();

/**
 * The default scorecard's inputs for one account at `now`, over the last `lookbackDays` (90).
 * Agendas count as "in advance" when sent by their send-by time (`agendaLeadDays` business days
 * ahead, my-day.ts agendaSendBy, as the dashboard and the agenda task count them); a
 * follow-up is on time or late by the one rule of follow-up-due.ts.
 */
export function gatherHealthInputs(src: HealthSources, now: Date, options: { lookbackDays?: number; agendaLeadDays?: number } = {}): HealthInputs {
  const since = now.getTime() - (options.lookbackDays ?? 90) * DAY;
  const today = now.toISOString().slice(0, 10);
  const sinceDate = new Date(since).toISOString().slice(0, 10);

  const held = src.meetings.filter((m) => m.heldAt !== null && m.state !== 'cancelled' && m.type !== 'internal_review').sort((a, b) => (b.heldAt as string).localeCompare(a.heldAt as string));
  const recent = held.filter((m) => Date.parse(m.heldAt as string) >= since);
  const latestCsm = held.find((m) => m.csmSentiment !== null)?.csmSentiment ?? null;
  const latestProduct = held.find((m) => m.productSentiment !== null)?.productSentiment ?? null;

  const calendar = src.calendar ?? WEEKENDS;
  const timezone = src.timezone ?? 'UTC';
  const leadDays = options.agendaLeadDays ?? DEFAULT_AGENDA_LEAD_DAYS;
  const agendaOnTime = recent.filter((m) => m.agendaSentAt !== null && Date.parse(m.agendaSentAt) <= Date.parse(agendaSendBy(m.startsAt, leadDays, timezone, calendar))).length;
  const timings = recent.map((m) => {
    const due = followUpDueAt({ heldAt: m.heldAt as string, followUpDueAt: m.followUpDueAt }, timezone, calendar);
    return followUpTiming(Date.parse(due), m.followUpSentAt === null ? null : Date.parse(m.followUpSentAt), now.getTime());
  });
  const followDue = timings.filter((t) => t !== 'not_due');
  const followOnTime = followDue.filter((t) => t === 'on_time').length;
  const cadenceCalls = recent.filter((m) => m.type === 'cadence' || m.type === 'kickoff').length;

  const customerDue = src.actionItems.filter((i) => i.side === 'customer' && i.status !== 'dropped' && i.dueDate !== null && i.dueDate >= sinceDate && i.dueDate <= today);
  const { licencesBought: bought, licencesUsed: used, contractStartDate: start } = src.account;
  const activeContacts = src.contacts.filter((c) => c.status === 'active');

  return {
    csm_sentiment: latestCsm,
    product_sentiment: latestProduct,
    cadence_adherence: src.expectedCalls !== null && src.expectedCalls > 0 ? { part: Math.min(cadenceCalls, src.expectedCalls), whole: src.expectedCalls } : null,
    agenda_habit: recent.length ? { part: agendaOnTime, whole: recent.length } : null,
    follow_up_habit: followDue.length ? { part: followOnTime, whole: followDue.length } : null,
    customer_action_items: customerDue.length ? { part: customerDue.filter((i) => i.status === 'done').length, whole: customerDue.length } : null,
    licence_utilisation: bought !== null && bought > 0 && used !== null && start !== null ? { used, bought, contractStart: start, renewalDate: src.account.renewalDate } : null,
    active_users: src.activeUsers && src.activeUsers.billable > 0 ? { part: src.activeUsers.active, whole: src.activeUsers.billable } : null,
    open_critical_tickets: src.tickets === null ? null : src.tickets.filter((t) => t.priority === 'urgent' && isOpenTicket(t)).length,
    escalations: src.escalations,
    // With no contacts on file Cadence cannot tell; an empty list is not "no champion".
    active_champion: src.contacts.length ? activeContacts.some((c) => c.role === 'champion') : null,
    economic_buyer_access: src.contacts.length ? activeContacts.some((c) => c.role === 'economic_buyer') : null,
  };
}
