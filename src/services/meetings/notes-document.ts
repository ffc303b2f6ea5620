import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { notesDocumentPaths, notesDocumentTitle, renderAccountNotes } from '../../domain/meeting/notes-document.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listAccountNames } from '../../store/accounts.repo.ts';
import { listMeetings, loadAgenda } from '../../store/meetings.repo.ts';
import { getAccount, listAccounts } from '../accounts/accounts.ts';
import { HELD_STATES } from './meetings.ts';

/** "Globex - Meeting Notes": every held call of the account, newest first, as Markdown. */
export async function accountNotesDocument(deps: Deps, actor: Actor, accountId: string, paths?: Map<string, string>): Promise<{ title: string; path: string; markdown: string }> {
  const account = await getAccount(deps, actor, accountId);
  const exportPath = (paths ?? (await exportPaths(deps))).get(account.id)!;
  const meetings = await listMeetings(deps.store.db, { accountIds: [account.id], scopeUserIds: null, states: HELD_STATES }, 1000, true);
  const entries = await Promise.all(
    meetings.map(async (meeting) => ({
      meeting,
      agenda: await loadAgenda(deps.store.db, meeting.id),
      actionItems: await listActionItems(deps.store.db, { meetingId: meeting.id }),
    })),
  );
  return { title: notesDocumentTitle(account.name), path: exportPath, markdown: renderAccountNotes(account.name, entries, account.timezone) };
}

/**
 * Decided over every account, not the ones this actor sees or the ones with calls, so an
 * account's file never moves because of who exports or because a namesake held its first call.
 */
async function exportPaths(deps: Deps): Promise<Map<string, string>> {
  return notesDocumentPaths(await listAccountNames(deps.store.db));
}

/**
 * Writes every visible account's notes document into a folder tree such as
 * `Customers/G/Globex/Globex - Meeting Notes.md`; accounts without a held call are skipped.
 */
export async function exportNotesTree(deps: Deps, actor: Actor, dir: string, onProgress?: (done: number, total: number) => void): Promise<{ files: number }> {
  const accounts = [];
  let cursor: string | undefined;
  do {
    const page = await listAccounts(deps, actor, { cursor, limit: 500, archived: 'include' });
    accounts.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const paths = await exportPaths(deps);
  // Counted by place, not by write: what is printed is what a user finds in the folder.
  const written = new Set<string>();
  for (const [i, account] of accounts.entries()) {
    const held = await listMeetings(deps.store.db, { accountIds: [account.id], scopeUserIds: null, states: HELD_STATES }, 1, true);
    if (held.length > 0) {
      const doc = await accountNotesDocument(deps, actor, account.id, paths);
      const target = path.join(dir, doc.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, doc.markdown);
      written.add(target.toLowerCase());
    }
    onProgress?.(i + 1, accounts.length);
  }
  return { files: written.size };
}
