/**
 * The team dashboard's figures as pure functions over plain arrays: cadence adherence, agenda
 * lead time, follow-up within one business day, meetings with no action items ("not
 * effective"), complete engagements, customer action-item completion, accounts not touched in 30
 * days, health distribution and movement, ARR at risk. Every figure carries the ids behind it
 * (hits and misses) for drill-down, overall, per CSM and per team.
 *
 * Built for a whole organisation (20,000 accounts, 400,000 meetings): each function makes one
 * pass over its arrays plus Map look-ups; the `...Of` variants take calls already prepared by
 * `prepareHeldMeetings`, so the dashboard reads the 400,000 meetings once. Instants are compared as strings, which holds for the
 * app's own format (`Date#toISOString`, UTC); callers pass the period in the same format.
 * A meeting counts for the CSM who owns its account.
 */
import { businessCalendar, type BusinessCalendar } from '../calendar/business-calendar.ts';
import { followUpDueMs, followUpTiming } from '../meeting/follow-up-due.ts';
import { assessEngagement } from '../meeting/engagement.ts';
import { DEFAULT_AGENDA_LEAD_DAYS, agendaSendByMs } from '../cadence/my-day.ts';
import type { RequestRaised } from '../meeting/meeting.ts';
import type { Instant } from '../model.ts';
import { accountsNotTouched, arrAtRisk, countCustomerItem, customerActionItemCompletion, customerWindow, healthDistribution, notTouchedOf, touchSince, touchedBy, type ArrAtRisk, type HealthDistribution } from './team-metrics-accounts.ts';
import { DAY, NO_OWNER, Tally, instantMs, ownerIndex, type Breakdown, type MetricsAccount, type MetricsActionItem, type MetricsMeeting, type MetricsRisk, type MetricsScope } from './team-metrics-figure.ts';

// One module for callers: the account figures and the shapes live beside this file.
export { accountsNotTouched, arrAtRisk, customerActionItemCompletion, healthDistribution, type ArrAtRisk, type HealthDistribution };
export type { Breakdown, Figure, MetricsAccount, MetricsActionItem, MetricsMeeting, MetricsRisk, MetricsScope } from './team-metrics-figure.ts';

/** A customer meeting that took place in the period. */
function heldIn(m: MetricsMeeting, from: Instant, to: Instant): boolean {
  // The date test first: in a long history most meetings fall outside the period.
  return m.heldAt !== null && m.heldAt >= from && m.heldAt < to && m.state !== 'cancelled' && m.type !== 'internal_review';
}

/**
 * A call held in the period with its times parsed once and its action items counted: the meeting
 * figures all read these, so the dashboard parses and counts once for all of them.
 */
export interface HeldMeeting {
  id: string;
  accountId: string;
  owner: string | null;
  startsMs: number;
  /** null when no agenda was sent. */
  agendaMs: number | null;
  /** The last moment the agenda was on time (my-day.ts agendaSendBy). */
  agendaDueMs: number;
  /** null when no follow-up was sent. */
  followUpMs: number | null;
  /** When the follow-up is due (follow-up-due.ts). */
  followUpDueMs: number;
  /** Action items born in the call, dropped ones left out. */
  actionItems: number;
  /** Tickets and feature requests raised in the call, for engagement completeness. */
  requestsRaised: RequestRaised[];
  meeting: MetricsMeeting;
}

/** Weekends only, for callers that pass no calendar (the service passes the team's). */
const WEEKENDS = businessCalendar();

/** Each account's owner and time zone, looked up once per call. */
function accountIndex(accounts: readonly MetricsAccount[]): Map<string, MetricsAccount> {
  return new Map(accounts.map((a) => [a.id, a]));
}

function toHeld(m: MetricsMeeting, account: MetricsAccount | undefined, options: HeldOptions): HeldMeeting {
  const timezone = account?.timezone ?? 'UTC';
  const calendar = options.calendar ?? WEEKENDS;
  const startsMs = instantMs(m.startsAt);
  const leadDays = options.agendaLeadDays ?? DEFAULT_AGENDA_LEAD_DAYS;
  return {
    id: m.id,
    accountId: m.accountId,
    owner: account?.ownerId ?? null,
    startsMs,
    agendaMs: m.agendaSentAt === null ? null : instantMs(m.agendaSentAt),
    agendaDueMs: agendaSendByMs(startsMs, leadDays, timezone, calendar),
    followUpMs: m.followUpSentAt === null ? null : instantMs(m.followUpSentAt),
    followUpDueMs: followUpDueMs({ heldMs: instantMs(m.heldAt as string), followUpDueAt: m.followUpDueAt }, timezone, calendar),
    actionItems: 0,
    requestsRaised: [],
    meeting: m,
  };
}

/**
 * Action items are born in a call, so one created more than a month before the period began
 * cannot belong to a call held in it: skipping those spares most of the look-ups.
 */
const itemCutoff = (from: Instant) => new Date(Date.parse(from) - 31 * DAY).toISOString();

