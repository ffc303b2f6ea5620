import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { eventually, LiveNotesClient } from '../helpers/live-notes-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

function raw(...parts: (number | Uint8Array)[]): Uint8Array {
  const e = encoding.createEncoder();
  for (const p of parts) {
    if (typeof p === 'number') encoding.writeVarUint(e, p);
    else encoding.writeVarUint8Array(e, p);
  }
  return encoding.toUint8Array(e);
}

describe.each(dialects)('live notes: who may join, and bad input, on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;
  let stranger: Awaited<ReturnType<TestServer['userWithToken']>>;
  const clients: LiveNotesClient[] = [];
  const join = (meetingId: string, options: ConstructorParameters<typeof LiveNotesClient>[2]) => {
    const client = new LiveNotesClient(server.url, meetingId, options);
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
    stranger = await server.userWithToken('csm');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  async function liveCall(text = 'Kickoff notes') {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
    const writer = join(meeting.id, { token: csm.token });
    await writer.synced;
    writer.type(text);
    await eventually(async () => (await server.call('GET', `/api/live/notes/${meeting.id}`, { token: csm.token })).body.notes === text, 'the text stored');
    return { meeting, writer };
  }

  it('a viewer gets everything but cannot write: their changes reach nobody, and a viewer who keeps sending is closed "read-only"', async () => {
    const { meeting, writer } = await liveCall();
    const reader = join(meeting.id, { token: viewer.token });
    await reader.synced;
    expect(reader.text()).toBe('Kickoff notes');
    writer.type(' / more');
    await eventually(() => reader.text() === 'Kickoff notes / more', 'the viewer sees new typing');
    for (let i = 0; i < 30; i++) reader.type(`x${i}`);
    expect(await reader.closed).toEqual({ code: 4003, reason: 'read-only' });
    const later = join(meeting.id, { token: csm.token });
    await later.synced;
    expect(later.text()).toBe('Kickoff notes / more');
    expect(writer.text()).toBe('Kickoff notes / more');
  });

  it('someone who may not see the account, or nobody signed in, is refused with a reason', async () => {
    const { meeting } = await liveCall();
    expect(await join(meeting.id, { token: stranger.token }).closed).toEqual({ code: 4404, reason: 'no such meeting' });
    expect(await join('no-such-meeting', { token: csm.token }).closed).toEqual({ code: 4404, reason: 'no such meeting' });
    expect(await join(meeting.id, {}).closed).toEqual({ code: 4401, reason: 'sign in or send an API token' });
    expect((await join(meeting.id, { token: 'cad_not-a-token' }).closed).code).toBe(4401);
    expect((await server.call('GET', `/api/live/notes/${meeting.id}`, { token: stranger.token })).status).toBe(404);
  });

  it('a browser session joins from Cadence’s own page only, and signing out disconnects it at once', async () => {
    const { meeting } = await liveCall();
    const signIn = await server.call('POST', '/api/session', { body: { email: csm.user.email, password: csm.password } });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(await join(meeting.id, { cookie, origin: 'https://evil.example' }).closed).toEqual({ code: 4403, reason: 'the notes open only from Cadence’s own pages (Origin)' });
    expect((await join(meeting.id, { cookie }).closed).code).toBe(4403);
    const tab = join(meeting.id, { cookie, origin: server.url });
    await tab.synced;
    expect(tab.text()).toBe('Kickoff notes');
    expect((await server.call('DELETE', '/api/session', { headers: { cookie } })).status).toBe(204);
    expect(await tab.closed).toEqual({ code: 4401, reason: 'session ended' });
  });

  it('a user deactivated by an admin is disconnected from every notes socket', async () => {
    const { meeting } = await liveCall();
    const leaver = await server.userWithToken('csm');
    const admin = await server.userWithToken('admin');
    const account = await makeAccount(server.deps, { ownerId: leaver.user.id });
    const theirs = (await server.call('POST', '/api/meetings', { token: leaver.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
    const tab = join(theirs.id, { token: leaver.token });
    await tab.synced;
    const bystander = join(meeting.id, { token: csm.token });
    await bystander.synced;
    expect((await server.call('POST', `/api/users/${leaver.user.id}/deactivate`, { token: admin.token })).status).toBe(200);
    expect(await tab.closed).toEqual({ code: 4401, reason: 'session ended' });
    expect(bystander.socket.readyState).toBe(bystander.socket.OPEN);
  });

  it('a message over 1 MB is closed "too large" and the notes are unchanged', async () => {
    const { meeting } = await liveCall();
    const big = join(meeting.id, { token: csm.token });
    await big.synced;
    big.type('x'.repeat(1024 * 1024 + 10));
    expect(await big.closed).toEqual({ code: 1009, reason: 'too large' });
    const check = join(meeting.id, { token: csm.token });
    await check.synced;
    expect(check.text()).toBe('Kickoff notes');
  });

  it('a malformed update is closed "malformed update" and the stored notes are unchanged', async () => {
    const { meeting, writer } = await liveCall();
    const bad = join(meeting.id, { token: csm.token });
    await bad.synced;
    bad.send(raw(0, 2, new Uint8Array([5, 200, 1, 2, 3, 250, 250, 250, 9])));
    expect(await bad.closed).toEqual({ code: 1007, reason: 'malformed update' });
    const junk = join(meeting.id, { token: csm.token });
    await junk.synced;
    junk.send(new Uint8Array([9, 9, 9]));
    expect((await junk.closed).code).toBe(1007);
    writer.type('!');
    const check = join(meeting.id, { token: csm.token });
    await check.synced;
    await eventually(() => check.text() === 'Kickoff notes!', 'the notes still take typing');
  });

  it('a flood of messages is closed "too many updates"', async () => {
    const { meeting, writer } = await liveCall();
    const flood = join(meeting.id, { token: csm.token });
    await flood.synced;
    for (let i = 0; i < 2000; i++) flood.send(raw(3));
    expect(await flood.closed).toEqual({ code: 4029, reason: 'too many updates' });
    expect(writer.socket.readyState).toBe(writer.socket.OPEN);
  });

  it('a client claiming to be someone else in its presence shows up as who it really is', async () => {
    const { meeting, writer } = await liveCall();
    const liar = join(meeting.id, { token: csm.token });
    await liar.synced;
    liar.awareness.setLocalState({ user: { id: stranger.user.id, name: 'The CEO', color: '#000' }, cursor: { anchor: 3 } });
    await eventually(() => writer.users().some((u) => u.clientId === liar.doc.clientID && u.user?.id === csm.user.id), 'the liar shown as themself');
    const shown = writer.users().find((u) => u.clientId === liar.doc.clientID)!;
    expect(shown.user).toEqual({ id: csm.user.id, name: csm.user.name, color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
  });
});
