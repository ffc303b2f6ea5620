import { sql } from 'kysely';
import type { Executor } from './database.ts';
import type { AccountCadenceTable } from './schema.ts';

/**
 * What the due-state scan reads of an account's cadence row (not when it was computed). An
 * account without a row reads as all nulls: its computed next touch (never null) differs, so the
 * row is written.
 */
export interface StoredCadence {
  override: string | null;
  last_call_at: string | null;
  last_touch_at: string | null;
  next_call_due: string | null;
  next_touch_due: string | null;
  overdue_days: number | null;
}

/**
 * The facts the due state needs about an account, and no more: at 100,000 accounts every column
 * read is 100,000 values made in JavaScript (a row of 25 columns took three times as long to read
 * as one of 16). The playbook's further facts come from loadPlaybookFacts.
 */
export interface CadenceFacts {
  id: string;
  name: string;
  ownerId: string | null;
  segment: string;
  stage: string;
  healthColour: string | null;
  timezone: string;
  createdAt: string;
  lastCallAt: string | null;
  lastTouchAt: string | null;
  stored: StoredCadence;
}

/** What the playbook rules read of an account beyond its due state. */
export interface PlaybookFacts {
  deployment: string;
  renewalDate: string | null;
  contractStartDate: string | null;
  licencesBought: number | null;
  licencesUsed: number | null;
  securityAlertsOptIn: boolean;
  lastFindingAt: string | null;
  lastSentimentAt: string | null;
}

function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Due-state facts for the given accounts, or for every live account when `accountIds` is null:
 * the account, its cadence row (the last held call is kept there by refreshMeetingFacts) and its
 * last touch (an index seek on touches_account_idx), in one round trip; per 500 accounts when given.
 */
export async function loadCadenceFacts(db: Executor, accountIds: string[] | null): Promise<CadenceFacts[]> {
  const out: CadenceFacts[] = [];
  for (const ids of accountIds ? chunks(accountIds) : [null]) {
    if (ids && ids.length === 0) continue;
    let q = db
      .selectFrom('accounts as a')
      .leftJoin('account_cadence as c', 'c.account_id', 'a.id')
      .select([
        'a.id',
        'a.name',
        'a.owner_id',
        'a.segment',
        'a.stage',
        'a.health_colour',
        'a.timezone',
        'a.created_at',
        'c.override',
        'c.last_call_at',
        'c.last_touch_at',
        'c.next_call_due',
        'c.next_touch_due',
        'c.overdue_days',
        'c.last_held_call_at',
      ])
      .select((eb) =>
        eb
          .selectFrom('touches as t')
          .select((t) => t.fn.max('t.occurred_at').as('at'))
          .whereRef('t.account_id', '=', 'a.id')
          .as('touched_at'),
      )
      .where('a.archived_at', 'is', null);
    if (ids) q = q.where('a.id', 'in', ids);
    for (const r of await q.execute()) {
      out.push({
        id: r.id,
        name: r.name,
        ownerId: r.owner_id,
        segment: r.segment,
        stage: r.stage,
        healthColour: r.health_colour,
        timezone: r.timezone,
        createdAt: r.created_at,
        lastCallAt: r.last_held_call_at ?? null,
        lastTouchAt: text(r.touched_at),
        stored: {
          override: r.override,
          last_call_at: r.last_call_at,
          last_touch_at: r.last_touch_at,
          next_call_due: r.next_call_due,
          next_touch_due: r.next_touch_due,
          overdue_days: r.overdue_days === null ? null : Number(r.overdue_days),
        },
      });
    }
  }
  return out;
}

/** The playbook's further facts about every live account, by id, in one round trip. */
export async function loadPlaybookFacts(db: Executor): Promise<Map<string, PlaybookFacts>> {
  const rows = await db
    .selectFrom('accounts as a')
    .leftJoin('account_cadence as c', 'c.account_id', 'a.id')
    .select(['a.id', 'a.deployment', 'a.renewal_date', 'a.contract_start_date', 'a.licences_bought', 'a.licences_used', 'a.security_alerts_opt_in', 'c.last_sentiment_at'])
    .select((eb) =>
      eb
        .selectFrom('product_findings as f')
        .select((f) => f.fn.max('f.found_at').as('at'))
        .whereRef('f.account_id', '=', 'a.id')
        .as('found_at'),
    )
    .where('a.archived_at', 'is', null)
    .execute();
  const out = new Map<string, PlaybookFacts>();
  for (const r of rows) {
    out.set(r.id, {
      deployment: r.deployment,
      renewalDate: r.renewal_date,
      contractStartDate: r.contract_start_date,
      licencesBought: r.licences_bought,
      licencesUsed: r.licences_used,
      securityAlertsOptIn: r.security_alerts_opt_in === 1,
      lastFindingAt: text(r.found_at),
      lastSentimentAt: r.last_sentiment_at ?? null,
    });
  }
  return out;
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
