/**
 * What the review packs (MBR, QBR, CBR) read about one account, and the small questions every
 * pack asks of it: its health at a moment, its live risks, what the team needs help with.
 */
import type { CalendarDate, HealthColour, Instant, Segment } from '../model.ts';
import { compareSeverity, isLiveRisk, type RiskRecord } from '../account/risks.ts';
import { isOverdue, type Objective } from '../account/success-plan.ts';
import { formatMoney } from '../account/forecast.ts';
import { formatHealthScore } from '../health/score.ts';

export interface HealthPoint {
  at: Instant;
  score: number | null;
  colour: HealthColour | null;
  /** The scorer's explanation of what moved (health/explain.ts), when kept with the history. */
  explanation?: string | null;
}

export interface ReviewAccount {
  id: string;
  name: string;
  segment: Segment;
  arr: number | null;
  renewalDate: CalendarDate | null;
  /** The owner CSM. */
  ownerId: string | null;
  /** The account executive on the account team. */
  aeId: string | null;
  /** In any order. */
  healthHistory: readonly HealthPoint[];
  /** An expansion opportunity flagged by the account team. */
  expansion: { note: string; amount?: number | null } | null;
  risks: readonly RiskRecord[];
  objectives: readonly Objective[];
  lastCallAt: Instant | null;
  nextCallAt: Instant | null;
  /** Recent news in a line each (internal: wins, changes, context). */
  highlights?: readonly string[];
}

/** An ask for the business: "help to remove blockers and expedite the success plan". */
export interface ReviewAsk {
  text: string;
  accountId: string | null;
  /** 'csm' when typed by a person, 'cadence' when drawn from a risk or a stalled objective. */
  source: 'csm' | 'cadence';
}

/** The latest health reading at or before `at` (an ISO instant or a calendar date, read as its end). */
export function healthAt(history: readonly HealthPoint[], at: Instant | CalendarDate): HealthPoint | null {
  const limit = at.length === 10 ? `${at}T23:59:59.999Z` : at;
  let best: HealthPoint | null = null;
  for (const h of history) if (h.at <= limit && (best === null || h.at > best.at)) best = h;
  return best;
}

/** Live (open or mitigating) risks, worst first. */
export function liveRisks(account: Pick<ReviewAccount, 'risks'>): RiskRecord[] {
  return account.risks.filter(isLiveRisk).sort((a, b) => compareSeverity(b.severity, a.severity) || a.createdAt.localeCompare(b.createdAt));
}

/** Asks drawn from the account: high and critical risks to mitigate, objectives at risk or overdue to unblock. */
export function derivedAsks(account: ReviewAccount, today: CalendarDate): ReviewAsk[] {
  const asks: ReviewAsk[] = [];
  for (const r of liveRisks(account)) {
    if (compareSeverity(r.severity, 'high') < 0) continue;
    const amount = r.arrAtRisk ? ` (${formatMoney(r.arrAtRisk)} at risk)` : '';
    asks.push({ text: `Help mitigate the ${r.severity} ${r.type.replace(/_/g, ' ')} risk at ${account.name}${amount}`, accountId: account.id, source: 'cadence' });
  }
  for (const o of account.objectives) {
    if (o.status === 'at_risk' || isOverdue(o, today)) {
      const why = o.status === 'at_risk' ? 'at risk' : `overdue since ${o.targetDate}`;
      asks.push({ text: `Unblock "${o.title}" at ${account.name} (${why})`, accountId: account.id, source: 'cadence' });
    }
  }
  return asks;
}

/** Typed asks first (in their order), then derived ones; the same sentence only once. */
export function mergeAsks(typed: readonly ReviewAsk[], derived: readonly ReviewAsk[]): ReviewAsk[] {
  const seen = new Set<string>();
  const out: ReviewAsk[] = [];
  for (const a of [...typed, ...derived]) {
    const key = a.text.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/** "72 (green)" or "not scored". */
export function describeHealth(p: HealthPoint | null): string {
  return p && p.score !== null ? `${formatHealthScore(p.score)} (${p.colour})` : p?.colour ? `${p.colour}` : 'not scored';
}
