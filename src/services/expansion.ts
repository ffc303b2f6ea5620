import { z } from 'zod';
import type { Actor } from '../domain/model.ts';
import type { Deps } from '../deps.ts';
import { saveExpansion } from '../store/reviews.repo.ts';
import { withEditableAccount } from './account-access.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const ExpansionSchema = z.strictObject({
  /** null clears the flag. */
  note: z.string().trim().min(1, 'say what the opportunity is').max(1000).nullable(),
  amount: z.number().min(0, 'must not be negative').max(1e12).nullable().optional(),
});

/**
 * Flags an expansion opportunity on an account (one of the MBR's top-3 criteria), or clears it.
 */
export async function setAccountExpansion(deps: Deps, actor: Actor, accountId: string, body: unknown): Promise<{ accountId: string; note: string | null; amount: number | null }> {
  const input = parseInput(ExpansionSchema, body);
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
