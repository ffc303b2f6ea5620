import type { Deps } from '../deps.ts';
import { countHit } from '../services/rate-limits.ts';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * @fastify/rate-limit's `store`: the counters live in the database (rate_limit_counters), so nodes
 * behind one load balancer count together. Keys carry their own purpose (`sign-in:address:…`), so
 * one counter table serves every route.
 */
export function databaseRateLimitStore(deps: Deps) {
  return class DatabaseRateLimitStore {
    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      countHit(deps, key, timeWindow).then(
        ({ hits, msLeft }) => callback(null, { current: hits, ttl: msLeft }),
        (error: Error) => callback(error),
      );
    }

    child(): DatabaseRateLimitStore {
      return this;
    }
  };
}
