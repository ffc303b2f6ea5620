import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { connectEditor, describeTexts, type ProviderEditor } from '../helpers/live-notes-provider.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { until } from '../helpers/two-nodes.ts';

/**
 * Combining the live notes after the call (issue #20 item 5): who wrote what (the authorship view),
 * the transcript's suggestions put into the notes as a block to review, and the shadowing debrief
 * taking each person's part of the live notes. Real editors (y-websocket's provider) on the server.
 */
const dialects = await availableDialects();
const CALL = readFileSync('test/fixtures/globex-call.txt', 'utf8');
const HEADING = '> Suggested from the transcript — review:';

describe.each(dialects)('combining live notes after the call on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let colleague: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;
  let stranger: Awaited<ReturnType<TestServer['userWithToken']>>;
  const editors: ProviderEditor[] = [];
  const join = async (meetingId: string, token: string, name: string) => {
    const editor = connectEditor(server.url, meetingId, token, { name });
    editors.push(editor);
    await editor.synced();
    return editor;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
    colleague = await server.userWithToken('csm', { managerId: manager.user.id });
    viewer = await server.userWithToken('viewer');
    stranger = await server.userWithToken('csm');
  });
  afterAll(async () => {
    for (const e of editors) e.destroy();
    await server.close();
  });

  async function call() {
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, team: [{ userId: colleague.user.id, role: 'shadow' }] });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-24T15:00:00Z', attendeeUserIds: [csm.user.id, colleague.user.id] } })).body;
    const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body.items as { id: string; text: string }[];
    return { meeting, item: agenda[0]! };
  }
  const authorship = (meetingId: string, token = csm.token) => server.call('GET', `/api/meetings/${meetingId}/notes/authorship`, { token });

  // Skipped until the live-notes connection records who each editor is (LiveNotesHub.flush calling
  // recordNoteClients after insertLiveUpdates, /tmp/tasks/live-contract-changes.md): until then every
  // person's text is "Not recorded".
  it('shows who wrote what, per text and in total, to whoever may read the notes, and hides the meeting from the other team', async () => {
    const { meeting, item } = await call();
    // Notes saved before anyone went live are nobody's in particular.
    expect((await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: meeting.notesVersion, notes: 'Prep: ask about SSO. ' } })).status).toBe(200);
    expect((await authorship(meeting.id)).body).toEqual({ meetingId: meeting.id, live: false, texts: [], totals: [] });

    const mine = await join(meeting.id, csm.token, 'csm');
    const theirs = await join(meeting.id, colleague.token, 'colleague');
    mine.type('Globex wants SSO by January.');
    theirs.type('Renewal needs legal review.', `item:${item.id}`);
    await until(
      () => mine.text(`item:${item.id}`) === 'Renewal needs legal review.' && theirs.text().endsWith('January.'),
      () => describeTexts([mine, theirs]),
      20_000,
    );
    theirs.type(' Budget approved.');
    await until(
      () => mine.text().endsWith('Budget approved.'),
      () => describeTexts([mine, theirs]),
      20_000,
    );

    // The server has stored what both screens show (it passes nothing on before): the view reads it.
    let view = (await authorship(meeting.id)).body;
    await until(
      async () => (view = (await authorship(meeting.id)).body).texts.length === 2 && view.texts[0].segments.length === 3,
      () => JSON.stringify(view),
      20_000,
    );
    expect(view.live).toBe(true);
    const [free, itemText] = view.texts;
    expect(free.label).toBe('Call notes');
    expect(free.segments).toEqual([
      { userId: null, name: 'Not recorded', text: 'Prep: ask about SSO. ' },
      { userId: csm.user.id, name: csm.user.name, text: 'Globex wants SSO by January.' },
      { userId: colleague.user.id, name: colleague.user.name, text: ' Budget approved.' },
    ]);
    expect(itemText).toMatchObject({ key: `item:${item.id}`, itemId: item.id, label: `Notes for ${item.text}`, segments: [{ userId: colleague.user.id, text: 'Renewal needs legal review.' }] });
    expect(view.totals.map((t: { name: string; characters: number }) => [t.name, t.characters])).toEqual([
      [colleague.user.name, 'Renewallegalreview.needs'.length + 'Budgetapproved.'.length],
      [csm.user.name, 'GlobexwantsSSObyJanuary.'.length],
      ['Not recorded', 'Prep:askaboutSSO.'.length],
    ]);

    expect((await authorship(meeting.id, viewer.token)).status).toBe(200);
    const outside = await authorship(meeting.id, stranger.token);
    expect(outside.status).toBe(404);
    expect(JSON.stringify(outside.body)).not.toContain('Globex');
    expect((await server.call('GET', '/api/meetings/nope/notes/authorship', { token: csm.token })).status).toBe(404);
  });

  it('puts the transcript’s suggestions into the notes as a marked block everyone sees live; once only; accept and reject still work', async () => {
    const { meeting } = await call();
    const watching = await join(meeting.id, colleague.token, 'watching');
    watching.type('Our notes. ');
    const imported = await server.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: csm.token, raw: CALL, headers: { 'content-type': 'text/plain' } });
    expect(imported.status).toBe(201);
    const pending = (await server.call('GET', `/api/meetings/${meeting.id}/suggestions`, { token: csm.token })).body.items as { id: string; kind: string; payload: { text?: string } }[];
    expect(pending.length).toBeGreaterThan(1);

    const insert = (body: unknown, token = csm.token) => server.call('POST', `/api/meetings/${meeting.id}/notes/suggestions/insert`, { token, body });
    expect((await insert({ suggestionIds: ['not-one-of-them'] })).body.error.field).toBe('suggestionIds');
    expect((await insert({ suggestionIds: 'all' })).status).toBe(400);
    expect((await insert({}, viewer.token)).status).toBe(403);
    expect((await insert({}, stranger.token)).status).toBe(404);

    const put = await insert({});
    expect(put.status).toBe(200);
    expect(put.body.inserted).toBe(new Set(pending.map((p) => `${p.kind}:${p.payload.text}`)).size);
    expect(put.body.notes.startsWith('Our notes. ')).toBe(true);
    expect(put.body.notes).toContain(`\n\n${HEADING}`);
    const action = pending.find((p) => p.kind === 'action_item')!;
    expect(put.body.notes).toContain(`> - Action item: ${action.payload.text}`);
    // The editor on screen gets the block as it gets anyone's typing, and the saved notes have it.
    await until(
      () => watching.text() === put.body.notes,
      () => describeTexts([watching]),
      20_000,
    );
    expect((await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body.notes).toBe(put.body.notes);

    // A second insert adds nothing; the authorship view says where the block came from.
    expect((await insert({})).body).toEqual({ inserted: 0, notes: put.body.notes });
    const view = (await authorship(meeting.id)).body;
    const block = view.texts[0].segments.at(-1);
    expect(block).toMatchObject({ userId: null, name: 'From the transcript' });
    expect(block.text.trimStart().startsWith(HEADING)).toBe(true);

    // The CSM deletes the block's lines like any text; accept and reject are as before.
    const text = watching.doc.getText('notes');
    const at = text.toString().indexOf(HEADING);
    text.delete(at, text.length - at);
    await until(async () => (await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body.notes === 'Our notes. \n\n', 'the deletion saved', 20_000);
    expect((await server.call('POST', `/api/suggestions/${action.id}/accept`, { token: csm.token, body: {} })).status).toBe(200);
    const other = pending.find((p) => p.id !== action.id)!;
    expect((await server.call('POST', `/api/suggestions/${other.id}/reject`, { token: csm.token })).status).toBe(200);
    // Decided suggestions are not offered again.
    const again = await insert({ suggestionIds: [action.id] });
    expect(again.body.error.field).toBe('suggestionIds');
  });

  // Skipped for the same reason: each person's part of the live notes needs the editors recorded.
  it('debriefs a shadowed call from what each of the pair typed in its live notes', async () => {
    const pairing = (await server.call('POST', '/api/shadowing', { token: manager.token, body: { newCsmId: colleague.user.id, seniorCsmId: csm.user.id, startsOn: '2026-11-16', endsOn: '2026-12-31' } })).body;
    expect(pairing.id).toBeTruthy();
    const { meeting, item } = await call();
    const session = (await server.call('POST', `/api/shadowing/${pairing.id}/sessions`, { token: colleague.token, body: { activity: 'cadence_call', meetingId: meeting.id } })).body.sessions.at(-1);
    const debrief = () => server.call('GET', `/api/shadowing/${pairing.id}/sessions/${session.id}/debrief`, { token: manager.token });
    expect((await debrief()).body.debrief).toBeNull();

    const senior = await join(meeting.id, csm.token, 'senior');
    const fresh = await join(meeting.id, colleague.token, 'new');
    senior.type('Rollout slipping, exec sponsor worried', `item:${item.id}`);
    await until(
      () => fresh.text(`item:${item.id}`).endsWith('worried'),
      () => describeTexts([senior, fresh], `item:${item.id}`),
      20_000,
    );
    fresh.type('Side note from the new CSM');
    let answer = (await debrief()).body;
    await until(
      async () => (answer = (await debrief()).body).debrief?.liveCharacters?.new > 0,
      () => JSON.stringify(answer),
      20_000,
    );
    expect(answer.debrief.from).toBe('live_notes');
    expect(answer.debrief.agendaItems.find((a: { id: string }) => a.id === item.id).noted).toBe('senior_only');
    expect(answer.debrief.liveCharacters).toEqual({ senior: 'Rolloutslipping,execsponsorworried'.length, new: 'SidenotefromthenewCSM'.length });

    // Written notes still count: the new CSM's written note on the item makes it noted by both.
    const saved = await server.call('PUT', `/api/shadowing/${pairing.id}/sessions/${session.id}/notes`, { token: colleague.token, body: { side: 'new', notesByItem: { [item.id]: 'rollout late' }, actionItems: ['Book training'] } });
    expect(saved.status).toBe(200);
    expect(saved.body.debrief.agendaItems.find((a: { id: string }) => a.id === item.id).noted).toBe('both');
    expect(saved.body.debrief.actionItems.newOnly).toEqual(['Book training']);
  });
});
