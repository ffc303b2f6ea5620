import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { eventually, LiveNotesClient } from '../helpers/live-notes-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('live notes on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let colleague: Awaited<ReturnType<TestServer['userWithToken']>>;
  const clients: LiveNotesClient[] = [];
  const join = (meetingId: string, options: ConstructorParameters<typeof LiveNotesClient>[2]) => {
    const client = new LiveNotesClient(server.url, meetingId, options);
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
    colleague = await server.userWithToken('csm');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  async function plannedCall() {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id, team: [{ userId: colleague.user.id, role: 'ae' }] });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
    const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body;
    return { meeting, agenda };
  }

  it('two people typing at once both keep every word; a third joining late gets all of it', async () => {
    const { meeting, agenda } = await plannedCall();
    const item = `item:${agenda.items[0].id}`;
    const a = join(meeting.id, { token: csm.token });
    const b = join(meeting.id, { token: colleague.token });
    await Promise.all([a.synced, b.synced]);
    for (let i = 0; i < 20; i++) {
      a.type(`a${i} `, item);
      b.type(`b${i} `, item);
    }
    await eventually(() => a.text(item) === b.text(item) && a.text(item).split(' ').length === 41, 'both screens the same');
    const seen = a.text(item);
    for (let i = 0; i < 20; i++) {
      expect(seen).toContain(`a${i} `);
      expect(seen).toContain(`b${i} `);
    }
    const late = join(meeting.id, { token: csm.token });
    await late.synced;
    expect(late.text(item)).toBe(seen);
  });
});
