import { RISK_SEVERITIES } from '../../domain/meeting/meeting.ts';
import { RISK_TYPES, type Actor } from '../../domain/model.ts';
import { RISK_STATUSES, closeRisk, compareSeverity, summariseRiskRegister, updateRisk, type RiskClose, type RiskCreate, type RiskOutcome, type RiskRecord, type RiskRegister, type RiskUpdate } from '../../domain/account/risks.ts';
import { queueInternalUpdate } from '../internal-updates/internal-updates.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import type { Executor } from '../../store/database.ts';
import { findRisk, listRisks, saveRisk, type RiskListRow } from '../../store/risks.repo.ts';
import { withEditableAccount } from '../accounts/account-access.ts';
import { getAccount } from '../accounts/accounts.ts';
import { checkRiskOwner, raiseRiskIn, riskLabel as label } from './create-risk.ts';
import { recordChange } from '../record-change.ts';
import { recomputeHealth } from './health.ts';
import { refreshCadence } from '../team/cadence-engine.ts';

export interface RiskRegisterQuery {
  type?: (typeof RISK_TYPES)[number][];
  severity?: (typeof RISK_SEVERITIES)[number][];
  status?: (typeof RISK_STATUSES)[number][];
  /** User ids, 'me', or 'unowned'. */
  owner?: string[];
  accountId?: string;
}

export interface RiskRegisterAnswer {
  items: RiskListRow[];
  register: RiskRegister;
  nextCursor: null;
}

/**
 * The risk register over the accounts the actor may see: live risks by default (open and
 * mitigating), worst first, with the register's figures (by type, severity, owner, age) and the
 * risk ids behind each figure for drill-down.
 */
