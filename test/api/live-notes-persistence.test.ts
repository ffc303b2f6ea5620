import { describe, expect, it } from 'vitest';
import { liveNotesOf } from '../../src/services/live-notes/documents.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { eventually, LiveNotesClient } from '../helpers/live-notes-client.ts';
import { nodeOn } from '../helpers/live-notes-node.ts';
import { liveNotesSuite } from '../helpers/live-notes-suite.ts';

const dialects = await availableDialects();

describe.each(dialects)('live notes are kept, and projected, on %s', (dialect) => {
  const s = liveNotesSuite(dialect);
  const { join, plannedCall } = s;
  const storedNotes = async (meetingId: string) => (await s.server.call('GET', `/api/meetings/${meetingId}`, { token: s.csm.token })).body;
  const itemNotes = async (meetingId: string, itemId: string) => (await s.server.call('GET', `/api/meetings/${meetingId}/agenda`, { token: s.csm.token })).body.items.find((i: { id: string }) => i.id === itemId).notes;

  it('notes saved before the call are in the live document; what is typed reaches meetings.notes, the agenda item and search', async () => {
    const { meeting, item } = await plannedCall();
    expect((await s.server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: s.csm.token, body: { version: 0, notes: 'Prep: ask about runners' } })).status).toBe(200);
    const a = join(s.server.url, meeting.id);
    await a.synced;
    expect(a.text()).toBe('Prep: ask about runners');
    a.type('\nThey want Zebrafinch pricing');
    a.type('Budget approved', `item:${item.id}`);
    await eventually(async () => (await storedNotes(meeting.id)).notes === 'Prep: ask about runners\nThey want Zebrafinch pricing', 'meetings.notes follows');
    await eventually(async () => (await itemNotes(meeting.id, item.id)) === 'Budget approved', 'the item notes follow');
    const found = await s.server.call('GET', '/api/notes/search?q=Zebrafinch', { token: s.csm.token });
    expect(JSON.stringify(found.body)).toContain(meeting.id);
  });

  it('a script’s versioned save merges with live typing; a save against an old version is refused and changes nothing', async () => {
    const { meeting, item } = await plannedCall();
    const a = join(s.server.url, meeting.id);
    await a.synced;
    a.type('Live line one');
    await eventually(async () => (await storedNotes(meeting.id)).notes === 'Live line one', 'projected');
    const { notesVersion } = await storedNotes(meeting.id);
    const saved = await s.server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: s.csm.token, body: { version: notesVersion, notes: 'Live line one\nFrom the script', itemNotes: { [item.id]: 'Scripted item note' } } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: notesVersion + 1, notes: 'Live line one\nFrom the script' });
    await eventually(() => a.text() === 'Live line one\nFrom the script' && a.text(`item:${item.id}`) === 'Scripted item note', 'the live screen shows the script’s save');
    a.type('\nTyped after');
    await eventually(async () => (await storedNotes(meeting.id)).notes === 'Live line one\nFrom the script\nTyped after', 'both kept');
    const stale = await s.server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: s.csm.token, body: { version: notesVersion, notes: 'Old tab text' } });
    expect(stale.status).toBe(409);
    expect(a.text()).toBe('Live line one\nFrom the script\nTyped after');
  });

  it('the notes are back after a restart, compacted into one snapshot once everyone left', async () => {
    const { meeting, item } = await plannedCall();
    const first = await nodeOn(s.server);
    const a = new LiveNotesClient(first.url, meeting.id, { token: s.csm.token });
    await a.synced;
    for (let i = 0; i < 50; i++) a.type(`k${i} `, `item:${item.id}`);
    const typed = a.text(`item:${item.id}`);
    await eventually(async () => (await liveNotesOf(first.deps).storedBytes(meeting.id)).updateCount >= 2, 'stored');
    await a.close();
    await first.close();
    const stored = await liveNotesOf(s.server.deps).storedBytes(meeting.id);
    expect(stored.updateCount).toBe(0);
    expect(stored.snapshot).toBeGreaterThan(typed.length);
    const second = await nodeOn(s.server);
    try {
      const b = new LiveNotesClient(second.url, meeting.id, { token: s.csm.token });
      await b.synced;
      expect(b.text(`item:${item.id}`)).toBe(typed);
      await b.close();
    } finally {
      await second.close();
    }
    expect(await itemNotes(meeting.id, item.id)).toBe(typed);
  });

  it('notes written at wrap-up, outside the document, are merged in, not undone', async () => {
    const { meeting } = await plannedCall();
    const a = join(s.server.url, meeting.id);
    await a.synced;
    a.type('During the call');
    await eventually(async () => (await storedNotes(meeting.id)).notes === 'During the call', 'projected');
    await a.close();
    await eventually(async () => (await liveNotesOf(s.server.deps).storedBytes(meeting.id)).updateCount === 0, 'closed and compacted');
    s.server.deps.setNow('2026-12-03T15:40:00Z');
    const { notesVersion } = await storedNotes(meeting.id);
    const wrapped = await s.server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: s.csm.token, body: { notes: { version: notesVersion, notes: 'During the call\nWrap-up summary' } } });
    expect(wrapped.status).toBe(200);
    const b = join(s.server.url, meeting.id);
    await b.synced;
    await eventually(() => b.text() === 'During the call\nWrap-up summary', 'the wrap-up text is in the document');
    s.server.deps.setNow('2026-11-20T10:00:00.000Z');
  });

  it.runIf(dialect === 'postgres')('two app nodes on one database: people on different nodes see each other’s typing and presence', async () => {
    const { meeting, item } = await plannedCall();
    const other = await nodeOn(s.server);
    try {
      const a = join(s.server.url, meeting.id);
      const b = new LiveNotesClient(other.url, meeting.id, { token: s.csm.token });
      await Promise.all([a.synced, b.synced]);
      await Promise.all([liveNotesOf(s.server.deps).ready, liveNotesOf(other.deps).ready]);
      const key = `item:${item.id}`;
      for (let i = 0; i < 15; i++) {
        a.type(`a${i} `, key);
        b.type(`b${i} `, key);
      }
      await eventually(() => a.text(key) === b.text(key) && a.text(key).split(' ').length === 31, 'both nodes converge');
      b.awareness.setLocalState({ cursor: { anchor: 1 } });
      await eventually(() => a.users().some((u) => u.clientId === b.doc.clientID && u.user?.id === s.csm.user.id), 'presence crosses nodes');
      await b.close();
    } finally {
      await other.close();
    }
  });
});
