import { DEFAULT_SCORECARD_INPUT, defaultScorecard, parseScorecardSet, type Scorecard, type ScorecardInput } from '../../domain/health/scorecard.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { canChangeScorecards } from '../../policies/settings.policy.ts';
import type { Executor } from '../../store/database.ts';
import { getSetting, putSetting } from '../../store/settings.repo.ts';
import { recordChange } from '../record-change.ts';

export const SCORECARDS_KEY = 'health.scorecards';

/**
 * The scorecards as last parsed, with the saved document they came from (its JSON text, '' for none):
 * every rescore (each added contact) parsed them with zod again, ~2% of the CPU under the mixed
 * load (issue #16), though they change only when a manager saves them. Read-only to the callers.
 */
let lastParsed: { saved: string; result: { scorecards: Scorecard[]; isDefault: boolean } } | undefined;

/** The team's health scorecards (one per stage, or one default), the built-in default when none is saved. */
export async function loadScorecards(db: Executor): Promise<{ scorecards: Scorecard[]; isDefault: boolean }> {
  const saved = await getSetting<ScorecardInput[]>(db, SCORECARDS_KEY);
  const text = saved ? JSON.stringify(saved) : '';
  if (lastParsed?.saved !== text) lastParsed = { saved: text, result: parseSaved(saved) };
  return { ...lastParsed.result };
}

function parseSaved(saved: ScorecardInput[] | undefined): { scorecards: Scorecard[]; isDefault: boolean } {
  if (saved) {
    const parsed = parseScorecardSet(saved);
    if (parsed.ok) return { scorecards: parsed.scorecards, isDefault: false };
  }
  return { scorecards: [defaultScorecard()], isDefault: true };
}

export async function getScorecards(deps: Deps, actor: Actor): Promise<{ scorecards: Scorecard[]; isDefault: boolean; builtIn: ScorecardInput }> {
  void actor; // every signed-in user may read how health is scored
  return { ...(await loadScorecards(deps.store.db)), builtIn: DEFAULT_SCORECARD_INPUT };
}

/**
 * Replaces the scorecards (managers and admins). Weights that do not add up to 100, an unknown
 * measure or a stage scored twice are refused with the field named. Accounts are rescored by the
 * next recompute (`cadence health recompute` or the nightly job), not here: a book can be large.
 */
export async function saveScorecards(deps: Deps, actor: Actor, body: unknown): Promise<{ scorecards: Scorecard[] }> {
  authorize(canChangeScorecards(actor), 'only managers and admins change the health scorecards');
  const parsed = parseScorecardSet(body);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    const more =
      parsed.problems.length > 1
        ? ` (and ${parsed.problems.length - 1} more: ${parsed.problems
            .slice(1, 4)
            .map((p) => p.message)
            .join('; ')})`
        : '';
    throw new AppError('invalid', `${first?.message ?? 'invalid scorecards'}${more}`, { field: first?.field || undefined });
  }
  await deps.store.db.transaction().execute(async (tx) => {
    const before = await getSetting<unknown>(tx, SCORECARDS_KEY);
    await putSetting(tx, SCORECARDS_KEY, parsed.scorecards, deps.now().toISOString(), actor.id);
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'settings.scorecards',
      entityType: 'settings',
      entityId: SCORECARDS_KEY,
      before: before ?? null,
      after: parsed.scorecards,
      summary: `Health scorecards saved (${parsed.scorecards.map((c) => c.name).join(', ')})`,
    });
  });
  return { scorecards: parsed.scorecards };
}
