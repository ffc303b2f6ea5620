import { applyNotes, decideNotesSave, notesDocumentOf } from '../../domain/meeting/meeting-notes.ts';
import type { NotesSave } from '../../domain/meeting/meeting-input.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { conflict, invalid } from '../../errors.ts';
import { loadAgenda } from '../../store/meetings.repo.ts';
import { hasLiveDoc, readNotesColumns } from '../../store/live-notes.repo.ts';
import { getEditableMeeting } from '../meetings/meetings.ts';
import { liveNotesOf } from './documents.ts';

/** Whether the meeting's notes are a live document yet (its first socket made one). */
export async function hasLiveNotes(deps: Deps, meetingId: string): Promise<boolean> {
  return hasLiveDoc(deps.store.db, meetingId);
}

/**
 * The versioned REST save once the notes are live: the same rules as before (a stale version is
 * a 409, a repeat is harmless), then each text becomes the smallest edit of the document, so what
 * people are typing elsewhere in the notes stays. Live typing not yet written to the columns moves
 * the version on first, so a script that read before it is told to reload rather than undo it.
 */
export async function saveNotesLive(deps: Deps, actor: Actor, meetingId: string, input: NotesSave): Promise<{ version: number; notes: string; itemNotes: Record<string, string> }> {
  await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const live = liveNotesOf(deps);
  await live.projectNow(meetingId);
  const { meeting } = await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const agenda = await loadAgenda(deps.store.db, meetingId);
  const decision = decideNotesSave(notesDocumentOf(meeting, agenda), { baseVersion: input.version, free: input.notes, items: input.itemNotes });
  if (decision.outcome === 'too_long') throw invalid(`${decision.field} is too long`, decision.field === 'free' ? 'notes' : `itemNotes.${decision.field.slice('items.'.length)}`);
  if (decision.outcome === 'conflict') throw conflict(`these notes were changed elsewhere (now version ${meeting.notesVersion}); reload them and merge your text`, 'version');
  if (decision.outcome === 'accepted') {
    // Notes for an agenda item dropped meanwhile land in the free notes, as before.
    const applied = applyNotes(agenda, decision.document);
    const known = new Set(agenda.items.map((i) => i.id));
    const items = Object.fromEntries(Object.entries(input.itemNotes ?? {}).filter(([id]) => known.has(id)));
    await live.editTexts(meetingId, { notes: applied.free, items });
  }
  const columns = await readNotesColumns(deps.store.db, meetingId);
  return { version: columns?.version ?? meeting.notesVersion, notes: columns?.notes ?? '', itemNotes: Object.fromEntries((columns?.items ?? []).filter((i) => i.notes).map((i) => [i.id, i.notes])) };
}
