import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { saveExpansion } from '../../store/reviews.repo.ts';
import { withEditableAccount } from './account-access.ts';
import { recordChange } from '../record-change.ts';

/** An expansion flag as the edge checked it; a null note clears the flag. */
export interface ExpansionFlag {
  note: string | null;
  amount?: number | null;
}

/**
 * Flags an expansion opportunity on an account (one of the MBR's top-3 criteria), or clears it.
 */
export async function setAccountExpansion(deps: Deps, actor: Actor, accountId: string, input: ExpansionFlag): Promise<{ accountId: string; note: string | null; amount: number | null }> {
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
    return { accountId, note: input.note, amount };
  });
}
