/**
 * Saving call notes without losing text. Every save names the version it was written against;
 * a save against the current version is accepted as the next one, a save against an older
 * version is refused (the store answers 409) so the writer can merge, and repeating a save that
 * already landed changes nothing, so a retried request is harmless.
 */
import { MAX_ITEM_NOTES } from '../agenda/agenda-edit.ts';
import type { Agenda } from './meeting.ts';

export { MAX_ITEM_NOTES };
export const MAX_FREE_NOTES = 200_000;

/** A meeting's notes: free notes plus notes per agenda item, under one version. */
export interface NotesDocument {
  version: number;
  free: string;
  /** Agenda item id → Markdown notes. */
  items: Record<string, string>;
}

/** What a client sends: only the parts it changed, and the version it started from. */
export interface NotesSave {
  baseVersion: number;
  free?: string;
  items?: Record<string, string>;
}

export type NotesSaveDecision = { outcome: 'accepted'; document: NotesDocument } | { outcome: 'unchanged'; document: NotesDocument } | { outcome: 'conflict'; current: NotesDocument } | { outcome: 'too_long'; field: string };

/** Decides a notes save against the stored document. */
export function decideNotesSave(current: NotesDocument, save: NotesSave): NotesSaveDecision {
  if (save.free !== undefined && save.free.length > MAX_FREE_NOTES) return { outcome: 'too_long', field: 'free' };
  for (const [id, text] of Object.entries(save.items ?? {})) {
    if (text.length > MAX_ITEM_NOTES) return { outcome: 'too_long', field: `items.${id}` };
  }
  const free = save.free ?? current.free;
  const items = { ...current.items, ...(save.items ?? {}) };
  const same = free === current.free && Object.entries(save.items ?? {}).every(([id, text]) => (current.items[id] ?? '') === text);
  // Checked before the version: a retry of a save that already landed carries an old version
  // but the text it carries is already there, so accepting it quietly loses nothing.
  if (same) return { outcome: 'unchanged', document: current };
  if (save.baseVersion !== current.version) return { outcome: 'conflict', current };
  return { outcome: 'accepted', document: { version: current.version + 1, free, items } };
}

/** The notes document of a meeting, from its free notes and its agenda's item notes. */
export function notesDocumentOf(meeting: { notes: string; notesVersion: number }, agenda: Agenda | null): NotesDocument {
  const items: Record<string, string> = {};
  for (const item of agenda?.items ?? []) if (item.notes) items[item.id] = item.notes;
  return { version: meeting.notesVersion, free: meeting.notes, items };
}

/**
 * How notes of an agenda item that is no longer on the agenda are kept, at the end of the free
 * notes: the same for a script's save naming a dropped item and for live notes that reach one
 * (typed offline, or an old draft recovered into it: live-notes/documents.ts).
 */
export const removedItemNotes = (text: string): string => `Notes on a removed agenda item:\n\n${text}`;

/**
 * Writes a notes document back onto the agenda. Notes for an item that has since been dropped
 * are kept at the end of the free notes rather than lost.
 */
export function applyNotes(agenda: Agenda, document: NotesDocument): { agenda: Agenda; free: string } {
  const known = new Set(agenda.items.map((i) => i.id));
  const orphans = Object.entries(document.items).filter(([id, text]) => !known.has(id) && text.trim() !== '');
  const free = orphans.length ? [document.free.trimEnd(), ...orphans.map(([, text]) => removedItemNotes(text))].filter(Boolean).join('\n\n') : document.free;
  return {
    agenda: { ...agenda, items: agenda.items.map((i) => ({ ...i, notes: document.items[i.id] ?? i.notes })) },
    free,
  };
}
