import { describe, expect, it } from 'vitest';
import { letterFolder, notesDocumentPath, notesDocumentPaths, renderAccountNotes, safePathSegment, type NotesDocumentEntry } from './notes-document.ts';
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

describe('notesDocumentPaths', () => {
  const at = (minute: number) => `2026-11-20T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const acme = { id: '019a0000-0000-7000-8000-00000000a001', name: 'Acme', createdAt: at(1) };
  const shouting = { id: '019a0000-0000-7000-8000-00000000b002', name: 'ACME', createdAt: at(2) };
  const dotted = { id: '019a0000-0000-7000-8000-00000000c003', name: 'Acme.', createdAt: at(3) };
  const lower = { id: '019a0000-0000-7000-8000-00000000d004', name: 'acme', createdAt: at(4) };
  const globex = { id: '019a0000-0000-7000-8000-00000000e005', name: 'Globex', createdAt: at(0) };

  it('keeps the plain name for the oldest account and tags each namesake with the end of its id', () => {
    const paths = notesDocumentPaths([lower, dotted, shouting, acme, globex]);
    expect(Object.fromEntries(paths)).toEqual({
      [acme.id]: 'Customers/A/Acme/Acme - Meeting Notes.md',
      [shouting.id]: 'Customers/A/ACME (0000b002)/ACME (0000b002) - Meeting Notes.md',
      [dotted.id]: 'Customers/A/Acme (0000c003)/Acme (0000c003) - Meeting Notes.md',
      [lower.id]: 'Customers/A/acme (0000d004)/acme (0000d004) - Meeting Notes.md',
      [globex.id]: 'Customers/G/Globex/Globex - Meeting Notes.md',
    });
  });

  it('gives no two accounts places a case-insensitive file system would treat as one', () => {
    const names = ['Acme', 'ACME', 'acme', 'Acme.', 'Acme/', ' Acme ', 'ÉCOLE', 'école', 'École'];
    const accounts = names.map((name, i) => ({ id: `019a0000-0000-7000-8000-0000000000${String(i).padStart(2, '0')}`, name, createdAt: at(i) }));
    const places = [...notesDocumentPaths(accounts).values()].map((p) => p.toLowerCase());
    expect(new Set(places).size).toBe(names.length);
  });

  it('does not move an older account when a namesake is added, whatever order the accounts come in', () => {
    const before = notesDocumentPaths([acme, globex]);
    const after = notesDocumentPaths([shouting, globex, acme]);
    expect(after.get(acme.id)).toBe(before.get(acme.id));
    expect(after.get(globex.id)).toBe(before.get(globex.id));
    expect(notesDocumentPaths([acme, shouting])).toEqual(notesDocumentPaths([shouting, acme]));
  });

  it('uses the whole id when the short tag is taken too, and keeps a long name within the length limit', () => {
    const twin = { id: '019a1111-0000-7000-8000-00000000b002', name: 'acme', createdAt: at(5) };
    const paths = notesDocumentPaths([acme, shouting, twin]);
    expect(paths.get(twin.id)).toBe('Customers/A/acme (019a111100007000800000000000b002)/acme (019a111100007000800000000000b002) - Meeting Notes.md');
    const long = 'L'.repeat(150);
    const [, , folder] = notesDocumentPath(long, '0000b002').split('/');
    expect(folder).toHaveLength(100);
    expect(folder?.endsWith(' (0000b002)')).toBe(true);
  });
});