export async function listRiskRegister(deps: Deps, actor: Actor, query: RiskRegisterQuery = {}): Promise<RiskRegisterAnswer> {
  if (query.accountId) await getAccount(deps, actor, query.accountId);
  const owners = query.owner?.map((o) => (o === 'me' ? (actor.id ?? '') : o)) ?? [];
  const items = await listRisks(deps.store.db, {
    scope: accountScopeFor(actor),
    accountIds: query.accountId ? [query.accountId] : undefined,
    type: query.type,
    severity: query.severity,
    status: query.status?.length ? query.status : ['open', 'mitigating'],
    ownerIds: owners.filter((o) => o !== 'unowned'),
    unowned: owners.includes('unowned'),
  });
  items.sort((a, b) => compareSeverity(b.severity, a.severity) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const arr = new Map(items.map((r) => [r.accountId, r.accountArr]));
  return { items, register: summariseRiskRegister(items, deps.now(), arr), nextCursor: null };
}

/** One risk the actor may see (a risk on an account out of scope is reported as missing). */
export async function getRisk(deps: Deps, actor: Actor, id: string): Promise<RiskRecord> {
  const risk = await findRisk(deps.store.db, id);
  if (!risk) throw notFound('risk');
  await getAccount(deps, actor, risk.accountId).catch(() => {
    throw notFound('risk');
  });
  return risk;
}

function unwrap(outcome: RiskOutcome): RiskRecord {
  if (!outcome.ok) throw new AppError(outcome.error.field === 'status' ? 'conflict' : 'invalid', outcome.error.message, { field: outcome.error.field });
  return outcome.risk;
}

/** Raises a risk on an account; ARR at risk may not exceed the account's ARR. */
export async function raiseRisk(deps: Deps, actor: Actor, input: RiskCreate): Promise<RiskRecord> {
  const before = await cadenceOf(deps, input.accountId);
  // Raised by hand, a risk is the raiser's to work on unless they name another owner.
  const risk = await withEditableAccount(deps, actor, input.accountId, async (tx, account) => {
    const raised = await raiseRiskIn(tx, deps, actor, account, { ...input, ownerId: input.ownerId === undefined ? actor.id : input.ownerId });
    await queueInternalUpdate(tx, deps, account.id, { kind: 'risk_raised', riskLabel: label(raised) });
    return raised;
  });
  await afterRiskChange(deps, actor, risk.accountId, before);
  return risk;
}

async function cadenceOf(deps: Deps, accountId: string): Promise<string | null> {
  const { dues } = await refreshCadence(deps, deps.store.db, [accountId]);
  return dues.get(accountId)?.frequency ?? null;
}

/**
 * A risk raised, changed or closed moves health (risk-measure.ts) and the cadence (cadence.ts):
 * rescore the account, then refresh its cadence, and say on the timeline when the cadence moved.
 * The risk itself has committed; a failure here is logged and the nightly run catches up.
 */
async function afterRiskChange(deps: Deps, actor: Actor, accountId: string, cadenceBefore: string | null): Promise<void> {
  try {
    await recomputeHealth(deps, [accountId]);
    await deps.store.db.transaction().execute(async (tx) => {
      const { dues } = await refreshCadence(deps, tx, [accountId]);
      const due = dues.get(accountId);
      if (!due || cadenceBefore === null || due.frequency === cadenceBefore) return;
      await recordChange(tx, deps, actor, {
        accountId,
        action: 'cadence.changed',
        entityType: 'account',
        entityId: accountId,
        before: { frequency: cadenceBefore },
        after: { frequency: due.frequency, because: due.because },
        summary: `Cadence now ${due.frequency} (was ${cadenceBefore}): ${due.because}`,
      });
    });
  } catch (err) {
    deps.logger.error({ err, accountId }, 'health and cadence refresh after a risk change failed');
  }
}

async function changeRisk(
  deps: Deps,
  actor: Actor,
  id: string,
  apply: (before: RiskRecord, accountArr: number | null, tx: Executor) => Promise<RiskRecord>,
  describe: (before: RiskRecord, after: RiskRecord) => { action: string; summary: string },
): Promise<RiskRecord> {
  const existing = await getRisk(deps, actor, id);
  const cadenceBefore = await cadenceOf(deps, existing.accountId);
  const changed = await withEditableAccount(deps, actor, existing.accountId, async (tx, account) => {
    const before = (await findRisk(tx, id))!;
    const after = await apply(before, account.arr, tx);
    await saveRisk(tx, after);
    const { action, summary } = describe(before, after);
    await recordChange(tx, deps, actor, { accountId: account.id, action, entityType: 'risk', entityId: id, before, after, summary });
    if (action === 'risk.closed') await queueInternalUpdate(tx, deps, account.id, { kind: 'risk_closed', riskLabel: label(after), resolution: after.resolution });
    return after;
  });
  await afterRiskChange(deps, actor, changed.accountId, cadenceBefore);
  return changed;
}

/** Changes a live risk (severity, ARR at risk, owner, evidence, open ↔ mitigating) or reopens a closed one. */
export async function updateRiskById(deps: Deps, actor: Actor, id: string, patch: RiskUpdate): Promise<RiskRecord> {
  return changeRisk(
    deps,
    actor,
    id,
    async (before, arr, tx) => {
      await checkRiskOwner(tx, patch.ownerId);
      return unwrap(updateRisk(before, patch, arr, deps.now()));
    },
    (before, after) => {
      if (before.status === 'closed') return { action: 'risk.reopened', summary: `Risk reopened: ${label(after)}` };
      const moves = [
        before.severity !== after.severity ? `severity ${before.severity} → ${after.severity}` : null,
        before.status !== after.status ? `now ${after.status}` : null,
        before.arrAtRisk !== after.arrAtRisk ? `ARR at risk ${before.arrAtRisk ?? 'none'} → ${after.arrAtRisk ?? 'none'}` : null,
      ].filter(Boolean);
      return { action: 'risk.updated', summary: `Risk updated: ${label(after)}${moves.length ? ` (${moves.join(', ')})` : ''}` };
    },
  );
}

/** Closes a risk with its resolution. */
export async function closeRiskById(deps: Deps, actor: Actor, id: string, input: RiskClose): Promise<RiskRecord> {
  return changeRisk(
    deps,
    actor,
    id,
    async (before) => unwrap(closeRisk(before, input, deps.now())),
    (_before, after) => ({ action: 'risk.closed', summary: `Risk closed: ${label(after)}: ${after.resolution}` }),
  );
}
