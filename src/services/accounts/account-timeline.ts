import type { Actor, TimelineEntry } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { listTimeline } from '../../store/history.repo.ts';
import { getAccount } from './accounts.ts';

/** One page of an account's timeline, newest first, for whoever may read the account (else 404). */
export async function listAccountTimeline(deps: Deps, actor: Actor, accountId: string, query: { limit: number; cursor?: string | undefined }): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
  const account = await getAccount(deps, actor, accountId);
  // One row more than the page says whether another page follows.
  const items = await listTimeline(deps.store.db, account.id, query.limit + 1, query.cursor);
  const page = items.slice(0, query.limit);
  return { items: page, nextCursor: items.length > query.limit ? (page[page.length - 1]?.id ?? null) : null };
}
