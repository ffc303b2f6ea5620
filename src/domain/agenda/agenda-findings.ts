/**
 * Product findings worth raising on the call: what the product found for the account since the
 * last one, worst first. A critical vulnerability should drive the conversation.
 */
import type { Instant } from '../model.ts';
import type { FindingKind, ProductFinding } from '../meeting/meeting.ts';
import { isAfter } from '../calendar/meeting-dates.ts';

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;
const KIND_LABEL: Record<FindingKind, string> = { vulnerability: 'Vulnerability', error: 'Error', usage: 'Usage', other: 'Finding' };

/** How many findings are listed one by one before the rest are summed up. */
export const MAX_LISTED_FINDINGS = 10;

/**
 * Findings since `since` (all of them when null) as agenda lines, worst and newest first; past
 * the first ten, one line counts the rest so a noisy scanner cannot swamp the agenda.
 */
export function describeFindings(findings: readonly ProductFinding[], since: Instant | null): { id: string; text: string }[] {
  const fresh = findings.filter((f) => since === null || isAfter(f.foundAt, since)).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Date.parse(b.foundAt) - Date.parse(a.foundAt) || (a.id < b.id ? -1 : 1));
  const listed = fresh.slice(0, MAX_LISTED_FINDINGS).map((f) => ({
    id: f.id,
    text: `${KIND_LABEL[f.kind]} (${f.severity}): ${f.title}, found ${f.foundAt.slice(0, 10)}`,
  }));
  const rest = fresh.length - listed.length;
  if (rest > 0) listed.push({ id: 'more', text: `${rest} more findings since the last call: see the findings list` });
  return listed;
}