function countItem(i: MetricsActionItem, byId: Map<string, HeldMeeting>, cutoff: Instant): void {
  if (i.meetingId === null || i.status === 'dropped' || i.createdAt < cutoff) return;
  const h = byId.get(i.meetingId);
  if (h) h.actionItems += 1;
}

/** The customer calls held in `period`, ready for the meeting figures. */
export function prepareHeldMeetings(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], items: readonly MetricsActionItem[], period: { from: Instant; to: Instant }, options: HeldOptions = {}): HeldMeeting[] {
  const { requestsRaised = [] } = options;
  const byAccount = accountIndex(accounts);
  const held: HeldMeeting[] = [];
  const byId = new Map<string, HeldMeeting>();
  for (const m of meetings) {
    if (!heldIn(m, period.from, period.to)) continue;
    const h = toHeld(m, byAccount.get(m.accountId), options);
    held.push(h);
    byId.set(m.id, h);
  }
  const cutoff = itemCutoff(period.from);
  for (const i of items) countItem(i, byId, cutoff);
  for (const r of requestsRaised) byId.get(r.meetingId)?.requestsRaised.push(r);
  return held;
}

/**
 * The team's business calendar (weekends only when absent), how many business days ahead an
 * agenda goes out (the playbook's send_agenda setting, 2 by default), and the requests raised in calls.
 */
export interface HeldOptions {
  calendar?: BusinessCalendar;
  agendaLeadDays?: number;
  requestsRaised?: readonly RequestRaised[];
}

/**
 * Cadence adherence: calls held over calls the cadence policy expected, per account, capped at
 * the expected number (extra calls on one account do not hide a missed one elsewhere). Hits are
 * accounts on cadence, misses accounts behind it; accounts expecting no call are left out.
 */
export function cadenceAdherence(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], scope: MetricsScope): Breakdown {
  return cadenceAdherenceOf(accounts, prepareHeldMeetings(accounts, meetings, [], scope.period), scope);
}

export function cadenceAdherenceOf(accounts: readonly MetricsAccount[], held: readonly HeldMeeting[], scope: Pick<MetricsScope, 'teamOf'>): Breakdown {
  const calls = new Map<string, number>();
  for (const m of held) calls.set(m.accountId, (calls.get(m.accountId) ?? 0) + 1);
  const tally = new Tally(scope.teamOf);
  for (const a of accounts) {
    if (a.expectedCalls <= 0) continue;
    const got = Math.min(calls.get(a.id) ?? 0, a.expectedCalls);
    tally.add(a.ownerId, a.id, got >= a.expectedCalls, a.expectedCalls, got);
  }
  return tally.done();
}

export interface AgendaLeadTime {
  /** Agendas sent by their send-by time (agendaSendBy, as My day and the agenda task say): hits; later or never: misses (meeting ids). */
  onTime: Breakdown;
  /** Median lead time in hours over calls that had an agenda, overall and per CSM. */
  medianHours: number | null;
  medianHoursByCsm: Record<string, number | null>;
  /** Calls held without any agenda sent. */
  withoutAgenda: string[];
}

/** How far ahead agendas went out ("at least a few days in advance", GitLab handbook). */
export function agendaLeadTime(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], scope: MetricsScope & HeldOptions): AgendaLeadTime {
  return agendaLeadTimeOf(prepareHeldMeetings(accounts, meetings, [], scope.period, scope), scope);
}

export function agendaLeadTimeOf(held: readonly HeldMeeting[], scope: Pick<MetricsScope, 'teamOf'>): AgendaLeadTime {
  const tally = new Tally(scope.teamOf);
  const leads: number[] = [];
  const byCsm = new Map<string, number[]>();
  const withoutAgenda: string[] = [];
  for (const m of held) {
    if (m.agendaMs === null) {
      withoutAgenda.push(m.id);
      tally.add(m.owner, m.id, false);
      continue;
    }
    const lead = m.startsMs - m.agendaMs;
    tally.add(m.owner, m.id, m.agendaMs <= m.agendaDueMs);
    const hours = lead / 3_600_000;
    leads.push(hours);
    const key = m.owner ?? NO_OWNER;
    const list = byCsm.get(key);
    if (list) list.push(hours);
    else byCsm.set(key, [hours]);
  }
  const medianHoursByCsm: Record<string, number | null> = {};
  for (const [csm, list] of byCsm) medianHoursByCsm[csm] = median(list);
  return { onTime: tally.done(), medianHours: median(leads), medianHoursByCsm, withoutAgenda };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  const m = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(m * 10) / 10;
}

/**
 * Follow-ups sent within one business day of the call (follow-up-due.ts). A call whose follow-up
 * is not due yet and not sent is not counted either way; one past due without a follow-up is a
 * miss. Hits and misses are meeting ids.
 */
export function followUpWithinOneBusinessDay(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], scope: MetricsScope & { now: Date }): Breakdown {
  return followUpWithinOneBusinessDayOf(prepareHeldMeetings(accounts, meetings, [], scope.period, scope), scope);
}

