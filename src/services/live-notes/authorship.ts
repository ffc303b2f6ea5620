/**
 * The authorship view of a meeting's live notes: for the free notes and each agenda item's notes,
 * who wrote which text, and how much each person wrote. The document keeps, for every character
 * still in it, the editor (Yjs client) that typed it; the server records which person each editor
 * was (live_notes_editors), so nobody can claim another's text from the browser.
 */
import * as Y from 'yjs';
import { authorTotals, authorshipSegments, type AuthorshipSegment, type AuthorTotal, type NoteAuthor, type TextRun } from '../../domain/meeting/note-authorship.ts';

/** The runs of characters still in a text, in document order, each with the editor that typed it. */
export function textRunsOf(text: Y.Text): TextRun[] {
  const runs: TextRun[] = [];
  // Yjs keeps a text as a linked list of items; deleted ones stay as tombstones and are skipped.
  for (let item = text._start; item; item = item.right) {
    if (item.deleted || !item.countable || !(item.content instanceof Y.ContentString)) continue;
    runs.push({ clientId: item.id.client, text: item.content.str });
  }
  return runs;
}

/** One text of the notes as the authorship view shows it. */
export interface TextAuthorship {
  /** 'notes' for the free notes, 'item:<id>' for an agenda item's. */
  key: string;
  itemId: string | null;
  /** As the editor is named: "Call notes", "Notes for <item>". */
  label: string;
  segments: AuthorshipSegment[];
  totals: AuthorTotal[];
}

export interface NotesAuthorship {
  meetingId: string;
  texts: TextAuthorship[];
  /** Everyone's share of all the notes together. */
  totals: AuthorTotal[];
}

/** The authorship of the free notes and of each agenda item's notes (items with no text left out). */
export function authorshipOfDoc(meetingId: string, doc: Y.Doc, items: readonly { id: string; text: string }[], authorOf: (clientId: number) => NoteAuthor | undefined): NotesAuthorship {
  const texts: TextAuthorship[] = [];
  const add = (key: string, itemId: string | null, label: string) => {
    const segments = authorshipSegments(textRunsOf(doc.getText(key)), authorOf);
    if (segments.length) texts.push({ key, itemId, label, segments, totals: authorTotals(segments) });
  };
  add('notes', null, 'Call notes');
  for (const item of items) add(`item:${item.id}`, item.id, `Notes for ${item.text}`);
  return { meetingId, texts, totals: authorTotals(texts.flatMap((t) => t.segments)) };
}
