import { sql } from 'kysely';
import type { Executor } from './database.ts';

/**
 * One hit on a counter, in one statement so concurrent nodes never lose a hit: a new key or a window
 * that has run out starts again at 1, otherwise the hit is added to the window under way.
 */
export async function countRateLimitHit(db: Executor, key: string, nowMs: number, windowMs: number): Promise<{ hits: number; resetAt: number }> {
  const expired = sql<boolean>`rate_limit_counters.reset_at <= ${nowMs}`;
  const row = await db
    .insertInto('rate_limit_counters')
    .values({ key, hits: 1, reset_at: nowMs + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when ${expired} then 1 else rate_limit_counters.hits + 1 end`,
        reset_at: sql<number>`case when ${expired} then excluded.reset_at else rate_limit_counters.reset_at end`,
      }),
    )
    .returning(['hits', 'reset_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), resetAt: Number(row.reset_at) };
}

/** Counters whose window ended before `nowMs`: nothing reads them again. */
export async function deleteExpiredRateLimitCounters(db: Executor, nowMs: number): Promise<number> {
  const r = await db.deleteFrom('rate_limit_counters').where('reset_at', '<=', nowMs).executeTakeFirst();
  return Number(r.numDeletedRows);
}
