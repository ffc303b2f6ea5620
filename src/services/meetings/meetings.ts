import { type NotesSave } from '../../domain/meeting/meeting-input.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Executor } from '../../store/database.ts';
import { findMeeting, listMeetings as listMeetingRows, loadAgenda, type MeetingRecord } from '../../store/meetings.repo.ts';
import { indexMeeting } from '../../store/notes-search.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { saveNotesIn } from './save-notes.ts';
import { hasLiveNotes, saveNotesLive } from '../live-notes/rest-save.ts';

export const HELD_STATES = ['held', 'followed_up', 'complete'];

/** A meeting the actor may see (through its account), with that account. */
export async function getMeeting(deps: Deps, actor: Actor, id: string, db: Executor = deps.store.db): Promise<{ meeting: MeetingRecord; account: Account }> {
  const meeting = await findMeeting(db, id);
  if (!meeting) throw notFound('meeting');
  try {
    return { meeting, account: await getAccount(deps, actor, meeting.accountId, db) };
  } catch {
    throw notFound('meeting');
  }
}

/** The same, for a change: 403 when the actor may see but not change the account. */
export async function getEditableMeeting(deps: Deps, actor: Actor, id: string, db: Executor): Promise<{ meeting: MeetingRecord; account: Account }> {
  const found = await getMeeting(deps, actor, id, db);
  authorize(canEditAccount(actor, found.account), `you may not change meetings of ${found.account.name}`);
  return found;
}

export async function listMeetings(deps: Deps, actor: Actor, query: { accountId?: string; from?: string; to?: string; state?: string[]; limit?: number }) {
  if (query.accountId) await getAccount(deps, actor, query.accountId);
  const scope = accountScopeFor(actor);
  const items = await listMeetingRows(
    deps.store.db,
    {
      accountIds: query.accountId ? [query.accountId] : undefined,
      scopeUserIds: scope.kind === 'all' ? null : scope.userIds,
      from: query.from,
      to: query.to,
      states: query.state,
    },
    query.limit ?? 100,
  );
  return { items, nextCursor: null };
}

// Moving or renaming a call (and the updates attendees get) is move-meeting.ts.

/**
 * Saves the notes document (free notes and per-item notes) if nobody saved since `version`;
 * a stale save is refused with a 409 and the current text, never applied over newer notes.
 * Repeating the same save is harmless: it answers with the version it made.
 */
export async function saveNotes(deps: Deps, actor: Actor, meetingId: string, input: NotesSave): Promise<{ version: number; notes: string; itemNotes: Record<string, string> }> {
  // Live notes (issue #20): once a meeting's notes are a shared document, the save merges into it.
  if (await hasLiveNotes(deps, meetingId)) return saveNotesLive(deps, actor, meetingId, input);
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting } = await getEditableMeeting(deps, actor, meetingId, tx);
    const saved = await saveNotesIn(tx, deps, meeting, await loadAgenda(tx, meetingId), input, 'version');
    await indexMeeting(tx, deps.store.dialect, meetingId);
    return { version: saved.version, notes: saved.notes, itemNotes: saved.itemNotes };
  });
}
