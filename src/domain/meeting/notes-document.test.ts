import { describe, expect, it } from 'vitest';
import { letterFolder, notesDocumentPath, renderAccountNotes, safePathSegment, type NotesDocumentEntry } from './notes-document.ts';
import { actionItem, agendaItem, meeting } from './meeting.fixtures.ts';

function entry(id: string, startsAt: string, over: Partial<NotesDocumentEntry['meeting']> = {}, extra: Partial<NotesDocumentEntry> = {}): NotesDocumentEntry {
  return {
    meeting: { ...meeting({ id, startsAt, state: 'complete', heldAt: startsAt }), ...over },
    agenda: null,
    actionItems: [],
    ...extra,
  };
}

describe('the account notes document', () => {
  it('is titled "<Customer> - Meeting Notes" and lists held calls newest first', () => {
    const doc = renderAccountNotes('Globex', [
      entry('m-1', '2026-10-27T15:00:00.000Z'),
      entry('m-3', '2026-11-24T15:00:00.000Z'),
      entry('m-2', '2026-11-10T15:00:00.000Z'),
      entry('m-x', '2026-12-08T15:00:00.000Z', { state: 'planned', heldAt: null }),
      entry('m-c', '2026-11-17T15:00:00.000Z', { state: 'cancelled' }),
    ]);
    expect(doc.startsWith('# Globex - Meeting Notes\n')).toBe(true);
    expect(doc.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## 2026-11-24: Acme / Globex CSM Call', '## 2026-11-10: Acme / Globex CSM Call', '## 2026-10-27: Acme / Globex CSM Call']);
  });

  it('records attendees, recording, sentiment, the agenda with what was discussed and its notes, and action items', () => {
    const doc = renderAccountNotes('Globex', [
      entry(
        'm-2',
        '2026-11-24T15:00:00.000Z',
        { recordingUrl: 'https://gong.test/rec/1', csmSentiment: 'green', productSentiment: 'yellow', notes: '# Big news\nThey hired 40 engineers' },
        {
          agenda: {
            meetingId: 'm-2',
            items: [agendaItem({ id: 'i-1', section: 'follow_ups', text: 'Send the SSO metadata', discussed: true, notes: 'Sent on Monday\n## Detail' }), agendaItem({ id: 'i-2', section: 'customer_topics', text: 'Budget for next year' })],
          },
          actionItems: [actionItem({ meetingId: 'm-2', text: 'Book the SSO session' }), actionItem({ id: 'ai-2', status: 'done', side: 'vendor', text: 'Share the guide', dueDate: null })],
        },
      ),
    ]);
    expect(doc).toContain('**Attendees:** Alice Archer; Hank Scorpio');
    expect(doc).toContain('**Recording:** https://gong.test/rec/1');
    expect(doc).toContain('**Sentiment:** CSM green, product yellow');
    expect(doc).toContain('#### Follow-ups on previous items\n\n- [x] Send the SSO metadata\n    Sent on Monday\n    ###### Detail');
    expect(doc).toContain('- [ ] Budget for next year');
    expect(doc).toContain('### Notes\n\n##### Big news\nThey hired 40 engineers');
    expect(doc).toContain('- [ ] Book the SSO session (Hank Scorpio, customer, due 2026-11-30)');
    expect(doc).toContain('- [x] Share the guide (Hank Scorpio, us)');
  });

  it('says plainly when a call produced no action items', () => {
    expect(renderAccountNotes('Globex', [entry('m-1', '2026-11-24T15:00:00.000Z')])).toContain('_None: this call was not effective._');
  });
});

describe('notesDocumentPath', () => {
  it('files notes under the first letter of the customer, as the handbook does in Drive', () => {
    expect(notesDocumentPath('Globex')).toBe('Customers/G/Globex/Globex - Meeting Notes.md');
    expect(notesDocumentPath('acme corp')).toBe('Customers/A/acme corp/acme corp - Meeting Notes.md');
  });

  it('files accented names under the plain letter and names without a letter under #', () => {
    expect(letterFolder('Électricité de Lyon')).toBe('E');
    expect(notesDocumentPath('3M')).toBe('Customers/#/3M/3M - Meeting Notes.md');
  });

  it('cannot be made to climb out of the folder or use characters a file system refuses', () => {
    const path = notesDocumentPath('../../etc/passwd');
    expect(path).toBe('Customers/E/etc-passwd/etc-passwd - Meeting Notes.md');
    expect(path.split('/').some((segment) => segment === '..' || segment === '.')).toBe(false);
    expect(safePathSegment('A/B\\C:D*E?F"G<H>I|J')).toBe('A-B-C-D-E-F-G-H-I-J');
    expect(safePathSegment('...')).toBe('Unnamed');
    expect(safePathSegment('CON')).toBe('CON_');
  });
});
