import { afterAll, beforeAll } from 'vitest';
import type { DialectName } from './dialects.ts';
import { makeAccount } from './factories.ts';
import { LiveNotesClient } from './live-notes-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export interface LiveNotesSuite {
  /** Set in beforeAll: read it inside tests, not when the describe block is defined. */
  server: TestServer;
  csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  /** A live-notes connection as the CSM, closed after the block. */
  join(url: string, meetingId: string): LiveNotesClient;
  /** A call on a new account of the CSM's, with its generated agenda's first item. */
  plannedCall(): Promise<{ meeting: { id: string } & Record<string, unknown>; item: { id: string; text: string } }>;
}

/** One test server on `dialect` with a CSM, for the live-notes tests of the describe block it is called in. */
export function liveNotesSuite(dialect: DialectName): LiveNotesSuite {
  const clients: LiveNotesClient[] = [];
  const suite: LiveNotesSuite = {
    server: undefined as unknown as TestServer,
    csm: undefined as unknown as LiveNotesSuite['csm'],
    join(url, meetingId) {
      const client = new LiveNotesClient(url, meetingId, { token: suite.csm.token });
      clients.push(client);
      return client;
    },
    async plannedCall() {
      const { server, csm } = suite;
      const account = await makeAccount(server.deps, { ownerId: csm.user.id });
      const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
      const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body;
      return { meeting, item: agenda.items[0] as { id: string; text: string } };
    },
  };
  beforeAll(async () => {
    suite.server = await startTestServer(dialect);
    suite.csm = await suite.server.userWithToken('csm');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await suite.server.close();
  });
  return suite;
}
