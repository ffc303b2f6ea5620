import { describe, expect, it } from 'vitest';
import { applyNotes, decideNotesSave, notesDocumentOf, MAX_ITEM_NOTES, type NotesDocument } from './meeting-notes.ts';
import type { Agenda } from './meeting.ts';
import { agendaItem } from './meeting.fixtures.ts';

const stored: NotesDocument = { version: 3, free: 'Intro chat', items: { 'i-1': 'Runner sizing agreed' } };

describe('decideNotesSave', () => {
  it('accepts a save made against the current version as the next version', () => {
    expect(decideNotesSave(stored, { baseVersion: 3, items: { 'i-2': 'SSO in December' } })).toEqual({
      outcome: 'accepted',
      document: { version: 4, free: 'Intro chat', items: { 'i-1': 'Runner sizing agreed', 'i-2': 'SSO in December' } },
    });
  });

  it('refuses a save made against an older version, returning what is stored now', () => {
    expect(decideNotesSave(stored, { baseVersion: 2, free: 'Someone else wrote this' })).toEqual({ outcome: 'conflict', current: stored });
  });

  it('treats a repeated save as harmless, even after it bumped the version', () => {
    const first = decideNotesSave(stored, { baseVersion: 3, free: 'Intro chat, plus more' });
    if (first.outcome !== 'accepted') throw new Error(first.outcome);
    const retry = decideNotesSave(first.document, { baseVersion: 3, free: 'Intro chat, plus more' });
    expect(retry).toEqual({ outcome: 'unchanged', document: first.document });
  });

  it('keeps the notes a save did not mention', () => {
    const result = decideNotesSave(stored, { baseVersion: 3, free: 'New free notes' });
    expect(result.outcome === 'accepted' && result.document.items).toEqual({ 'i-1': 'Runner sizing agreed' });
  });

  it('refuses notes over the length limit and names the field', () => {
    expect(decideNotesSave(stored, { baseVersion: 3, items: { 'i-1': 'x'.repeat(MAX_ITEM_NOTES + 1) } })).toEqual({ outcome: 'too_long', field: 'items.i-1' });
  });
});

describe('notes on the agenda', () => {
  const agenda: Agenda = { meetingId: 'm-2', items: [agendaItem({ id: 'i-1', notes: 'old' }), agendaItem({ id: 'i-2' })] };

  it('reads the document from the meeting and its agenda', () => {
    expect(notesDocumentOf({ notes: 'free', notesVersion: 7 }, agenda)).toEqual({ version: 7, free: 'free', items: { 'i-1': 'old' } });
  });

  it('writes item notes back and keeps notes on a dropped item in the free notes', () => {
    const { agenda: next, free } = applyNotes(agenda, { version: 8, free: 'Free', items: { 'i-1': 'new', gone: 'Do not lose me' } });
    expect(next.items.map((i) => i.notes)).toEqual(['new', '']);
    expect(free).toBe('Free\n\nNotes on a removed agenda item:\n\nDo not lose me');
  });
});
