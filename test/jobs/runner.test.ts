import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDeps, type Deps } from '../../src/deps.ts';
import { startJobs, type JobDefinition } from '../../src/jobs/runner.ts';
import { insertTaskOnce, listTasks } from '../../src/store/tasks.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';

const dialects = await availableDialects();

/** A job like the playbook run: it makes 40 keyed tasks, each exactly once however often it runs. */
function keyedTasksJob(runs: { count: number }): JobDefinition {
  return {
    name: 'test-playbook',
    cron: '0 3 * * *',
    everyMs: 3_600_000,
    async run(deps: Deps) {
      runs.count += 1;
      let created = 0;
      for (let i = 0; i < 40; i += 1) {
        const at = deps.now().toISOString();
        if (await insertTaskOnce(deps.store.db, { id: deps.newId(), key: `test:${i}`, rule: 'test', accountId: null, assigneeId: null, title: `Task ${i}`, dueAt: at, cause: null, createdAt: at })) created += 1;
      }
      return `${created} tasks created`;
    },
  };
}

describe.each(dialects)('scheduled jobs on %s', (dialect) => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
  });
  afterAll(async () => deps.close());

  it('two app nodes running the same job create each task exactly once', async () => {
    // A second node: its own connection pool on the same database.
    const other = createDeps(loadConfig({ LOG_LEVEL: 'silent' }, { databaseUrl: deps.testDb.url, dataDir: deps.testDb.dataDir, secret: deps.config.secret }), { now: deps.now });
    const runs = { count: 0 };
    const first = await startJobs(deps, [keyedTasksJob(runs)], { pollingIntervalSeconds: 0.5 });
    const second = await startJobs(other, [keyedTasksJob(runs)], { pollingIntervalSeconds: 0.5 });
    try {
      await Promise.all([first.trigger('test-playbook'), second.trigger('test-playbook'), first.trigger('test-playbook')]);
      const deadline = Date.now() + 20_000;
      while (runs.count === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      // Let any second run finish before counting.
      await new Promise((r) => setTimeout(r, dialect === 'postgres' ? 1500 : 50));
      expect(runs.count).toBeGreaterThanOrEqual(1);
      const tasks = await listTasks(deps.store.db, { status: ['open'] });
      expect(tasks).toHaveLength(40);
      expect(new Set(tasks.map((t) => t.key)).size).toBe(40);
    } finally {
      await first.stop();
      await second.stop();
      if (other.store !== deps.store) await other.store.destroy();
    }
  }, 40_000);
});
