import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDeps, type Deps } from '../../src/deps.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { liveNotesOf } from '../../src/services/live-notes/documents.ts';
import { postgresAvailable } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { eventually, LiveNotesClient } from '../helpers/live-notes-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const REDIS = '/usr/bin/redis-server';
const runs = existsSync(REDIS) && (await postgresAvailable());

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe.runIf(runs)('live notes fan out through Redis when REDIS_URL is set', () => {
  let redis: ChildProcess;
  let redisUrl: string;
  let server: TestServer;
  let other: { deps: Deps; app: FastifyInstance; url: string };
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  beforeAll(async () => {
    const port = await freePort();
    redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redisUrl = `redis://127.0.0.1:${port}`;
    server = await startTestServer('postgres', [], { redisUrl });
    const config = loadConfig({ LOG_LEVEL: 'silent' }, { databaseUrl: server.deps.testDb.url, dataDir: server.deps.testDb.dataDir, secret: server.deps.config.secret, redisUrl });
    const deps = createDeps(config, { now: () => server.deps.now() });
    const app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    other = { deps, app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => {
    await other?.app.close();
    await other?.deps.store.destroy();
    await server?.close();
    redis?.kill();
  });

  it('two people on different nodes see each other’s typing', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
    const a = new LiveNotesClient(server.url, meeting.id, { token: csm.token });
    const b = new LiveNotesClient(other.url, meeting.id, { token: csm.token });
    try {
      await Promise.all([a.synced, b.synced]);
      await eventually(async () => {
        await Promise.all([liveNotesOf(server.deps).ready, liveNotesOf(other.deps).ready]);
        return true;
      }, 'subscribed');
      for (let i = 0; i < 10; i++) {
        a.type(`a${i} `);
        b.type(`b${i} `);
      }
      await eventually(() => a.text() === b.text() && a.text().split(' ').length === 21, 'both nodes converge through Redis');
      expect(a.text()).toContain('b9 ');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
