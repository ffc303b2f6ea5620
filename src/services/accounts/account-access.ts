import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Executor } from '../../store/database.ts';
import { getAccount } from './accounts.ts';

/**
 * Runs a write on an account in one transaction, after checking the actor may see (else 404)
 * and edit it (else 403). Every use case that changes something of an account starts here.
 */
export async function withEditableAccount<T>(deps: Deps, actor: Actor, accountId: string, write: (tx: Executor, account: Account) => Promise<T>): Promise<T> {
  return deps.store.db.transaction().execute(async (tx) => {
    const account = await getAccount(deps, actor, accountId, tx);
    authorize(canEditAccount(actor, account), `you may not change ${account.name}`);
    return write(tx, account);
  });
}