export function followUpWithinOneBusinessDayOf(held: readonly HeldMeeting[], scope: Pick<MetricsScope, 'teamOf'> & { now: Date }): Breakdown {
  const nowMs = scope.now.getTime();
  const tally = new Tally(scope.teamOf);
  for (const m of held) {
    const timing = followUpTiming(m.followUpDueMs, m.followUpMs, nowMs);
    if (timing !== 'not_due') tally.add(m.owner, m.id, timing === 'on_time');
  }
  return tally.done();
}

/**
 * "If there are no action items or follow-ups from a cadence call, the call was not effective."
 * Hits are calls held in the period with no action item (the ineffective ones).
 */
export function meetingsWithoutActionItems(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], items: readonly MetricsActionItem[], scope: MetricsScope): Breakdown {
  return meetingsWithoutActionItemsOf(prepareHeldMeetings(accounts, meetings, items, scope.period), scope);
}

export function meetingsWithoutActionItemsOf(held: readonly HeldMeeting[], scope: Pick<MetricsScope, 'teamOf'>): Breakdown {
  const tally = new Tally(scope.teamOf);
  for (const m of held) tally.add(m.owner, m.id, m.actionItems === 0);
  return tally.done();
}

/**
 * Complete engagements: calls held in the period whose engagement is complete by the one rule the
 * meeting workspace shows (engagement.ts: follow-up sent, every request raised opened or
 * dismissed). Hits and misses are meeting ids.
 */
export function completeEngagements(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], scope: MetricsScope & { requestsRaised?: readonly RequestRaised[] }): Breakdown {
  return completeEngagementsOf(prepareHeldMeetings(accounts, meetings, [], scope.period, scope), scope);
}

export function completeEngagementsOf(held: readonly HeldMeeting[], scope: Pick<MetricsScope, 'teamOf'>): Breakdown {
  const tally = new Tally(scope.teamOf);
  for (const m of held) tally.add(m.owner, m.id, assessEngagement(m.meeting, [], m.requestsRaised, null).complete);
  return tally.done();
}

export interface TeamDashboard {
  cadenceAdherence: Breakdown;
  agendaLeadTime: AgendaLeadTime;
  followUpWithinOneBusinessDay: Breakdown;
  notEffective: Breakdown;
  completeEngagements: Breakdown;
  customerActionItemCompletion: Breakdown;
  notTouchedIn30Days: Breakdown;
  health: HealthDistribution;
  arrAtRisk: ArrAtRisk;
}

/**
 * Every figure of the team dashboard over one period. The meetings and the action items are each
 * read once: the calls of the period, the accounts touched in the last 30 days, the action items
 * per call and the customer items' completion all come from the same two passes.
 */
export function buildTeamDashboard(input: {
  accounts: readonly MetricsAccount[];
  meetings: readonly MetricsMeeting[];
  actionItems: readonly MetricsActionItem[];
  risks: readonly MetricsRisk[];
  requestsRaised?: readonly RequestRaised[];
  scope: MetricsScope & { now: Date; agendaLeadDays?: number };
}): TeamDashboard {
  const { accounts, scope } = input;
  const { from, to } = scope.period;
  const owners = ownerIndex(accounts);
  const byAccount = accountIndex(accounts);
  const since = touchSince(scope.now, 30);
  const held: HeldMeeting[] = [];
  const byId = new Map<string, HeldMeeting>();
  const touched = new Set<string>();
  const earliest = since < from ? since : from;
  for (const m of input.meetings) {
    if (m.heldAt === null || m.heldAt < earliest) continue;
    if (touchedBy(m, since)) touched.add(m.accountId);
    if (!heldIn(m, from, to)) continue;
    const h = toHeld(m, byAccount.get(m.accountId), scope);
    held.push(h);
    byId.set(m.id, h);
  }
  const cutoff = itemCutoff(from);
  const window = customerWindow(scope.period);
  const customerItems = new Tally(scope.teamOf);
  for (const i of input.actionItems) {
    countItem(i, byId, cutoff);
    countCustomerItem(i, window, owners, customerItems);
  }
  for (const r of input.requestsRaised ?? []) byId.get(r.meetingId)?.requestsRaised.push(r);
  return {
    cadenceAdherence: cadenceAdherenceOf(accounts, held, scope),
    agendaLeadTime: agendaLeadTimeOf(held, scope),
    followUpWithinOneBusinessDay: followUpWithinOneBusinessDayOf(held, scope),
    notEffective: meetingsWithoutActionItemsOf(held, scope),
    completeEngagements: completeEngagementsOf(held, scope),
    customerActionItemCompletion: customerItems.done(),
    notTouchedIn30Days: notTouchedOf(accounts, touched, since, scope.teamOf),
    health: healthDistribution(accounts),
    arrAtRisk: arrAtRisk(accounts, input.risks, scope),
  };
}
