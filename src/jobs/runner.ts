import PgBoss from 'pg-boss';
import type { Deps } from '../deps.ts';

/** A scheduled piece of work. Every job is idempotent: running it twice changes nothing more. */
export interface JobDefinition {
  name: string;
  /** How often it runs: a cron line for the PostgreSQL queue, the same period in ms in process. */
  cron: string;
  everyMs: number;
  run(deps: Deps): Promise<string>;
}

export interface JobRunner {
  /** Runs a job once now (through the queue on PostgreSQL, so one node does it). */
  trigger(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the scheduled jobs. On SQLite (one node) an in-process timer runs them, never two runs
 * of a job at once. On PostgreSQL, pg-boss queues them on the same database, so however many
 * app nodes run, each scheduled run is done by one of them.
 */
export async function startJobs(deps: Deps, jobs: JobDefinition[], options: { pollingIntervalSeconds?: number } = {}): Promise<JobRunner> {
  return deps.store.dialect === 'postgres' ? startQueue(deps, jobs, options.pollingIntervalSeconds ?? 2) : startInProcess(deps, jobs);
}

async function runLogged(deps: Deps, job: JobDefinition): Promise<void> {
  const started = Date.now();
  try {
    const summary = await job.run(deps);
    deps.logger.info({ job: job.name, ms: Date.now() - started }, summary);
  } catch (err) {
    deps.logger.error({ job: job.name, err }, 'job failed');
    throw err;
  }
}

function startInProcess(deps: Deps, jobs: JobDefinition[]): JobRunner {
  const running = new Map<string, Promise<void>>();
  const runOnce = (job: JobDefinition): Promise<void> => {
    const current = running.get(job.name);
    if (current) return current;
    const p = runLogged(deps, job)
      .catch(() => undefined)
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  };
  const timers = jobs.map((job) => setInterval(() => void runOnce(job), job.everyMs));
  // A first run soon after start, so a fresh install has its due dates and tasks at once.
  timers.push(...jobs.map((job) => setTimeout(() => void runOnce(job), 2_000)));
  for (const t of timers) t.unref();
  return {
    async trigger(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      await runOnce(job);
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
  };
}

async function startQueue(deps: Deps, jobs: JobDefinition[], pollingIntervalSeconds: number): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: deps.config.databaseUrl, schema: 'cadence_jobs', max: 4 });
  boss.on('error', (err) => deps.logger.error({ err }, 'job queue error'));
  await boss.start();
  for (const job of jobs) {
    // 'singleton': at most one run of a job is active across all nodes.
    await boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 2, retryDelay: 30 });
    await boss.schedule(job.name, job.cron, {}, { singletonKey: job.name });
    await boss.work(job.name, { pollingIntervalSeconds }, async () => runLogged(deps, job));
    // A first run soon after start; the singleton key makes several starting nodes queue it once.
    await boss.send(job.name, {}, { singletonKey: job.name, startAfter: 2 });
  }
  return {
    async trigger(name) {
      if (!jobs.some((j) => j.name === name)) throw new Error(`no job named ${name}`);
      await boss.send(name, {}, { singletonKey: name });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
