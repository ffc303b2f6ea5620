import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { findSalesContext, upsertSalesContext, type SalesContext } from '../../store/handoffs.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { recordChange } from '../record-change.ts';

/** What sales learnt before the customer signed (post-sales handoff): why they bought, the use cases, the stakeholders. */
export interface SalesContextInput {
  purchaseReasons?: string | undefined;
  useCases?: string | undefined;
  stakeholders?: string | undefined;
}

/** The sales context as the API answers it. */
export type SalesContextView = SalesContext;

const EMPTY = { purchaseReasons: '', useCases: '', stakeholders: '', updatedBy: null, updatedAt: null };

/** The account's sales context; empty fields until someone records it. */
export async function getSalesContext(deps: Deps, actor: Actor, accountId: string): Promise<SalesContext> {
  await getAccount(deps, actor, accountId);
  return (await findSalesContext(deps.store.db, accountId)) ?? { accountId, ...EMPTY };
}

/** Records (or changes) the sales context; fields left out keep their value. */
export async function saveSalesContext(deps: Deps, actor: Actor, accountId: string, input: SalesContextInput): Promise<SalesContext> {
  return deps.store.db.transaction().execute(async (tx) => {
    const account = await getAccount(deps, actor, accountId, tx);
    authorize(canEditAccount(actor, account), 'you may not edit this account');
    const before = (await findSalesContext(tx, accountId)) ?? { accountId, ...EMPTY };
    const at = deps.now().toISOString();
    const after: SalesContext = {
      accountId,
      purchaseReasons: input.purchaseReasons ?? before.purchaseReasons,
      useCases: input.useCases ?? before.useCases,
      stakeholders: input.stakeholders ?? before.stakeholders,
      updatedBy: actor.id,
      updatedAt: at,
    };
    await upsertSalesContext(tx, { ...after, updatedAt: at });
    await recordChange(tx, deps, actor, { accountId, action: 'account.sales_context_saved', entityType: 'account', entityId: accountId, before, after, summary: 'Sales context recorded (purchase reasons, use cases, stakeholders)' });
    return after;
  });
}
