/**
 * How bad a risk is and whether it is live: the part of the risk rules the cadence engine reads for
 * every account, apart from risks.ts and its schemas, which `cadence due` never needs (issue #16).
 */
import type { RiskSeverity } from '../meeting/meeting.ts';

const SEVERITY_RANK: Record<RiskSeverity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** Compares severities: positive when `a` is worse. */
export function compareSeverity(a: RiskSeverity, b: RiskSeverity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** A live risk is open or being mitigated: only closing it takes it off the books. */
export function isLiveRisk(r: { status: string }): boolean {
  return r.status !== 'closed';
}

/** The worst severity among the live (not closed) risks, or null when there are none. */
export function maxOpenSeverity(risks: readonly { status: string; severity: RiskSeverity }[]): RiskSeverity | null {
  let worst: RiskSeverity | null = null;
  for (const r of risks) if (isLiveRisk(r) && (worst === null || compareSeverity(r.severity, worst) > 0)) worst = r.severity;
  return worst;
}
