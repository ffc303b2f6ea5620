import type { AccountActivity } from '../domain/model.ts';
import type { Executor } from './database.ts';

/** For a page of accounts: the last held call, the next planned one, open risks and cadence state. */
export async function activityOf(db: Executor, accountIds: string[], now: string): Promise<Map<string, AccountActivity>> {
  const result = new Map<string, AccountActivity>(accountIds.map((id) => [id, { lastCallAt: null, nextCallAt: null, openRisks: 0, nextCallDue: null, overdueDays: null }]));
  if (accountIds.length === 0) return result;
  const [last, next, risks, cadence] = await Promise.all([
    db
      .selectFrom('meetings')
      .select(['account_id', (eb) => eb.fn.max('held_at').as('at')])
      .where('account_id', 'in', accountIds)
      .where('held_at', 'is not', null)
      .groupBy('account_id')
      .execute(),
    db
      .selectFrom('meetings')
      .select(['account_id', (eb) => eb.fn.min('starts_at').as('at')])
      .where('account_id', 'in', accountIds)
      .where('state', 'in', ['planned', 'agenda_sent'])
      .where('starts_at', '>=', now)
      .groupBy('account_id')
      .execute(),
    db
      .selectFrom('risks')
      .select(['account_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', 'in', accountIds)
      .where('status', '!=', 'closed')
      .groupBy('account_id')
      .execute(),
    db.selectFrom('account_cadence').select(['account_id', 'next_call_due', 'overdue_days']).where('account_id', 'in', accountIds).execute(),
  ]);
  for (const r of last) result.get(r.account_id)!.lastCallAt = r.at === null ? null : String(r.at);
  for (const r of next) result.get(r.account_id)!.nextCallAt = r.at === null ? null : String(r.at);
  for (const r of risks) result.get(r.account_id)!.openRisks = Number(r.n);
  for (const r of cadence) {
    const a = result.get(r.account_id)!;
    a.nextCallDue = r.next_call_due;
    a.overdueDays = r.overdue_days;
  }
  return result;
}
