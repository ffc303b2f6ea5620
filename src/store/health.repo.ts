import { sql } from 'kysely';
import type { HealthResult } from '../domain/health/score.ts';
import { RAISED_STATUSES } from '../domain/meeting/meeting.ts';
import { CONTACT_ROLES, CONTACT_STATUSES } from '../domain/model.ts';
import { compiledOnce } from './compiled-once.ts';
import type { Executor } from './database.ts';
import type { HealthOverridesTable } from './schema.ts';

/**
 * What health scoring reads and writes. The readers take a chunk of account ids (at most a few
 * hundred: SQLite caps bound parameters) and answer for the whole chunk in one query each, so
 * scoring 20,000 accounts is a few hundred queries, not a hundred thousand.
 *
 * Every added contact rescores its account, so these run on each write of the mixed load: each is
 * built and compiled by Kysely once per count of ids (`compiledOnce`), the ids (and the window's
 * bounds, last) given as its values; building them was ~5% of the server's CPU (issue #16).
 */

export interface HealthAccountRow {
  id: string;
  segment: string;
  stage: string;
  /** The account's cadence override (JSON), if any. */
  cadence_override: string | null;
  licences_bought: number | null;
  licences_used: number | null;
  contract_start_date: string | null;
  renewal_date: string | null;
  health_colour: string | null;
  health_score: number | null;
  timezone: string;
  created_at: string;
}

