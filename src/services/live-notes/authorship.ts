/**
 * The authorship view of a meeting's live notes: for the free notes and each agenda item's notes,
 * who wrote which text, and how much each person wrote. The document keeps, for every character
 * still in it, the editor (Yjs client) that typed it; the server records which person each editor
 * was (live_notes_editors), so nobody can claim another's text from the browser.
 */
import * as Y from 'yjs';
import type { Actor } from '../../domain/model.ts';
import { authorTotals, authorshipSegments, textBy, type AuthorshipSegment, type AuthorTotal, type NoteAuthor, type TextRun } from '../../domain/meeting/note-authorship.ts';
import type { Deps } from '../../deps.ts';
import { listNoteClients } from '../../store/live-notes-clients.repo.ts';
import { loadAgenda } from '../../store/meetings.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { getMeeting } from '../meetings/meetings.ts';
import { liveNotesOf } from './documents.ts';

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

/** The editor id recorded for text the server put in from a transcript (suggestions.ts). */
export const TRANSCRIPT_AUTHOR = 'transcript';
const FROM_TRANSCRIPT: NoteAuthor = { userId: null, name: 'From the transcript' };

/** The person behind each editor of the meeting's notes, named as the team knows them. */
async function authorsOf(deps: Deps, meetingId: string): Promise<(clientId: number) => NoteAuthor | undefined> {
  const clients = await listNoteClients(deps.store.db, meetingId);
  const people = new Map<string, NoteAuthor>();
  for (const userId of new Set(clients.values())) {
    if (userId === TRANSCRIPT_AUTHOR) continue;
    const user = await findUser(deps.store.db, userId);
    people.set(userId, { userId, name: user?.name ?? 'A former colleague' });
  }
  return (clientId) => {
    const userId = clients.get(clientId);
    return userId === undefined ? undefined : userId === TRANSCRIPT_AUTHOR ? FROM_TRANSCRIPT : people.get(userId);
  };
}

async function liveAuthorship(deps: Deps, meetingId: string): Promise<NotesAuthorship | null> {
  const live = liveNotesOf(deps);
  if (!(await live.has(meetingId))) return null;
  const agenda = await loadAgenda(deps.store.db, meetingId);
  return authorshipOfDoc(
    meetingId,
    await live.open(meetingId),
    agenda.items.map((i) => ({ id: i.id, text: i.text })),
    await authorsOf(deps, meetingId),
  );
}

/**
 * GET /api/meetings/:id/notes/authorship: who wrote what, for whoever may read the meeting's notes.
 * A meeting nobody took live notes in answers with no texts (`live: false`).
 */
export async function getNotesAuthorship(deps: Deps, actor: Actor, meetingId: string): Promise<NotesAuthorship & { live: boolean }> {
  await getMeeting(deps, actor, meetingId);
  const view = await liveAuthorship(deps, meetingId);
  return view ? { ...view, live: true } : { meetingId, live: false, texts: [], totals: [] };
}

/**
 * What each of these people wrote in a meeting's live notes, per agenda item and in the free notes,
 * for the shadowing debrief; null when the meeting has no live notes. The caller has checked the
 * reader may see the meeting.
 */
export async function liveNotesBy(deps: Deps, meetingId: string, userIds: readonly string[]): Promise<Map<string, { notesByItem: Record<string, string>; freeNotes: string }> | null> {
  const view = await liveAuthorship(deps, meetingId);
  if (!view) return null;
  return new Map(
    userIds.map((userId) => {
      const notesByItem: Record<string, string> = {};
      let freeNotes = '';
      for (const text of view.texts) {
        const theirs = textBy(text.segments, userId);
        if (!theirs) continue;
        if (text.itemId) notesByItem[text.itemId] = theirs;
        else freeNotes = theirs;
      }
      return [userId, { notesByItem, freeNotes }];
    }),
  );
}
