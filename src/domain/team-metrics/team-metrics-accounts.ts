/**
 * The dashboard figures read from accounts and action items rather than from the period's calls:
 * customer action-item completion, accounts not touched in 30 days, health distribution and
 * movement, ARR at risk. Same conventions as team-metrics.ts.
 */
import { MOVEMENT_LISTS, healthMovement } from '../health/trend.ts';
import { arrAtRiskByAccount, isLiveRisk } from '../account/risks.ts';
import type { HealthColour, Instant } from '../model.ts';
import { DAY, NO_OWNER, NO_TEAM, Tally, ownerIndex, type Breakdown, type MetricsAccount, type MetricsActionItem, type MetricsMeeting, type MetricsRisk, type MetricsScope } from './team-metrics-figure.ts';

/**
 * Customer action items completed: customer-side items due in the period (or, with no due date,
 * created in it), dropped ones left out. Hits are done items, misses still open (item ids).
 */
export function customerActionItemCompletion(accounts: readonly MetricsAccount[], items: readonly MetricsActionItem[], scope: MetricsScope): Breakdown {
  const owners = ownerIndex(accounts);
  const tally = new Tally(scope.teamOf);
  const window = customerWindow(scope.period);
  for (const i of items) countCustomerItem(i, window, owners, tally);
  return tally.done();
}

export interface CustomerWindow {
  fromDate: string;
  toDate: string;
  from: Instant;
  to: Instant;
}

export const customerWindow = (period: { from: Instant; to: Instant }): CustomerWindow => ({
  fromDate: period.from.slice(0, 10),
  toDate: period.to.slice(0, 10),
  from: period.from,
  to: period.to,
});

export function countCustomerItem(i: MetricsActionItem, w: CustomerWindow, owners: Map<string, string | null>, tally: Tally): void {
  if (i.side !== 'customer' || i.status === 'dropped') return;
  const inPeriod = i.dueDate !== null ? i.dueDate >= w.fromDate && i.dueDate < w.toDate : i.createdAt >= w.from && i.createdAt < w.to;
  if (inPeriod) tally.add(owners.get(i.accountId) ?? null, i.id, i.status === 'done');
}

/**
 * Accounts with no touch (a held call or any logged touch) in the last `days` days ("every
 * customer should be contacted at least once a month"). Hits are the untouched accounts.
 */
export function accountsNotTouched(accounts: readonly MetricsAccount[], meetings: readonly MetricsMeeting[], scope: { now: Date; days?: number; teamOf?: ReadonlyMap<string, string> }): Breakdown {
  const since = touchSince(scope.now, scope.days);
  const touched = new Set<string>();
  for (const m of meetings) if (touchedBy(m, since)) touched.add(m.accountId);
  return notTouchedOf(accounts, touched, since, scope.teamOf);
}

export const touchSince = (now: Date, days = 30) => new Date(now.getTime() - days * DAY).toISOString();
export const touchedBy = (m: MetricsMeeting, since: Instant) => m.heldAt !== null && m.heldAt >= since && m.state !== 'cancelled';

export function notTouchedOf(accounts: readonly MetricsAccount[], touched: Set<string>, since: Instant, teamOf: ReadonlyMap<string, string> | undefined): Breakdown {
  const tally = new Tally(teamOf);
  for (const a of accounts) tally.add(a.ownerId, a.id, !(touched.has(a.id) || (a.lastTouchAt !== null && a.lastTouchAt >= since)));
  return tally.done();
}

export interface HealthDistribution {
  byColour: Record<HealthColour | 'unscored', string[]>;
  byCsm: Record<string, Record<HealthColour | 'unscored', string[]>>;
  movement: { improved: string[]; declined: string[]; unchanged: string[]; newlyScored: string[] };
}

const colours = (): Record<HealthColour | 'unscored', string[]> => ({ green: [], yellow: [], red: [], unscored: [] });

/** Accounts by health colour now, overall and per CSM, and how health moved over the period (health/trend.ts). */
export function healthDistribution(accounts: readonly MetricsAccount[]): HealthDistribution {
  const out: HealthDistribution = { byColour: colours(), byCsm: {}, movement: { improved: [], declined: [], unchanged: [], newlyScored: [] } };
  for (const a of accounts) {
    const c = a.healthColour ?? 'unscored';
    out.byColour[c].push(a.id);
    (out.byCsm[a.ownerId ?? NO_OWNER] ??= colours())[c].push(a.id);
    const moved = healthMovement({ score: a.previousHealthScore ?? null, colour: a.previousHealthColour }, { score: a.healthScore ?? null, colour: a.healthColour });
    if (moved !== 'unscored') out.movement[MOVEMENT_LISTS[moved]].push(a.id);
  }
  return out;
}

export interface ArrAtRisk {
  total: number;
  byCsm: Record<string, number>;
  byTeam: Record<string, number>;
  accountIds: string[];
  riskIds: string[];
}

/** ARR at risk from live risks, each account capped at its ARR, overall, per CSM and per team. */
export function arrAtRisk(accounts: readonly MetricsAccount[], risks: readonly MetricsRisk[], scope: { teamOf?: ReadonlyMap<string, string> } = {}): ArrAtRisk {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const out: ArrAtRisk = { total: 0, byCsm: {}, byTeam: {}, accountIds: [], riskIds: risks.filter(isLiveRisk).map((r) => r.id) };
  for (const [accountId, amount] of arrAtRiskByAccount(risks, (id) => byId.get(id)?.arr)) {
    const a = byId.get(accountId);
    const csm = a?.ownerId ?? NO_OWNER;
    const team = scope.teamOf?.get(csm) ?? NO_TEAM;
    out.total += amount;
    out.byCsm[csm] = (out.byCsm[csm] ?? 0) + amount;
    out.byTeam[team] = (out.byTeam[team] ?? 0) + amount;
    out.accountIds.push(accountId);
  }
  return out;
}
