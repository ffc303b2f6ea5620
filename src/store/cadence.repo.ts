import { sql } from 'kysely';
import type { Executor } from './database.ts';
import type { AccountCadenceTable } from './schema.ts';

/** The facts the cadence engine needs about every account, in a few grouped queries. */
export interface CadenceFacts {
  id: string;
  name: string;
  segment: string;
  stage: string;
  deployment: string;
  ownerId: string | null;
  healthColour: string | null;
  renewalDate: string | null;
  contractStartDate: string | null;
  licencesBought: number | null;
  licencesUsed: number | null;
  securityAlertsOptIn: boolean;
  timezone: string;
  createdAt: string;
  lastCallAt: string | null;
  lastTouchAt: string | null;
  lastFindingAt: string | null;
  lastSentimentAt: string | null;
  stored: AccountCadenceTable | null;
}

function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function maxBy(db: Executor, accountIds: string[] | null, query: (ids: string[] | null) => Promise<{ account_id: string; at: unknown }[]>): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const parts = accountIds ? chunks(accountIds) : [null];
  for (const ids of parts) for (const r of await query(ids)) if (r.at !== null) map.set(r.account_id, String(r.at));
  return map;
}

/** Facts for the given accounts, or for every live account when `accountIds` is null. */
export async function loadCadenceFacts(db: Executor, accountIds: string[] | null): Promise<CadenceFacts[]> {
  const accounts = [];
  for (const ids of accountIds ? chunks(accountIds) : [null]) {
    let q = db.selectFrom('accounts').selectAll().where('archived_at', 'is', null);
    if (ids) q = q.where('id', 'in', ids);
    accounts.push(...(await q.execute()));
  }
  // The last held call and last sentiment come from the cadence row (refreshMeetingFacts), not a scan of meetings.
  const [lastTouch, lastFinding] = await Promise.all([
    maxBy(db, accountIds, (ids) => {
      let q = db.selectFrom('touches').select(['account_id', (eb) => eb.fn.max('occurred_at').as('at')]);
      if (ids) q = q.where('account_id', 'in', ids);
      return q.groupBy('account_id').execute();
    }),
    maxBy(db, accountIds, (ids) => {
      let q = db.selectFrom('product_findings').select(['account_id', (eb) => eb.fn.max('found_at').as('at')]);
      if (ids) q = q.where('account_id', 'in', ids);
      return q.groupBy('account_id').execute();
    }),
  ]);
  const stored = new Map<string, AccountCadenceTable>();
  for (const ids of accountIds ? chunks(accountIds) : [null]) {
    let q = db.selectFrom('account_cadence').selectAll();
    if (ids) q = q.where('account_id', 'in', ids);
    for (const r of await q.execute()) stored.set(r.account_id, r);
  }
  return accounts.map((a) => ({
    id: a.id,
    name: a.name,
    segment: a.segment,
    stage: a.stage,
    deployment: a.deployment,
    ownerId: a.owner_id,
    healthColour: a.health_colour,
    renewalDate: a.renewal_date,
    contractStartDate: a.contract_start_date,
    licencesBought: a.licences_bought,
    licencesUsed: a.licences_used,
    securityAlertsOptIn: a.security_alerts_opt_in === 1,
    timezone: a.timezone,
    createdAt: a.created_at,
    lastCallAt: stored.get(a.id)?.last_held_call_at ?? null,
    lastTouchAt: lastTouch.get(a.id) ?? null,
    lastFindingAt: lastFinding.get(a.id) ?? null,
    lastSentimentAt: stored.get(a.id)?.last_sentiment_at ?? null,
    stored: stored.get(a.id) ?? null,
  }));
}

/** Writes computed cadence rows (insert or update), in chunks. */
export async function saveCadenceRows(db: Executor, rows: AccountCadenceTable[]): Promise<void> {
  for (const part of chunks(rows, 300)) {
    await db
      .insertInto('account_cadence')
      .values(part)
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet((eb) => ({
          last_call_at: eb.ref('excluded.last_call_at'),
          last_touch_at: eb.ref('excluded.last_touch_at'),
          next_call_due: eb.ref('excluded.next_call_due'),
          next_touch_due: eb.ref('excluded.next_touch_due'),
          overdue_days: eb.ref('excluded.overdue_days'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute();
  }
}

export async function setCadenceOverride(db: Executor, accountId: string, override: string | null): Promise<void> {
  await db
    .insertInto('account_cadence')
    .values({ account_id: accountId, override, last_call_at: null, last_touch_at: null, next_call_due: null, next_touch_due: null, overdue_days: null, computed_at: null })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ override }))
    .execute();
}

/** Planned calls whose agenda has not gone out, starting before `until`. */
export async function listCallsAwaitingAgenda(db: Executor, from: string, until: string) {
  return db.selectFrom('meetings').select(['id', 'account_id', 'title', 'starts_at']).where('state', '=', 'planned').where('starts_at', '>=', from).where('starts_at', '<', until).execute();
}

export async function listChampionsLeft(db: Executor) {
  return db.selectFrom('contacts').select(['id', 'account_id', 'name']).where('role', '=', 'champion').where('status', '=', 'left').where('archived_at', 'is', null).execute();
}

export async function listOverdueCustomerItems(db: Executor, today: string) {
  return db.selectFrom('action_items').select(['id', 'account_id', 'text', 'due_date']).where('side', '=', 'customer').where('status', '=', 'open').where('due_date', 'is not', null).where('due_date', '<', today).execute();
}

/** Keys of tasks already made (open or not), so a second run writes nothing. */
export async function allTaskKeys(db: Executor, rules: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('tasks').select(['key', 'status']).where('rule', 'in', rules).execute();
  return new Map(rows.map((r) => [r.key, r.status]));
}

/**
 * Recomputes what the due-state scan needs from an account's meetings (last held call, last
 * sentiment) onto its cadence row, creating the row if needed. The meetings store calls it in the
 * transaction of every meeting write, so the row never lags behind the meetings.
 */
export async function refreshMeetingFacts(db: Executor, accountIds: string[]): Promise<void> {
  for (const accountId of new Set(accountIds)) {
    await db
      .insertInto('account_cadence')
      .values({ account_id: accountId, override: null, last_call_at: null, last_touch_at: null, next_call_due: null, next_touch_due: null, overdue_days: null, computed_at: null })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
    await db
      .updateTable('account_cadence')
      .set((eb) => ({
        last_held_call_at: eb
          .selectFrom('meetings')
          .select((m) => m.fn.max('held_at').as('at'))
          .where('account_id', '=', accountId)
          .where('held_at', 'is not', null)
          .where('state', '!=', 'cancelled'),
        last_sentiment_at: eb
          .selectFrom('meetings')
          .select((m) => m.fn.max('held_at').as('at'))
          .where('account_id', '=', accountId)
          .where('csm_sentiment', 'is not', null),
      }))
      .where('account_id', '=', accountId)
      .execute();
  }
}

/** Every account's meeting facts at once (after a bulk load that bypassed the meetings store). */
export async function backfillMeetingFacts(db: Executor): Promise<void> {
  await sql`
    insert into account_cadence (account_id)
    select distinct m.account_id from meetings m
    where not exists (select 1 from account_cadence c where c.account_id = m.account_id)`.execute(db);
  await sql`
    update account_cadence set
      last_held_call_at = (select max(m.held_at) from meetings m where m.account_id = account_cadence.account_id and m.held_at is not null and m.state <> 'cancelled'),
      last_sentiment_at = (select max(m.held_at) from meetings m where m.account_id = account_cadence.account_id and m.csm_sentiment is not null)`.execute(db);
}
