/**
 * The MBR's "Top 3" accounts, by the Sourcegraph criteria: top ARR spend, renewing in the current
 * fiscal quarter (CFQ), accounts with expansion opportunities.
 *
 * Selection, so that each criterion is represented when it can be:
 * 1. one slot per criterion, in the handbook's order: the highest-ARR account; then the best
 *    account renewing in the CFQ not already chosen; then the best account with an expansion
 *    opportunity not already chosen;
 * 2. slots a criterion cannot fill go to the remaining accounts that meet the most criteria
 *    ("top ARR" counting as met by the CSM's three largest accounts).
 * Tie-breaking everywhere: higher ARR, then the earlier renewal date (none last), then name,
 * then id, so the same book always gives the same three.
 * "Renewing in the CFQ" means a renewal date from the review month's first day to the quarter's
 * end: a renewal already behind us in the quarter is no longer something to steer.
 */
import type { FiscalQuarter } from '../calendar/fiscal.ts';
import type { CalendarDate } from '../model.ts';
import type { ReviewAccount } from './review-account.ts';

export const TOP_CRITERIA = ['top_arr', 'renewing_cfq', 'expansion'] as const;
export type TopCriterion = (typeof TOP_CRITERIA)[number];

export interface TopAccount {
  account: ReviewAccount;
  /** The criterion whose slot it filled, or 'fill' when chosen to fill an empty slot. */
  slot: TopCriterion | 'fill';
  /** Every criterion the account meets. */
  meets: TopCriterion[];
}

/** Higher ARR, earlier renewal (none last), name, id. */
export function compareForTop(a: ReviewAccount, b: ReviewAccount): number {
  return (b.arr ?? -1) - (a.arr ?? -1) || (a.renewalDate ?? '9999-99-99').localeCompare(b.renewalDate ?? '9999-99-99') || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** Chooses up to `count` accounts for the review (see the module comment for the rule). */
export function selectTopAccounts(accounts: readonly ReviewAccount[], quarter: FiscalQuarter, from: CalendarDate, count = 3): TopAccount[] {
  const ranked = [...accounts].sort(compareForTop);
  const largest = new Set(
    ranked
      .filter((a) => a.arr !== null && a.arr > 0)
      .slice(0, 3)
      .map((a) => a.id),
  );
  const meets = (a: ReviewAccount): TopCriterion[] => {
    const m: TopCriterion[] = [];
    if (largest.has(a.id)) m.push('top_arr');
    if (a.renewalDate !== null && a.renewalDate >= from && a.renewalDate <= quarter.end) m.push('renewing_cfq');
    if (a.expansion) m.push('expansion');
    return m;
  };
  const info = new Map(ranked.map((a) => [a.id, meets(a)]));
  const chosen: TopAccount[] = [];
  const taken = new Set<string>();
  for (const criterion of TOP_CRITERIA) {
    if (chosen.length >= count) break;
    const pick = ranked.find((a) => !taken.has(a.id) && (info.get(a.id) ?? []).includes(criterion));
    if (!pick) continue;
    taken.add(pick.id);
    chosen.push({ account: pick, slot: criterion, meets: info.get(pick.id) ?? [] });
  }
  const rest = ranked.filter((a) => !taken.has(a.id)).sort((a, b) => (info.get(b.id)?.length ?? 0) - (info.get(a.id)?.length ?? 0) || compareForTop(a, b));
  for (const a of rest) {
    if (chosen.length >= count) break;
    chosen.push({ account: a, slot: 'fill', meets: info.get(a.id) ?? [] });
  }
  return chosen;
}

export const CRITERION_LABEL: Record<TopCriterion, string> = {
  top_arr: 'top ARR',
  renewing_cfq: 'renewing this fiscal quarter',
  expansion: 'expansion opportunity',
};
