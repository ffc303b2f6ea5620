import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { listFindingsSince, listOpenRequests, listOpenTickets } from '../../store/agenda-context.repo.ts';
import { getAccount } from './accounts.ts';

/** An account's open support tickets and feature requests, and its product findings of the last 90 days. */
export async function accountTrackerItems(deps: Deps, actor: Actor, accountId: string) {
  const account = await getAccount(deps, actor, accountId);
  const since = new Date(deps.now().getTime() - 90 * 86_400_000).toISOString();
  const [tickets, requests, findings] = await Promise.all([listOpenTickets(deps.store.db, account.id), listOpenRequests(deps.store.db, account.id), listFindingsSince(deps.store.db, account.id, since)]);
  return { tickets, requests, findings };
}
