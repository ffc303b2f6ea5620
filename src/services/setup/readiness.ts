import type { Deps } from '../../deps.ts';
import { isDatabaseReady } from './database.ts';

/** What the job runner says of itself; 'off' on a web-only node (CADENCE_JOBS=off) or in a test build. */
export type JobQueueHealth = { state: 'up' } | { state: 'off' } | { state: 'down'; problem: string };

export interface Readiness {
  ready: boolean;
  database: 'up' | 'down';
  jobs: 'up' | 'down' | 'off';
  /** Each part that is down, in words, for whoever reads the balancer's log. */
  problems: string[];
}

// A balancer's health check gives up after a few seconds; a database that hangs must answer "down" before that.
const PROBE_MS = 2_000;

function within<T>(probe: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(late), ms)));
  return Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether this node should take traffic: its database answers and, when it runs jobs, its job queue
 * works. A node that cannot do either answers 503 naming the part, so the balancer drains it.
 */
export async function checkReadiness(deps: Pick<Deps, 'store'>, jobHealth: () => Promise<JobQueueHealth>): Promise<Readiness> {
  const [databaseUp, jobs] = await Promise.all([
    within(
      isDatabaseReady(deps).catch(() => false),
      PROBE_MS,
      false,
    ),
    within(
      jobHealth().catch((err: unknown): JobQueueHealth => ({ state: 'down', problem: err instanceof Error ? err.message : String(err) })),
      PROBE_MS,
      { state: 'down', problem: `did not answer within ${PROBE_MS / 1000} s` },
    ),
  ]);
  const problems = [...(databaseUp ? [] : ['database: unreachable']), ...(jobs.state === 'down' ? [`jobs: ${jobs.problem}`] : [])];
  return { ready: problems.length === 0, database: databaseUp ? 'up' : 'down', jobs: jobs.state, problems };
}