/** Ids of the live (not archived) accounts, in id order. */
export async function listLiveAccountIds(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('accounts').select('id').where('archived_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => r.id);
}

const healthAccountsQuery = compiledOnce((db: Executor, ids: readonly string[]) =>
  db
    .selectFrom('accounts')
    .leftJoin('account_cadence', 'account_cadence.account_id', 'accounts.id')
    .select(['accounts.id', 'accounts.segment', 'accounts.stage', 'account_cadence.override as cadence_override', 'accounts.licences_bought', 'accounts.licences_used'])
    .select(['accounts.contract_start_date', 'accounts.renewal_date', 'accounts.health_colour', 'accounts.health_score', 'accounts.timezone', 'accounts.created_at'])
    .where('accounts.id', 'in', ids)
    .where('accounts.archived_at', 'is', null),
);

export async function loadHealthAccounts(db: Executor, ids: readonly string[]): Promise<HealthAccountRow[]> {
  return healthAccountsQuery(db, ids);
}

export interface HealthMeetingRow {
  account_id: string;
  type: string;
  state: string;
  starts_at: string;
  held_at: string | null;
  agenda_sent_at: string | null;
  followed_up_at: string | null;
  csm_sentiment: string | null;
  product_sentiment: string | null;
  /** The follow-up's due time written at wrap-up (look-back window only). */
  follow_up_due_at?: string | null;
}

const MEETING_COLUMNS = ['account_id', 'type', 'state', 'starts_at', 'held_at', 'agenda_sent_at', 'followed_up_at', 'csm_sentiment', 'product_sentiment'] as const;

/**
 * Customer meetings of the look-back window (scheduled or held since `since`, up to `now`), plus,
 * from before the window, only the latest held call that set each sentiment: the sentiment
 * stands until the next call sets it, however long ago that was.
 */
export async function loadHealthMeetings(db: Executor, ids: readonly string[], since: string, now: string): Promise<HealthMeetingRow[]> {
  const recent = await recentMeetingsQuery(db, [...ids, since, now]);
  const older = await olderSentimentsQuery(db, [...ids, since]);
  return [...recent, ...older];
}

// Values: the ids, then since and now.
const recentMeetingsQuery = compiledOnce((db: Executor, values: readonly string[]) => {
  const ids = values.slice(0, -2);
  const [since, now] = values.slice(-2) as [string, string];
  return db
    .selectFrom('meetings')
    .leftJoin('follow_ups', 'follow_ups.meeting_id', 'meetings.id')
    .select(MEETING_COLUMNS.map((c) => `meetings.${c}` as const))
    .select('follow_ups.due_at as follow_up_due_at')
    .where('meetings.account_id', 'in', ids)
    .where('meetings.type', '!=', 'internal_review')
    .where('meetings.starts_at', '<=', now)
    .where((eb) => eb.or([eb('meetings.starts_at', '>=', since), eb('meetings.held_at', '>=', since)]));
});

// Values: the ids, then since.
const olderSentimentsQuery = compiledOnce((db: Executor, values: readonly string[]) => {
  const ids = values.slice(0, -1);
  const since = values[values.length - 1]!;
  return db
    .selectFrom(
      db
        .selectFrom('meetings')
        .select(MEETING_COLUMNS)
        .select([
          sql<number>`row_number() over (partition by account_id, (csm_sentiment is null) order by held_at desc)`.as('rn_csm'),
          sql<number>`row_number() over (partition by account_id, (product_sentiment is null) order by held_at desc)`.as('rn_product'),
        ])
        .where('account_id', 'in', ids)
        .where('type', '!=', 'internal_review')
        .where('state', '!=', 'cancelled')
        .where('held_at', '<', since)
        .where((eb) => eb.or([eb('csm_sentiment', 'is not', null), eb('product_sentiment', 'is not', null)]))
        .as('m'),
    )
    .select(MEETING_COLUMNS)
    .where((eb) => eb.or([eb.and([eb('csm_sentiment', 'is not', null), eb('rn_csm', '=', 1)]), eb.and([eb('product_sentiment', 'is not', null), eb('rn_product', '=', 1)])]));
});

/** Customer-side action items due in [fromDate, toDate]. */
export async function loadHealthActionItems(db: Executor, ids: readonly string[], fromDate: string, toDate: string) {
  return actionItemsQuery(db, [...ids, fromDate, toDate]);
}

// Values: the ids, then fromDate and toDate.
const actionItemsQuery = compiledOnce((db: Executor, values: readonly string[]) => {
  const ids = values.slice(0, -2);
  const [fromDate, toDate] = values.slice(-2) as [string, string];
  return db.selectFrom('action_items').select(['account_id', 'side', 'status', 'due_date']).where('account_id', 'in', ids).where('side', '=', 'customer').where('due_date', '>=', fromDate).where('due_date', '<=', toDate);
});

/** Per account: how many tickets it has at all (0: no tracker data) and how many urgent ones are open. */
export async function loadTicketCounts(db: Executor, ids: readonly string[], openStatuses: readonly string[]) {
  // One kept query per count of open statuses, so the count of values alone gives the SQL's shape.
  let query = ticketCountQueries.get(openStatuses.length);
  if (!query) ticketCountQueries.set(openStatuses.length, (query = ticketCountsQuery(openStatuses.length)));
  return query(db, [...openStatuses, ...ids]);
}

const ticketCountQueries = new Map<number, ReturnType<typeof ticketCountsQuery>>();

// Values: the open statuses (`statuses` of them), then the ids.
const ticketCountsQuery = (statuses: number) =>
  compiledOnce((db: Executor, values: readonly string[]) => {
    const openStatuses = values.slice(0, statuses);
    const ids = values.slice(statuses);
    return db
      .selectFrom('support_tickets')
      .select((eb) => [
        'account_id',
        eb.fn.countAll<number>().as('total'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('priority', '=', 'urgent'), eb('status', 'in', openStatuses)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('critical'),
      ])
      .where('account_id', 'in', ids)
      .where('status', 'not in', RAISED_STATUSES)
      .groupBy('account_id');
  });

/** Every contact role with every contact status: the few pairs health asks about. */
const CONTACT_PAIRS = CONTACT_ROLES.flatMap((role) => CONTACT_STATUSES.map((status) => [role, status] as const));

/**
 * Each account's distinct contact role and status pairs: health asks only whether there are contacts
 * and whether an active champion or buyer is among them. Each of the eight pairs is one look-up in
 * contacts_health_idx, so an account that gathers thousands of contacts costs the same as one with
 * five (a DISTINCT over its contacts read them all: 6 ms a rescore at 8,000 contacts, issue #16).
 */
export async function loadHealthContacts(db: Executor, ids: readonly string[]): Promise<{ account_id: string; role: string; status: string }[]> {
  if (ids.length === 0) return [];
  return healthContactsQuery(db, ids);
}

const healthContactsQuery = compiledOnce((db: Executor, ids: readonly string[]) => {
  const pairs = sql<{ column1: string; column2: string }>`(values ${sql.join(CONTACT_PAIRS.map(([role, status]) => sql`(${role}, ${status})`))})`.as('p');
  return db
    .selectFrom(['accounts', pairs])
    .select(['accounts.id as account_id', 'p.column1 as role', 'p.column2 as status'])
    .where('accounts.id', 'in', ids)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('contacts')
          .select(sql<number>`1`.as('one'))
          .whereRef('contacts.account_id', '=', 'accounts.id')
          .whereRef('contacts.role', '=', 'p.column1')
          .whereRef('contacts.status', '=', 'p.column2')
          .where('contacts.archived_at', 'is', null),
      ),
    );
});

/** The latest stored result of each account, parsed. */
export async function loadLatestResults(db: Executor, ids: readonly string[]): Promise<Map<string, HealthResult>> {
  const rows = await latestResultsQuery(db, ids);
  return new Map(rows.map((r) => [r.account_id, JSON.parse(r.result) as HealthResult]));
}

