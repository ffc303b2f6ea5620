import type { Executor } from './database.ts';
import type { TouchesTable } from './schema.ts';

export async function insertTouch(db: Executor, touch: TouchesTable): Promise<void> {
  await db.insertInto('touches').values(touch).execute();
}

/** The latest touch of each account (any kind), for the monthly-contact floor. */
export async function lastTouchByAccount(db: Executor, accountIds?: string[]): Promise<Map<string, string>> {
  let q = db
    .selectFrom('touches')
    .select(['account_id', (eb) => eb.fn.max('occurred_at').as('last')])
    .groupBy('account_id');
  if (accountIds) q = q.where('account_id', 'in', accountIds.length ? accountIds : ['']);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.account_id, String(r.last)]));
}
