import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { liveNotesOf } from '../../src/services/live-notes/documents.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { eventually, LiveNotesClient } from '../helpers/live-notes-client.ts';
import { nodeOn } from '../helpers/live-notes-node.ts';
import { liveNotesSuite } from '../helpers/live-notes-suite.ts';

const dialects = await availableDialects();
const HEADING = 'Notes on a removed agenda item:';
const count = (text: string, part: string) => text.split(part).length - 1;

/*
 * Notes that end up in an agenda item nobody can open any more (it was dropped, or replaced by a
 * refresh, while someone typed into it offline) would be in no editor and no export: they are
 * moved to the call notes, once, where everyone sees them.
 */
describe.each(dialects)('live notes of a removed agenda item are kept in the call notes, on %s', (dialect) => {
  const s = liveNotesSuite(dialect);
  const { join, plannedCall } = s;
  const storedNotes = async (meetingId: string): Promise<string> => (await s.server.call('GET', `/api/meetings/${meetingId}`, { token: s.csm.token })).body.notes;
  const drop = async (meetingId: string, itemId: string) => expect((await s.server.call('POST', `/api/meetings/${meetingId}/agenda/edits`, { token: s.csm.token, body: { op: 'drop', itemId } })).status).toBe(200);

  it('an item dropped during the call: its notes move to the end of the call notes, once, on every screen and in meetings.notes', async () => {
    const { meeting, item } = await plannedCall();
    const key = `item:${item.id}`;
    const a = join(s.server.url, meeting.id);
    await a.synced;
    a.type('Intro');
    a.type('Budget approved', key);
    await eventually(async () => (await storedNotes(meeting.id)) === 'Intro', 'projected');
    await drop(meeting.id, item.id);
    // The next projection (any change in the notes) sees the item gone.
    a.type(' done');
    const moved = `Intro done\n\n${HEADING}\n\nBudget approved\n`;
    await eventually(() => a.text() === moved && a.text(key) === '', 'moved on the screen');
    await eventually(async () => (await storedNotes(meeting.id)) === moved, 'moved in meetings.notes');
    // Later changes carry nothing again.
    a.type('More');
    await eventually(async () => (await storedNotes(meeting.id)).endsWith('More'), 'projected again');
    expect(count(await storedNotes(meeting.id), 'Budget approved')).toBe(1);
  });

  it('typing kept offline in an item someone dropped meanwhile reaches the call notes when the person is back', async () => {
    const { meeting, item } = await plannedCall();
    const key = `item:${item.id}`;
    const a = join(s.server.url, meeting.id);
    await a.synced;
    a.type('Budget approved', key);
    await eventually(async () => (await s.server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: s.csm.token })).body.items[0].notes === 'Budget approved', 'projected');
    // Offline: the connection is gone, the typing stays in this device's copy.
    await a.close();
    a.type('; SSO needed by March', key);
    await drop(meeting.id, item.id);
    // Back: the device's copy is merged in, as y-indexeddb and y-websocket do on reconnect.
    const back = join(s.server.url, meeting.id);
    Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(a.doc));
    await back.synced;
    await eventually(async () => (await storedNotes(meeting.id)).includes('SSO needed by March') && back.text(key) === '', 'the offline typing is in the call notes');
    const notes = await storedNotes(meeting.id);
    expect(notes.startsWith(HEADING)).toBe(true);
    expect(count(notes, 'Budget approved')).toBe(1);
    expect(count(notes, 'SSO needed by March')).toBe(1);
    expect(back.text()).toBe(notes);
  });

  it('someone still typing in the dropped item (their agenda not caught up) keeps their text under the cursor until they leave the field', async () => {
    const { meeting, item } = await plannedCall();
    const key = `item:${item.id}`;
    const sam = join(s.server.url, meeting.id);
    const ana = join(s.server.url, meeting.id);
    await Promise.all([sam.synced, ana.synced]);
    sam.awareness.setLocalStateField('editing', key);
    await drop(meeting.id, item.id);
    sam.type('Renewal risk: ', key);
    ana.type('Ana here');
    await eventually(async () => (await storedNotes(meeting.id)) === 'Ana here', 'projected');
    sam.type('legal review', key);
    ana.type('.');
    await eventually(async () => (await storedNotes(meeting.id)) === 'Ana here.', 'projected again');
    expect(sam.text(key)).toBe('Renewal risk: legal review');
    // Sam clicks into the call notes: with the next change his text goes there, in one piece.
    sam.awareness.setLocalStateField('editing', 'notes');
    ana.type(' Bye');
    await eventually(() => ana.text() === `Ana here. Bye\n\n${HEADING}\n\nRenewal risk: legal review\n` && sam.text(key) === '', 'moved once he left the field');
  });

  it('notes of items still on the agenda stay where they are', async () => {
    const { meeting, item } = await plannedCall();
    const a = join(s.server.url, meeting.id);
    await a.synced;
    a.type('Still here', `item:${item.id}`);
    a.type('Free');
    await eventually(async () => (await storedNotes(meeting.id)) === 'Free', 'projected');
    await liveNotesOf(s.server.deps).projectNow(meeting.id);
    expect(a.text(`item:${item.id}`)).toBe('Still here');
    expect(await storedNotes(meeting.id)).toBe('Free');
  });

  it.runIf(dialect === 'postgres')('two app nodes, both with the notes open: the dropped item’s notes are carried once', async () => {
    const { meeting, item } = await plannedCall();
    const key = `item:${item.id}`;
    const other = await nodeOn(s.server);
    try {
      const a = join(s.server.url, meeting.id);
      const b = new LiveNotesClient(other.url, meeting.id, { token: s.csm.token });
      await Promise.all([a.synced, b.synced]);
      await Promise.all([liveNotesOf(s.server.deps).ready, liveNotesOf(other.deps).ready]);
      a.type('Budget approved', key);
      await eventually(() => b.text(key) === 'Budget approved', 'on both nodes');
      await drop(meeting.id, item.id);
      // Both nodes project at once: the second, under the row lock, finds the first's text in the column before its change arrives.
      await Promise.all([liveNotesOf(s.server.deps).projectNow(meeting.id), liveNotesOf(other.deps).projectNow(meeting.id)]);
      a.type('a');
      b.type('b');
      await eventually(() => a.text() === b.text() && a.text(key) === '' && b.text(key) === '' && a.text().includes('Budget approved') && a.text().includes('a') && a.text().includes('b'), 'both nodes converge');
      expect(count(a.text(), 'Budget approved')).toBe(1);
      await eventually(async () => (await storedNotes(meeting.id)) === a.text(), 'meetings.notes too');
      await b.close();
    } finally {
      await other.close();
    }
  });
});
