import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../store/database.ts';
import { findExpansion, saveExpansion } from '../../store/reviews.repo.ts';
import { withEditableAccount } from './account-access.ts';
import { getAccount } from './accounts.ts';
import { recordChange } from '../record-change.ts';

/** An expansion flag as the edge checked it; a null note clears the flag. */
export interface ExpansionFlag {
  note: string | null;
  amount?: number | null;
}

/** What is flagged on the account now; a null note means nothing is. */
export interface AccountExpansion {
  accountId: string;
  note: string | null;
  amount: number | null;
  /** When the flag was last set; absent when nothing is flagged. */
  flaggedAt?: string;
}

/**
 * The expansion opportunity flagged on an account, for anyone who may see the account (the forecast
 * counts it however long ago it was flagged). An account the actor may not see is reported as missing.
 */
export async function getAccountExpansion(deps: Deps, actor: Actor, accountId: string): Promise<AccountExpansion> {
  await getAccount(deps, actor, accountId);
  return readExpansion(deps.store.db, accountId);
}

async function readExpansion(db: Executor, accountId: string): Promise<AccountExpansion> {
  const found = await findExpansion(db, accountId);
  if (!found) throw notFound('account');
  return { accountId, note: found.note, amount: found.amount, ...(found.flaggedAt ? { flaggedAt: found.flaggedAt } : {}) };
}

/**
 * Flags an expansion opportunity on an account (one of the MBR's top-3 criteria), or clears it.
 */
export async function setAccountExpansion(deps: Deps, actor: Actor, accountId: string, input: ExpansionFlag): Promise<AccountExpansion> {
  return withEditableAccount(deps, actor, accountId, async (tx, account) => {
    const amount = input.note === null ? null : (input.amount ?? null);
    await saveExpansion(tx, accountId, input.note, amount);
    await recordChange(tx, deps, actor, {
      accountId,
      action: input.note === null ? 'account.expansion_cleared' : 'account.expansion_flagged',
      entityType: 'account',
      entityId: accountId,
      before: null,
      after: { note: input.note, amount },
      summary: input.note === null ? `Expansion flag cleared on ${account.name}` : `Expansion opportunity: ${input.note}`,
    });
    // Read back, so the answer is the one a reload gets.
    return readExpansion(tx, accountId);
  });
}
