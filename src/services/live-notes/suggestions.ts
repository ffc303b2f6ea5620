/**
 * Transcript suggestions put into the live notes (issue #20, "combine after the call"): the pending
 * suggestions become a marked Markdown block at the end of the free notes, which the CSM edits or
 * deletes like any text. Accepting or rejecting each suggestion stays where it is.
 */
import * as Y from 'yjs';
import type { SuggestionKind } from '../../domain/meeting/suggestion-review.ts';
import { suggestionBlock } from '../../domain/meeting/suggestion-block.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { invalid } from '../../errors.ts';
import { insertNoteClients } from '../../store/live-notes-clients.repo.ts';
import { listSuggestionRows } from '../../store/transcripts.repo.ts';
import { getEditableMeeting } from '../meetings/meetings.ts';
import { recordChange } from '../record-change.ts';
import { TRANSCRIPT_AUTHOR } from './authorship.ts';
import { FREE_NOTES_KEY, liveNotesOf } from './documents.ts';

export interface SuggestionsInserted {
  /** Lines added; 0 when every suggestion was in the notes already or none is pending. */
  inserted: number;
  /** The free notes after the insert. */
  notes: string;
}

/**
 * Puts the meeting's pending suggestions (or the ones named) into the free notes. A suggestion
 * named that is not this meeting's, or already accepted or rejected, is a 400 naming
 * `suggestionIds`, and nothing is inserted.
 */
export async function insertSuggestionsIntoNotes(deps: Deps, actor: Actor, meetingId: string, input: { suggestionIds?: string[] | undefined }): Promise<SuggestionsInserted> {
  const { meeting } = await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const rows = await listSuggestionRows(deps.store.db, meetingId);
  const pending = rows.filter((r) => r.status === 'pending');
  let chosen = pending;
  if (input.suggestionIds) {
    const ids = new Set(input.suggestionIds);
    chosen = pending.filter((r) => ids.has(r.id));
    const missing = [...ids].filter((id) => !chosen.some((r) => r.id === id));
    if (missing.length) throw invalid(`not a pending suggestion of this meeting: ${missing.slice(0, 5).join(', ')}`, 'suggestionIds');
  }
  const live = liveNotesOf(deps);
  const doc = await live.open(meetingId);
  const block = suggestionBlock(
    doc.getText(FREE_NOTES_KEY).toString(),
    chosen.map((r) => ({ kind: r.kind as SuggestionKind, payload: JSON.parse(r.payload) as Record<string, unknown> })),
  );
  if (!block) return { inserted: 0, notes: doc.getText(FREE_NOTES_KEY).toString() };

  // The insert is made on a copy by an editor of its own, so the authorship view can say the block
  // came from the transcript; the update then goes in as any person's does (stored, passed on).
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  const notes = copy.getText(FREE_NOTES_KEY);
  notes.insert(notes.length, block.text);
  const at = deps.now().toISOString();
  await insertNoteClients(deps.store.db, meetingId, [copy.clientID], TRANSCRIPT_AUTHOR, at);
  await live.apply(meetingId, Y.encodeStateAsUpdate(copy, before), actor.id ? { userId: actor.id } : 'server');
  copy.destroy();
  await live.projectNow(meetingId);
  await recordChange(deps.store.db, deps, actor, {
    accountId: meeting.accountId,
    action: 'meeting.suggestions_in_notes',
    entityType: 'meeting',
    entityId: meetingId,
    before: null,
    after: { inserted: block.lines },
    summary: `${block.lines} transcript suggestion${block.lines === 1 ? '' : 's'} put into the notes of ${meeting.title ?? 'the call'} to review`,
  });
  return { inserted: block.lines, notes: (await live.textOf(meetingId)).notes };
}
