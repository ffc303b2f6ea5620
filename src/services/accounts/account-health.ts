import { checkOverride, type HealthOverride, type HealthOverrideCreate, type HealthResult } from '../../domain/health/score.ts';
import { pickScorecard } from '../../domain/health/scorecard.ts';
import { healthTrend, type HealthTrend } from '../../domain/health/trend.ts';
import type { Actor, HealthColour } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { invalid, notFound } from '../../errors.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { clearHealthOverrides, insertHealthOverride, listHealthHistory, loadActiveOverrides, loadLatestResults } from '../../store/health.repo.ts';
import { withEditableAccount } from './account-access.ts';
import { getAccount } from './accounts.ts';
import { recomputeHealth, toOverride } from '../health/health.ts';
import { recordChange } from '../record-change.ts';
import { loadScorecards } from '../health/scorecards.ts';

/** One scoring of the account's history, as its page shows it. */
export interface HealthReading {
  id: string;
  at: string;
  score: number | null;
  colour: HealthColour | null;
  explanation: string | null;
}

export interface AccountHealth {
  accountId: string;
  /** The latest scoring, with every measure and group; null before the first recompute. */
  current: HealthResult | null;
  /** Why it last moved, in words. */
  explanation: string | null;
  override: HealthOverride | null;
  trend: HealthTrend<HealthReading>;
  /** Newest first. */
  history: HealthReading[];
}

/** An account's health for its page: current, history, 30-day trend and the latest explanation. */
export async function getAccountHealth(deps: Deps, actor: Actor, accountId: string): Promise<AccountHealth> {
  await getAccount(deps, actor, accountId);
  const db = deps.store.db;
  const now = deps.now();
  const [latest, rows, overrides] = [await loadLatestResults(db, [accountId]), await listHealthHistory(db, accountId), await loadActiveOverrides(db, [accountId], now.toISOString())];
  const history = rows.map((r) => ({ id: r.id, at: r.computed_at, score: r.score, colour: r.colour as HealthColour | null, explanation: r.explanation }));
  return {
    accountId,
    current: latest.get(accountId) ?? null,
    explanation: history[0]?.explanation ?? null,
    override: toOverride(overrides.get(accountId)),
    trend: healthTrend(history, now),
    history,
  };
}

/** Rescores one account now (anyone who may change the account may ask). */
export async function recomputeAccountHealth(deps: Deps, actor: Actor, accountId: string): Promise<AccountHealth & { changed: boolean }> {
  const account = await getAccount(deps, actor, accountId);
  authorize(canEditAccount(actor, account), `you may not change ${account.name}`);
  const summary = await recomputeHealth(deps, [accountId]);
  return { ...(await getAccountHealth(deps, actor, accountId)), changed: summary.changed > 0 };
}

/**
 * Overrides the account's health colour (and optionally score) with a reason until an expiry;
 * the computed score is kept beside it and takes over again when the override ends.
 */
export async function setHealthOverride(deps: Deps, actor: Actor, accountId: string, input: HealthOverrideCreate): Promise<AccountHealth> {
  await withEditableAccount(deps, actor, accountId, async (tx, account) => {
    const scorecard = pickScorecard((await loadScorecards(tx)).scorecards, account.stage);
    const problem = scorecard ? checkOverride(input, scorecard.thresholds, deps.now()) : null;
    if (problem) throw invalid(problem.message, problem.field);
    const at = deps.now().toISOString();
    await clearHealthOverrides(tx, accountId, at, actor.id);
    const row = {
      id: deps.newId(),
      account_id: accountId,
      colour: input.colour,
      score: input.score ?? null,
      reason: input.reason,
      expires_at: new Date(input.expiresAt).toISOString(),
      set_by: actor.id,
      set_at: at,
      cleared_at: null,
      cleared_by: null,
    };
    await insertHealthOverride(tx, row);
    await recordChange(tx, deps, actor, {
      accountId,
      action: 'health.overridden',
      entityType: 'health_override',
      entityId: row.id,
      before: { colour: account.healthColour, score: account.healthScore },
      after: row,
      summary: `Health overridden to ${input.colour} until ${row.expires_at.slice(0, 10)}: ${input.reason}`,
    });
  });
  await recomputeHealth(deps, [accountId]);
  return getAccountHealth(deps, actor, accountId);
}

/** Ends the override now; the computed score applies again. */
export async function clearHealthOverride(deps: Deps, actor: Actor, accountId: string): Promise<AccountHealth> {
  await withEditableAccount(deps, actor, accountId, async (tx) => {
    const at = deps.now().toISOString();
    if (!(await clearHealthOverrides(tx, accountId, at, actor.id))) throw notFound('health override in force');
    await recordChange(tx, deps, actor, {
      accountId,
      action: 'health.override_cleared',
      entityType: 'account',
      entityId: accountId,
      before: null,
      after: null,
      summary: 'Health override removed; the computed score applies again',
    });
  });
  await recomputeHealth(deps, [accountId]);
  return getAccountHealth(deps, actor, accountId);
}
