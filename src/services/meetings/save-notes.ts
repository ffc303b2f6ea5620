import type { Agenda } from '../../domain/meeting/meeting.ts';
import { applyNotes, decideNotesSave, notesDocumentOf } from '../../domain/meeting/meeting-notes.ts';
import type { Deps } from '../../deps.ts';
import { conflict, invalid } from '../../errors.ts';
import type { Executor } from '../../store/database.ts';
import { saveAgenda, saveNotesIfCurrent, type MeetingRecord } from '../../store/meetings.repo.ts';

/** A notes save as the API takes it: the version it was written against, the free notes, notes per item. */
export interface NotesSaveInput {
  version: number;
  notes: string;
  itemNotes?: Record<string, string>;
}

export interface SavedNotes {
  version: number;
  notes: string;
  itemNotes: Record<string, string>;
  agenda: Agenda;
}

/**
 * Saves a meeting's notes in the caller's transaction, by the notes rules (meeting-notes.ts): a
 * save against an older version is refused with a 409 naming `conflictField`, a repeated save
 * changes nothing, and notes on an agenda item dropped meanwhile land in the free notes.
 */
export async function saveNotesIn(tx: Executor, deps: Pick<Deps, 'now'>, meeting: MeetingRecord, agenda: Agenda, save: NotesSaveInput, conflictField: string): Promise<SavedNotes> {
  const decision = decideNotesSave(notesDocumentOf(meeting, agenda), { baseVersion: save.version, free: save.notes, items: save.itemNotes });
  const stale = () => conflict(`these notes were changed elsewhere (now version ${meeting.notesVersion}); reload them and merge your text`, conflictField);
  if (decision.outcome === 'too_long') throw invalid(`${decision.field} is too long`, decision.field === 'free' ? 'notes' : `itemNotes.${decision.field.slice('items.'.length)}`);
  if (decision.outcome === 'conflict') throw stale();
  if (decision.outcome === 'unchanged') return { version: meeting.notesVersion, notes: meeting.notes, itemNotes: decision.document.items, agenda };
  const at = deps.now().toISOString();
  const applied = applyNotes(agenda, decision.document);
  // The version check again, in the store: another save may have landed since this one read.
  if (!(await saveNotesIfCurrent(tx, meeting.id, save.version, applied.free, at))) throw stale();
  if (save.itemNotes && Object.keys(save.itemNotes).length) await saveAgenda(tx, applied.agenda, at);
  const itemNotes = Object.fromEntries(applied.agenda.items.filter((i) => i.notes).map((i) => [i.id, i.notes]));
  return { version: decision.document.version, notes: applied.free, itemNotes, agenda: applied.agenda };
}
