import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { textBy } from '../../domain/meeting/note-authorship.ts';
import { authorshipOfDoc, textRunsOf } from './authorship.ts';

/** Two people's editors, as two browsers hold them, kept in sync the way the server relays updates. */
function twoEditors() {
  const priya = new Y.Doc();
  const sam = new Y.Doc();
  priya.on('update', (u: Uint8Array) => Y.applyUpdate(sam, u));
  sam.on('update', (u: Uint8Array) => Y.applyUpdate(priya, u));
  const people = new Map([
    [priya.clientID, { userId: 'u-priya', name: 'Priya Patel' }],
    [sam.clientID, { userId: 'u-sam', name: 'Sam Lee' }],
  ]);
  return { priya, sam, authorOf: (client: number) => people.get(client) };
}

describe('the authorship view of live notes', () => {
  it('names who typed each part, joining one person’s bursts, and leaves out what was deleted', () => {
    const { priya, sam, authorOf } = twoEditors();
    priya.getText('notes').insert(0, 'Globex wants SSO ');
    priya.getText('notes').insert(17, 'by January. ');
    sam.getText('notes').insert(29, 'Budget approved by Dana.');
    // Sam deletes a word of Priya's: it no longer counts as anyone's.
    sam.getText('notes').delete(0, 7);
    const view = authorshipOfDoc('m1', sam, [], authorOf);
    expect(view.texts).toHaveLength(1);
    expect(view.texts[0]!.label).toBe('Call notes');
    expect(view.texts[0]!.segments).toEqual([
      { userId: 'u-priya', name: 'Priya Patel', text: 'wants SSO by January. ' },
      { userId: 'u-sam', name: 'Sam Lee', text: 'Budget approved by Dana.' },
    ]);
    expect(view.totals.map((t) => [t.name, t.characters])).toEqual([
      ['Sam Lee', 21],
      ['Priya Patel', 18],
    ]);
    expect(view.totals.reduce((n, t) => n + t.share, 0)).toBe(100);
  });

  it('keeps interleaved typing in document order, per agenda item, labelled as the editors are', () => {
    const { priya, sam, authorOf } = twoEditors();
    const item = sam.getText('item:a1');
    item.insert(0, 'Renewal: ');
    priya.getText('item:a1').insert(9, 'needs legal review');
    item.insert(item.length, ' before the 15th');
    const view = authorshipOfDoc(
      'm1',
      priya,
      [
        { id: 'a1', text: 'Renewal' },
        { id: 'a2', text: 'Roadmap' },
      ],
      authorOf,
    );
    expect(view.texts.map((t) => t.label)).toEqual(['Notes for Renewal']);
    const segments = view.texts[0]!.segments;
    expect(segments.map((s) => s.name)).toEqual(['Sam Lee', 'Priya Patel', 'Sam Lee']);
    expect(textBy(segments, 'u-sam')).toBe('Renewal:\nbefore the 15th');
    expect(textBy(segments, 'u-priya')).toBe('needs legal review');
  });

  it('names text typed by an editor nobody was recorded for "Not recorded"', () => {
    const doc = new Y.Doc();
    doc.getText('notes').insert(0, 'Saved before live notes');
    const view = authorshipOfDoc('m1', doc, [], () => undefined);
    expect(view.texts[0]!.segments).toEqual([{ userId: null, name: 'Not recorded', text: 'Saved before live notes' }]);
  });

  it('survives a snapshot: the runs of a document restored from its compacted state are the same', () => {
    const { priya, sam } = twoEditors();
    priya.getText('notes').insert(0, 'one ');
    sam.getText('notes').insert(4, 'two');
    const restored = new Y.Doc();
    Y.applyUpdate(restored, Y.encodeStateAsUpdate(sam));
    expect(textRunsOf(restored.getText('notes'))).toEqual(textRunsOf(priya.getText('notes')));
    expect(textRunsOf(restored.getText('notes')).map((r) => r.clientId)).toEqual([priya.clientID, sam.clientID]);
  });
});
