import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { findAccount } from '../../store/accounts.repo.ts';
import { findMeeting } from '../../store/meetings.repo.ts';
import { searchNotes as searchRows } from '../../store/notes-search.repo.ts';

/** Full-text search across the meeting notes the actor may see, best matches first. */
export async function searchNotes(deps: Deps, actor: Actor, query: string, limit = 20) {
  const scope = accountScopeFor(actor);
  const hits = await searchRows(deps.store.db, deps.store.dialect, query, scope.kind === 'all' ? null : { userIds: scope.userIds }, limit);
  const items = [];
  for (const hit of hits) {
    const [meeting, account] = await Promise.all([findMeeting(deps.store.db, hit.meetingId), findAccount(deps.store.db, hit.accountId)]);
    if (!meeting || !account) continue;
    items.push({ meetingId: meeting.id, title: meeting.title, startsAt: meeting.startsAt, accountId: account.id, accountName: account.name, snippet: hit.snippet });
  }
  return { items, nextCursor: null };
}