const latestResultsQuery = compiledOnce((db: Executor, ids: readonly string[]) =>
  db
    .selectFrom(
      db
        .selectFrom('health_scores')
        .select(['account_id', 'result', sql<number>`row_number() over (partition by account_id order by computed_at desc, id desc)`.as('rn')])
        .where('account_id', 'in', ids)
        .as('h'),
    )
    .select(['account_id', 'result'])
    .where('rn', '=', 1),
);

export async function loadActiveOverrides(db: Executor, ids: readonly string[], now: string): Promise<Map<string, HealthOverridesTable>> {
  const rows = await activeOverridesQuery(db, [...ids, now]);
  // The newest wins when (by a race) two are live.
  return new Map(rows.map((r) => [r.account_id, r]));
}

// Values: the ids, then now.
const activeOverridesQuery = compiledOnce((db: Executor, values: readonly string[]) =>
  db
    .selectFrom('health_overrides')
    .selectAll()
    .where('account_id', 'in', values.slice(0, -1))
    .where('cleared_at', 'is', null)
    .where('expires_at', '>', values[values.length - 1]!)
    .orderBy('set_at'),
);

export interface HealthWrite {
  id: string;
  accountId: string;
  result: HealthResult;
  explanation: string | null;
  /** A timeline entry when the colour changed. */
  timeline: { id: string; summary: string } | null;
  /** false: only the account's current colour and score are put right (no history row). */
  history: boolean;
}

/** Appends history rows, sets the accounts' current health and writes the colour-change timeline entries. */
export async function writeHealth(db: Executor, writes: readonly HealthWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const rows = writes.filter((w) => w.history);
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    await db
      .insertInto('health_scores')
      .values(chunk.map((w) => ({ id: w.id, account_id: w.accountId, score: w.result.score, colour: w.result.colour, result: JSON.stringify(w.result), explanation: w.explanation, computed_at: w.result.computedAt })))
      .execute();
    const entries = chunk.filter((w) => w.timeline);
    if (entries.length) {
      await db
        .insertInto('timeline_entries')
        .values(
          entries.map((w) => ({
            id: w.timeline!.id,
            account_id: w.accountId,
            kind: 'health.changed',
            summary: w.timeline!.summary,
            detail: JSON.stringify({ entityType: 'health_score', entityId: w.id }),
            actor_id: null,
            occurred_at: w.result.computedAt,
          })),
        )
        .execute();
    }
  }
  // One statement per 200 accounts rather than one each. Derived data: updated_at stays as people left it.
  for (let i = 0; i < writes.length; i += 200) {
    const values = sql.join(writes.slice(i, i + 200).map((w) => sql`(${w.accountId}, cast(${w.result.score} as double precision), cast(${w.result.colour} as text))`));
    await sql`with v(id, score, colour) as (values ${values})
      update accounts set health_score = v.score, health_colour = v.colour from v where accounts.id = v.id`.execute(db);
  }
}

export interface HealthHistoryRow {
  id: string;
  score: number | null;
  colour: string | null;
  explanation: string | null;
  computed_at: string;
}

/** An account's history, newest first. */
export async function listHealthHistory(db: Executor, accountId: string, limit = 200): Promise<HealthHistoryRow[]> {
  const rows = await db.selectFrom('health_scores').select(['id', 'score', 'colour', 'explanation', 'computed_at']).where('account_id', '=', accountId).orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, score: r.score === null ? null : Number(r.score) }));
}

/** Health history points of many accounts since `since` plus the one in force then (reviews). */
export async function listHealthHistoryOf(db: Executor, accountIds: readonly string[]): Promise<Map<string, HealthHistoryRow[]>> {
  const out = new Map<string, HealthHistoryRow[]>();
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows = await db
      .selectFrom('health_scores')
      .select(['account_id', 'id', 'score', 'colour', 'explanation', 'computed_at'])
      .where('account_id', 'in', accountIds.slice(i, i + 500))
      .execute();
    for (const { account_id, ...r } of rows) {
      const list = out.get(account_id) ?? [];
      list.push({ ...r, score: r.score === null ? null : Number(r.score) });
      out.set(account_id, list);
    }
  }
  return out;
}

export async function insertHealthOverride(db: Executor, o: HealthOverridesTable): Promise<void> {
  await db.insertInto('health_overrides').values(o).execute();
}

/** Ends every live override of the account; true when there was one. */
export async function clearHealthOverrides(db: Executor, accountId: string, at: string, by: string | null): Promise<boolean> {
  const r = await db.updateTable('health_overrides').set({ cleared_at: at, cleared_by: by }).where('account_id', '=', accountId).where('cleared_at', 'is', null).where('expires_at', '>', at).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
