import type { Deps } from '../deps.ts';
import type { JobQueueHealth } from '../services/setup/readiness.ts';

/** A scheduled piece of work. Every job is idempotent: running it twice changes nothing more. */
export interface JobDefinition {
  name: string;
  /** How often it runs: a cron line for the PostgreSQL queue, the same period in ms in process. */
  cron: string;
  everyMs: number;
  /** What it did, logged; an empty answer (nothing to do) is logged at debug only. */
  run(deps: Deps): Promise<string>;
  /**
   * Runs on a timer in every node's process, on PostgreSQL too, for work finer than the queue's
   * one-minute schedule that is safe to do on several nodes at once (the outbox claims each row).
   */
  everyNode?: boolean;
}

export interface JobRunner {
  /** Runs a job once now (through the queue on PostgreSQL, so one node does it). */
  trigger(name: string): Promise<void>;
  /** For /readyz: whether this node's runner can still take and run jobs. */
  health(): Promise<JobQueueHealth>;
  stop(): Promise<void>;
}

/**
 * Starts the scheduled jobs. On SQLite (one node) an in-process timer runs them, never two runs
 * of a job at once. On PostgreSQL, pg-boss queues them on the same database, so however many
 * app nodes run, each scheduled run is done by one of them.
 */
export async function startJobs(deps: Deps, jobs: JobDefinition[], options: { pollingIntervalSeconds?: number } = {}): Promise<JobRunner> {
  if (deps.store.dialect !== 'postgres') return startInProcess(deps, jobs);
  const onEveryNode = jobs.filter((j) => j.everyNode);
  const queue = await startQueue(
    deps,
    jobs.filter((j) => !j.everyNode),
    options.pollingIntervalSeconds ?? 2,
  );
  if (onEveryNode.length === 0) return queue;
  const local = startInProcess(deps, onEveryNode);
  return {
    trigger: (name) => (onEveryNode.some((j) => j.name === name) ? local.trigger(name) : queue.trigger(name)),
    health: () => queue.health(),
    async stop() {
      await local.stop();
      await queue.stop();
    },
  };
}

async function runLogged(deps: Deps, job: JobDefinition): Promise<void> {
  const started = Date.now();
  try {
    const summary = await job.run(deps);
    if (summary) deps.logger.info({ job: job.name, ms: Date.now() - started }, summary);
    else deps.logger.debug({ job: job.name, ms: Date.now() - started }, 'nothing to do');
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
  let stopped = false;
  return {
    async trigger(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      await runOnce(job);
    },
    async health() {
      return stopped ? { state: 'down', problem: 'the job runner is stopped' } : { state: 'up' };
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
  };
}

async function startQueue(deps: Deps, jobs: JobDefinition[], pollingIntervalSeconds: number): Promise<JobRunner> {
  const periodSeconds = (job: JobDefinition) => Math.max(1, Math.round(job.everyMs / 1000));
  // A finished run is kept (not archived) for at least its period: while kept, it is what stops a second run in that period.
  const archiveCompletedAfterSeconds = Math.max(12 * 3600, ...jobs.map(periodSeconds));
  // Loaded here, not at the top: a SQLite node never needs the queue library.
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: deps.config.databaseUrl, schema: 'cadence_jobs', max: 4, archiveCompletedAfterSeconds });
  boss.on('error', (err) => deps.logger.error({ err }, 'job queue error'));
  let stopped = false;
  boss.on('stopped', () => (stopped = true));
  await boss.start();
  for (const job of jobs) {
    // One run per period across all nodes: the queue keeps a single job for each key and period, so
    // a node starting, or the schedule firing, in a period that already has its run adds none.
    const oncePerPeriod = { singletonKey: job.name, singletonSeconds: periodSeconds(job) };
    await retryOnDeadlock(async () => {
      // 'singleton': at most one run of a job is active across all nodes.
      if (!(await boss.getQueue(job.name))) await boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 2, retryDelay: 30 });
    });
    await retryOnDeadlock(() => boss.schedule(job.name, job.cron, {}, oncePerPeriod));
    await boss.work(job.name, { pollingIntervalSeconds }, async () => runLogged(deps, job));
    // A first run soon after start, so a fresh install has its due dates and tasks at once.
    await retryOnDeadlock(() => boss.send(job.name, {}, { ...oncePerPeriod, startAfter: 2 }));
  }
  return {
    async trigger(name) {
      if (!jobs.some((j) => j.name === name)) throw new Error(`no job named ${name}`);
      await boss.send(name, {}, { singletonKey: name });
    },
    async health() {
      if (stopped) return { state: 'down', problem: 'the job queue is stopped' };
      // Through the queue's own connections: they, not the app's, fetch the jobs.
      try {
        const queue = jobs[0] ? await boss.getQueue(jobs[0].name) : true;
        return queue ? { state: 'up' } : { state: 'down', problem: `the queue ${jobs[0]?.name} is missing` };
      } catch (err) {
        return { state: 'down', problem: `the job queue cannot reach PostgreSQL (${(err as Error).message})` };
      }
    },
    async stop() {
      stopped = true;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/**
 * Nodes starting together create the queues together, and PostgreSQL may end one of two such
 * transactions as a deadlock (the queue's table is attached to the job table); once more then succeeds.
 */
async function retryOnDeadlock<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt === 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
}
