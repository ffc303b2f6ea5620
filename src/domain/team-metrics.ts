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
import type { Instant } from './model.ts';
import {
  accountsNotTouched,
  arrAtRisk,
  countCustomerItem,
  customerActionItemCompletion,
  customerWindow,
  healthDistribution,
  notTouchedOf,
  touchSince,
  touchedBy,
  type ArrAtRisk,
  type HealthDistribution,
} from './team-metrics-accounts.ts';
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
  heldMs: number;
  /** null when no agenda was sent. */
  agendaMs: number | null;
  /** null when no follow-up was sent. */
  followUpMs: number | null;
  /** Action items born in the call, dropped ones left out. */
  actionItems: number;
}

function toHeld(m: MetricsMeeting, owner: string | null): HeldMeeting {
  return {
    id: m.id,
    accountId: m.accountId,
    owner,
    startsMs: instantMs(m.startsAt),
    heldMs: instantMs(m.heldAt as string),
    agendaMs: m.agendaSentAt === null ? null : instantMs(m.agendaSentAt),
    followUpMs: m.followUpSentAt === null ? null : instantMs(m.followUpSentAt),
    actionItems: 0,
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
export function prepareHeldMeetings(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], items: readonly MetricsActionItem[], period: { from: Instant; to: Instant }): HeldMeeting[] {
  const owners = ownerIndex(accounts);
  const held: HeldMeeting[] = [];
  const byId = new Map<string, HeldMeeting>();
  for (const m of meetings) {
    if (!heldIn(m, period.from, period.to)) continue;
    const h = toHeld(m, owners.get(m.accountId) ?? null);
    held.push(h);
    byId.set(m.id, h);
  }
  const cutoff = itemCutoff(period.from);
  for (const i of items) countItem(i, byId, cutoff);
  return held;
}

/**
 * The default follow-up deadline: the same time one business day after the call, skipping
 * Saturday and Sunday in UTC (no holidays). Pass `followUpDeadline` to use the team's calendar.
 */
export function oneBusinessDayAfter(heldAtMs: number): number {
  const next = heldAtMs + DAY;
  const weekday = (Math.floor(next / DAY) + 4) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
  return weekday === 6 ? next + 2 * DAY : weekday === 0 ? next + DAY : next;
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
  /** Agendas sent at least `leadDays` before the call: hits; later or never: misses (meeting ids). */
  onTime: Breakdown;
  /** Median lead time in hours over calls that had an agenda, overall and per CSM. */
  medianHours: number | null;
  medianHoursByCsm: Record<string, number | null>;
  /** Calls held without any agenda sent. */
  withoutAgenda: string[];
}

/** How far ahead agendas went out ("at least a few days in advance", GitLab handbook). */
export function agendaLeadTime(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], scope: MetricsScope & { leadDays?: number }): AgendaLeadTime {
  return agendaLeadTimeOf(prepareHeldMeetings(accounts, meetings, [], scope.period), scope);
}

export function agendaLeadTimeOf(held: readonly HeldMeeting[], scope: Pick<MetricsScope, 'teamOf'> & { leadDays?: number }): AgendaLeadTime {
  const need = (scope.leadDays ?? 2) * DAY;
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
    tally.add(m.owner, m.id, lead >= need);
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

type Deadline = (heldAtMs: number) => number;

/**
 * Follow-ups sent within one business day of the call. A call whose deadline has not passed yet
 * and has no follow-up is not counted either way; one past its deadline without a follow-up is a
 * miss. Hits and misses are meeting ids.
 */
export function followUpWithinOneBusinessDay(
  accounts: readonly MetricsAccount[],
  meetings: readonly MetricsMeeting[],
  scope: MetricsScope & { now: Date; followUpDeadline?: Deadline },
): Breakdown {
  return followUpWithinOneBusinessDayOf(prepareHeldMeetings(accounts, meetings, [], scope.period), scope);
}

export function followUpWithinOneBusinessDayOf(held: readonly HeldMeeting[], scope: Pick<MetricsScope, 'teamOf'> & { now: Date; followUpDeadline?: Deadline }): Breakdown {
  const deadlineOf = scope.followUpDeadline ?? oneBusinessDayAfter;
  const nowMs = scope.now.getTime();
  const tally = new Tally(scope.teamOf);
  for (const m of held) {
    const deadline = deadlineOf(m.heldMs);
    if (m.followUpMs === null) {
      if (deadline < nowMs) tally.add(m.owner, m.id, false);
      continue;
    }
    tally.add(m.owner, m.id, m.followUpMs <= deadline);
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
 * Complete engagements: calls held in the period whose whole lifecycle happened: agenda out at
 * least `leadDays` ahead, at least one action item, follow-up within one business day.
 */
export function completeEngagements(
  accounts: readonly MetricsAccount[],
  meetings: readonly MetricsMeeting[],
  items: readonly MetricsActionItem[],
  scope: MetricsScope & { leadDays?: number; followUpDeadline?: Deadline },
): Breakdown {
  return completeEngagementsOf(prepareHeldMeetings(accounts, meetings, items, scope.period), scope);
}

export function completeEngagementsOf(held: readonly HeldMeeting[], scope: Pick<MetricsScope, 'teamOf'> & { leadDays?: number; followUpDeadline?: Deadline }): Breakdown {
  const need = (scope.leadDays ?? 2) * DAY;
  const deadlineOf = scope.followUpDeadline ?? oneBusinessDayAfter;
  const tally = new Tally(scope.teamOf);
  for (const m of held) {
    const complete =
      m.agendaMs !== null && m.followUpMs !== null && m.actionItems > 0 && m.startsMs - m.agendaMs >= need && m.followUpMs <= deadlineOf(m.heldMs);
    tally.add(m.owner, m.id, complete);
  }
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
  scope: MetricsScope & { now: Date; leadDays?: number; followUpDeadline?: (heldAtMs: number) => number };
}): TeamDashboard {
  const { accounts, scope } = input;
  const { from, to } = scope.period;
  const owners = ownerIndex(accounts);
  const since = touchSince(scope.now, 30);
  const held: HeldMeeting[] = [];
  const byId = new Map<string, HeldMeeting>();
  const touched = new Set<string>();
  const earliest = since < from ? since : from;
  for (const m of input.meetings) {
    if (m.heldAt === null || m.heldAt < earliest) continue;
    if (touchedBy(m, since)) touched.add(m.accountId);
    if (!heldIn(m, from, to)) continue;
    const h = toHeld(m, owners.get(m.accountId) ?? null);
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
