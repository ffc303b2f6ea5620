/**
 * /readyz, the probe a load balancer drains a node by: 200 when the database and the node's job
 * queue work, 503 naming each part that does not. Real PostgreSQL, a real pg-boss queue.
 */
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDeps } from '../../src/deps.ts';
import { JOBS } from '../../src/jobs/jobs.ts';
import { startJobs } from '../../src/jobs/runner.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { createTestDeps, postgresAvailable, PG_ADMIN_URL } from '../helpers/dialects.ts';
import { freePort } from '../helpers/two-nodes.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.skipIf(!(await postgresAvailable()))('/readyz on PostgreSQL', () => {
  it('answers 503 naming the database for a node pointed at a port where no PostgreSQL listens', async () => {
    const wrong = new URL(PG_ADMIN_URL);
    wrong.port = String(await freePort());
    const deps = createDeps(loadConfig({ LOG_LEVEL: 'silent' }, { databaseUrl: wrong.toString(), dataDir: tmpdir(), secret: 'readyz-secret-readyz-secret-readyz-0123' }));
    const app = await buildApp(deps);
    cleanups.push(async () => {
      await app.close();
      await deps.store.destroy();
    });
    const answer = await app.inject({ method: 'GET', url: '/readyz' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toEqual({ status: 'not ready', database: 'down', jobs: 'off', problems: ['database: unreachable'] });
  });

  it('answers 200 while the job queue runs, and 503 naming the jobs once it has stopped', async () => {
    const deps = await createTestDeps('postgres', { backups: { schedule: 'off', dir: tmpdir(), keepDaily: 1, keepWeekly: 0, passphrase: null } });
    const jobs = await startJobs(deps, JOBS);
    const app = await buildApp(deps, [], { jobHealth: () => jobs.health() });
    cleanups.push(async () => {
      await app.close();
      await deps.close();
    });
    const up = await app.inject({ method: 'GET', url: '/readyz' });
    expect([up.statusCode, up.json()]).toEqual([200, { status: 'ready', database: 'up', jobs: 'up', problems: [] }]);

    await jobs.stop();
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'not ready', database: 'up', jobs: 'down', problems: ['jobs: the job queue is stopped'] });
  });
});
