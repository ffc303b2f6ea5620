import type { AccountActivity } from '../domain/model.ts';
import { compiledOnce } from './compiled-once.ts';
import type { Executor } from './database.ts';

// Values: now, then the page's account ids. Its SQL is the same for every page of a size, so it is built once.
const activityQuery = compiledOnce((db: Executor, [now, ...accountIds]: readonly string[]) =>
  db
    .selectFrom('accounts')
    .leftJoin('account_cadence', 'account_cadence.account_id', 'accounts.id')
    .select((eb) => [
      'accounts.id as id',
      'account_cadence.next_call_due as next_call_due',
      'account_cadence.overdue_days as overdue_days',
      eb
        .selectFrom('meetings')
        .select((m) => m.fn.max('meetings.held_at').as('at'))
        .whereRef('meetings.account_id', '=', 'accounts.id')
        .where('meetings.held_at', 'is not', null)
        .as('last_call_at'),
      eb
        .selectFrom('meetings')
        .select((m) => m.fn.min('meetings.starts_at').as('at'))
        .whereRef('meetings.account_id', '=', 'accounts.id')
        .where('meetings.state', 'in', ['planned', 'agenda_sent'])
        .where('meetings.starts_at', '>=', now!)
        .as('next_call_at'),
      eb
        .selectFrom('risks')
        .select((r) => r.fn.countAll<number>().as('n'))
        .whereRef('risks.account_id', '=', 'accounts.id')
        .where('risks.status', '!=', 'closed')
        .as('open_risks'),
      eb
        .selectFrom('external_ids')
        .select((x) => x.fn.min('external_ids.value').as('v'))
        .whereRef('external_ids.entity_id', '=', 'accounts.id')
        .where('external_ids.entity_type', '=', 'account')
        .where('external_ids.system', '=', 'domain')
        .as('domain'),
    ])
    .where('accounts.id', 'in', accountIds),
);

/**
 * For a page of accounts: the last held call, the next planned one, open risks and cadence state,
 * in one round trip (each figure a correlated look-up on its account's index), so the book of
 * business costs the same few queries whatever the page size (issue #16).
 */
export async function activityOf(db: Executor, accountIds: string[], now: string): Promise<Map<string, AccountActivity>> {
  const result = new Map<string, AccountActivity>(accountIds.map((id) => [id, { lastCallAt: null, nextCallAt: null, openRisks: 0, nextCallDue: null, overdueDays: null, domain: null }]));
  if (accountIds.length === 0) return result;
  const rows = await activityQuery(db, [now, ...accountIds]);
  for (const r of rows) {
    result.set(r.id, {
      lastCallAt: r.last_call_at === null || r.last_call_at === undefined ? null : String(r.last_call_at),
      nextCallAt: r.next_call_at === null || r.next_call_at === undefined ? null : String(r.next_call_at),
      openRisks: Number(r.open_risks ?? 0),
      nextCallDue: r.next_call_due ?? null,
      overdueDays: r.overdue_days ?? null,
      domain: r.domain ?? null,
    });
  }
  return result;
}
