import type { Deps } from '../deps.ts';
import { countRateLimitHit, deleteExpiredRateLimitCounters } from '../store/rate-limits.repo.ts';
import { sha256 } from './users/users.ts';

/** How many hits this process counts between two sweeps of the counters whose window is over. */
export const SWEEP_EVERY = 500;

let hitsSinceSweep = 0;

/**
 * Counts one request against a limit in the database, so every node sees the same count.
 * Returns the hits in the current window and how long until it ends.
 */
export async function countHit(deps: Deps, key: string, windowMs: number): Promise<{ hits: number; msLeft: number }> {
  const nowMs = deps.now().getTime();
  // Only a hash is kept: a key holds an address, an email or a live share token.
  const { hits, resetAt } = await countRateLimitHit(deps.store.db, sha256(key), nowMs, windowMs);
  hitsSinceSweep += 1;
  // A key is written once per client and never read after its window: without a sweep the table only grows.
  if (hitsSinceSweep >= SWEEP_EVERY) {
    hitsSinceSweep = 0;
    await deleteExpiredRateLimitCounters(deps.store.db, nowMs);
  }
  return { hits, msLeft: Math.max(0, resetAt - nowMs) };
}
