import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects, postgresAvailable } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { eventually, LiveNotesClient } from '../helpers/live-notes-client.ts';
import { nodeOn, type LiveNotesNode } from '../helpers/live-notes-node.ts';
import { liveNotesOf } from '../../src/services/live-notes/documents.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { freePort } from '../helpers/two-nodes.ts';

const dialects = await availableDialects();
const REDIS = '/usr/bin/redis-server';
const fanouts = (await postgresAvailable()) ? [['PostgreSQL LISTEN/NOTIFY', false] as const, ...(existsSync(REDIS) ? [['Redis (REDIS_URL)', true] as const] : [])] : [];

// Well under the 30 s periodic re-check: what closes the socket here is the change being announced.
const AT_ONCE_MS = 10_000;

/** Settles with the close, or with 'still open' once the time is up. */
const closedWithin = (client: LiveNotesClient, ms = AT_ONCE_MS) => Promise.race([client.closed, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);

describe.each(dialects)('live notes: losing access closes an open notes socket at once, on %s', (dialect) => {
  let server: TestServer;
  let owner: Awaited<ReturnType<TestServer['userWithToken']>>;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  const clients: LiveNotesClient[] = [];
  const nodes: LiveNotesNode[] = [];
  const join = (url: string, meetingId: string, token: string) => {
    const client = new LiveNotesClient(url, meetingId, { token });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    server = await startTestServer(dialect);
    owner = await server.userWithToken('csm');
    admin = await server.userWithToken('admin');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    for (const node of nodes) await node.close();
    await server.close();
  });

  /** An account owned by `owner` with a teammate on its team, and a call whose notes both have open. */
  async function callWithTeammate() {
    const teammate = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: owner.user.id, team: [{ userId: teammate.user.id, role: 'sa' }] });
    const meeting = (await server.call('POST', '/api/meetings', { token: owner.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
    const mine = join(server.url, meeting.id, owner.token);
    await mine.synced;
    mine.type('Renewal at risk');
    return { teammate, account, meeting, mine };
  }

  it('a teammate taken off the account team is disconnected with a reason, and cannot come back; the owner keeps typing', async () => {
    const { teammate, account, meeting, mine } = await callWithTeammate();
    const theirs = join(server.url, meeting.id, teammate.token);
    await theirs.synced;
    await eventually(() => theirs.text() === 'Renewal at risk', 'the teammate sees the notes');

    const patch = await server.call('PATCH', `/api/accounts/${account.id}`, { token: owner.token, body: { team: [] } });
    expect(patch.status).toBe(200);
    expect(await closedWithin(theirs)).toEqual({ code: 4403, reason: 'you no longer have access to these notes' });

    expect(await join(server.url, meeting.id, teammate.token).closed).toEqual({ code: 4404, reason: 'no such meeting' });
    expect(mine.socket.readyState).toBe(mine.socket.OPEN);
    mine.type(' / procurement next week');
    await eventually(async () => (await server.call('GET', `/api/live/notes/${meeting.id}`, { token: owner.token })).body.notes === 'Renewal at risk / procurement next week', 'the owner’s typing still stored');
  });

  it('a teammate made a viewer is reconnected to join read-only; a rename disconnects nobody', async () => {
    const { teammate, meeting } = await callWithTeammate();
    const theirs = join(server.url, meeting.id, teammate.token);
    await theirs.synced;

    expect((await server.call('PATCH', `/api/users/${teammate.user.id}`, { token: admin.token, body: { role: 'viewer' } })).status).toBe(200);
    expect(await closedWithin(theirs)).toEqual({ code: 4012, reason: 'your access to these notes changed; reconnecting' });
    const again = await server.call('GET', `/api/live/notes/${meeting.id}`, { token: teammate.token });
    expect(again.body.readOnly).toBe(true);

    // A rename changes nobody's access: nobody is disconnected for it.
    const reader = join(server.url, meeting.id, teammate.token);
    await reader.synced;
    expect((await server.call('PATCH', `/api/users/${teammate.user.id}`, { token: admin.token, body: { name: 'Renamed Viewer' } })).status).toBe(200);
    expect(await closedWithin(reader, 2000)).toBe('still open');
  });

  it('the former owner of a handed-off account is disconnected from its notes', async () => {
    const { account, meeting, mine } = await callWithTeammate();
    const next = await server.userWithToken('csm');
    const handoff = await server.call('POST', '/api/handoffs', { token: admin.token, body: { accountIds: [account.id], toUserId: next.user.id } });
    expect(handoff.status).toBeLessThan(300);
    expect(await closedWithin(mine)).toEqual({ code: 4403, reason: 'you no longer have access to these notes' });
    const theirs = join(server.url, meeting.id, next.token);
    await theirs.synced;
    expect(theirs.text()).toBe('Renewal at risk');
  });
});

describe.each(fanouts)('live notes: access lost on one node closes the notes open on another, through %s', (_via, withRedis) => {
  let redis: ChildProcess | undefined;
  let server: TestServer;
  let other: LiveNotesNode;
  let owner: Awaited<ReturnType<TestServer['userWithToken']>>;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  const clients: LiveNotesClient[] = [];
  const join = (url: string, meetingId: string, token: string) => {
    const client = new LiveNotesClient(url, meetingId, { token });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    let redisUrl: string | null = null;
    if (withRedis) {
      const port = await freePort();
      redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      redisUrl = `redis://127.0.0.1:${port}`;
    }
    server = await startTestServer('postgres', [], { redisUrl });
    other = await nodeOn(server, { redisUrl });
    owner = await server.userWithToken('csm');
    admin = await server.userWithToken('admin');
    // Both nodes listen before anything is announced: an announcement nobody hears is not what is tested.
    await Promise.all([liveNotesOf(server.deps).ready, liveNotesOf(other.deps).ready]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await other?.close();
    await server?.close();
    redis?.kill();
  });

  /** The owner on this node and a teammate on the other, both in the same call's notes. */
  async function teammateOnOtherNode() {
    const teammate = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: owner.user.id, team: [{ userId: teammate.user.id, role: 'sa' }] });
    const meeting = (await server.call('POST', '/api/meetings', { token: owner.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
    const mine = join(server.url, meeting.id, owner.token);
    await mine.synced;
    mine.type('Renewal at risk');
    const theirs = join(other.url, meeting.id, teammate.token);
    await theirs.synced;
    await eventually(() => theirs.text() === 'Renewal at risk', 'the teammate on the other node sees the notes');
    return { teammate, account, mine, theirs };
  }

  it('a teammate taken off the team on this node is disconnected from the other at once', async () => {
    const { account, mine, theirs } = await teammateOnOtherNode();
    expect((await server.call('PATCH', `/api/accounts/${account.id}`, { token: owner.token, body: { team: [] } })).status).toBe(200);
    expect(await closedWithin(theirs)).toEqual({ code: 4403, reason: 'you no longer have access to these notes' });
    expect(mine.socket.readyState).toBe(mine.socket.OPEN);
  });

  it('a teammate deactivated on this node is disconnected from the other, their session ended', async () => {
    const { teammate, mine, theirs } = await teammateOnOtherNode();
    expect((await server.call('POST', `/api/users/${teammate.user.id}/deactivate`, { token: admin.token })).status).toBe(200);
    expect(await closedWithin(theirs)).toEqual({ code: 4401, reason: 'session ended' });
    expect(mine.socket.readyState).toBe(mine.socket.OPEN);
  });
});
