/**
 * The five-minute summary of one account that the MBR and the QBR both present, and the health
 * review of a whole set of accounts (distribution now and movement over the period).
 */
import { formatMoney } from '../account/forecast.ts';
import { isInQuarter, type FiscalQuarter } from '../calendar/fiscal.ts';
import { HEALTH_COLOURS, type CalendarDate, type HealthColour, type Instant } from '../model.ts';
import type { RiskSeverity } from '../meeting/meeting.ts';
import { MOVEMENT_LISTS, healthMovement } from '../health/trend.ts';
import { accountArrAtRisk, riskAgeDays } from '../account/risks.ts';
import { isOverdue } from '../account/success-plan.ts';
import { derivedAsks, describeHealth, healthAt, liveRisks, type HealthPoint, type ReviewAccount, type ReviewAsk } from './review-account.ts';
import type { TopCriterion } from './top-accounts.ts';

export interface AccountSummary {
  accountId: string;
  name: string;
  arr: number | null;
  renewalDate: CalendarDate | null;
  renewsInQuarter: boolean;
  slot: TopCriterion | 'fill' | null;
  meets: TopCriterion[];
  healthNow: HealthPoint | null;
  healthBefore: HealthPoint | null;
  /** "Health 58 (yellow), was 72 (green)". */
  healthLine: string;
  explanation: string | null;
  objectives: { id: string; title: string; kind: 'outcome' | 'initiative'; status: string; progress: number; targetDate: CalendarDate | null; overdue: boolean }[];
  risks: { id: string; type: string; severity: RiskSeverity; arrAtRisk: number | null; ageDays: number; evidence: string }[];
  /** The account's ARR at risk, as the register and the dashboard add it up (live risks, capped at its ARR). */
  arrAtRisk: number;
  expansion: string | null;
  lastCallAt: Instant | null;
  nextCallAt: Instant | null;
  highlights: string[];
  asks: ReviewAsk[];
}

/** One account's summary for a review covering `period`, with `quarter` for the renewal flag. */
export function summariseAccount(
  account: ReviewAccount,
  period: { from: Instant; to: Instant },
  quarter: FiscalQuarter,
  now: Date,
  pick: { slot: TopCriterion | 'fill' | null; meets: TopCriterion[] } = { slot: null, meets: [] },
): AccountSummary {
  const today = period.to.slice(0, 10);
  const healthNow = healthAt(account.healthHistory, period.to);
  const healthBefore = healthAt(account.healthHistory, period.from);
  // "was …" only when it moved by the rule the health review counts, so the two never disagree.
  const movement = healthMovement(healthBefore, healthNow);
  const moved = movement === 'improved' || movement === 'declined';
  return {
    accountId: account.id,
    name: account.name,
    arr: account.arr,
    renewalDate: account.renewalDate,
    renewsInQuarter: account.renewalDate !== null && isInQuarter(account.renewalDate, quarter),
    slot: pick.slot,
    meets: pick.meets,
    healthNow,
    healthBefore,
    healthLine: `Health ${describeHealth(healthNow)}${moved ? `, was ${describeHealth(healthBefore)}` : ''}`,
    explanation: healthNow?.explanation ?? null,
    objectives: account.objectives.filter((o) => o.status !== 'abandoned').map((o) => ({ id: o.id, title: o.title, kind: o.kind, status: o.status, progress: o.progress, targetDate: o.targetDate, overdue: isOverdue(o, today) })),
    risks: liveRisks(account).map((r) => ({ id: r.id, type: r.type, severity: r.severity, arrAtRisk: r.arrAtRisk, ageDays: riskAgeDays(r, now), evidence: r.evidence })),
    arrAtRisk: accountArrAtRisk(account.risks, account.arr),
    expansion: account.expansion ? `${account.expansion.note}${account.expansion.amount ? ` (${formatMoney(account.expansion.amount)})` : ''}` : null,
    lastCallAt: account.lastCallAt,
    nextCallAt: account.nextCallAt,
    highlights: [...(account.highlights ?? [])],
    asks: derivedAsks(account, today),
  };
}

export type ColourKey = HealthColour | 'unscored';

export interface HealthReview {
  accounts: number;
  byColour: Record<ColourKey, { accountIds: string[]; arr: number }>;
  movement: { improved: string[]; declined: string[]; unchanged: string[]; newlyScored: string[] };
  red: { accountId: string; name: string; arr: number | null; score: number | null }[];
}

/** Health across the accounts at `period.to`, and how each moved since `period.from` (health/trend.ts). */
export function reviewHealth(accounts: readonly ReviewAccount[], period: { from: Instant; to: Instant }): HealthReview {
  const byColour = Object.fromEntries([...HEALTH_COLOURS, 'unscored'].map((c) => [c, { accountIds: [] as string[], arr: 0 }])) as HealthReview['byColour'];
  const movement: HealthReview['movement'] = { improved: [], declined: [], unchanged: [], newlyScored: [] };
  const red: HealthReview['red'] = [];
  for (const a of accounts) {
    const now = healthAt(a.healthHistory, period.to);
    const before = healthAt(a.healthHistory, period.from);
    const colour: ColourKey = now?.colour ?? 'unscored';
    byColour[colour].accountIds.push(a.id);
    byColour[colour].arr += a.arr ?? 0;
    if (colour === 'red') red.push({ accountId: a.id, name: a.name, arr: a.arr, score: now?.score ?? null });
    const moved = healthMovement(before, now);
    if (moved !== 'unscored') movement[MOVEMENT_LISTS[moved]].push(a.id);
  }
  red.sort((x, y) => (y.arr ?? 0) - (x.arr ?? 0) || x.name.localeCompare(y.name));
  return { accounts: accounts.length, byColour, movement, red };
}
