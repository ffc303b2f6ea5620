import { sql } from 'kysely';
import type { RequestRaised } from '../domain/meeting/meeting.ts';
import type { AccountScope } from '../policies/access.ts';
import { scopedAccountIds } from './accounts.repo.ts';
import type { Executor } from './database.ts';

/**
 * The team dashboard's reads. Each takes the actor's scope as a subquery (not a list of ids), so
 * a manager's team or a whole 20,000-account organisation is one query per kind of row.
 */
function inScope(db: Executor, scope: AccountScope) {
  return scope.kind === 'users' ? scopedAccountIds(db, scope.userIds) : null;
}

export async function listDashboardAccounts(db: Executor, scope: AccountScope) {
  let q = db
    .selectFrom('accounts')
    .leftJoin('account_cadence', 'account_cadence.account_id', 'accounts.id')
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.owner_id',
      'accounts.arr',
      'accounts.health_colour',
      'accounts.health_score',
      'accounts.segment',
      'accounts.stage',
      'accounts.timezone',
      'accounts.created_at',
      'account_cadence.override',
      'account_cadence.last_touch_at',
    ])
    .where('accounts.archived_at', 'is', null);
  const ids = inScope(db, scope);
  if (ids) q = q.where('accounts.id', 'in', ids);
  return q.execute();
}

/** Each account's health in force at `at` (the latest history row at or before it). */
export async function listHealthAt(db: Executor, scope: AccountScope, at: string): Promise<Map<string, { colour: string | null; score: number | null }>> {
  let inner = db
    .selectFrom('health_scores')
    .select(['account_id', 'colour', 'score', sql<number>`row_number() over (partition by account_id order by computed_at desc, id desc)`.as('rn')])
    .where('computed_at', '<=', at);
  const ids = inScope(db, scope);
  if (ids) inner = inner.where('account_id', 'in', ids);
  const rows = await db.selectFrom(inner.as('h')).select(['account_id', 'colour', 'score']).where('rn', '=', 1).execute();
  return new Map(rows.map((r) => [r.account_id, { colour: r.colour, score: r.score === null ? null : Number(r.score) }]));
}

/** The latest logged touch (call, email, Slack) of each account. */
export async function listLastTouches(db: Executor, scope: AccountScope): Promise<Map<string, string>> {
  let q = db
    .selectFrom('touches')
    .select(['account_id', (eb) => eb.fn.max('occurred_at').as('at')])
    .groupBy('account_id');
  const ids = inScope(db, scope);
  if (ids) q = q.where('account_id', 'in', ids);
  const rows = await q.execute();
  return new Map(rows.filter((r) => r.at !== null).map((r) => [r.account_id, String(r.at)]));
}

/** Meetings held in [from, to): the period plus whatever look-back the caller asks for, with the follow-up's due time. */
export async function listDashboardMeetings(db: Executor, scope: AccountScope, from: string, to: string) {
  let q = db
    .selectFrom('meetings')
    .leftJoin('follow_ups', 'follow_ups.meeting_id', 'meetings.id')
    .select(['meetings.id', 'meetings.account_id', 'meetings.type', 'meetings.state', 'meetings.starts_at', 'meetings.held_at', 'meetings.agenda_sent_at', 'meetings.followed_up_at', 'follow_ups.due_at as follow_up_due_at'])
    .where('meetings.held_at', '>=', from)
    .where('meetings.held_at', '<', to);
  const ids = inScope(db, scope);
  if (ids) q = q.where('meetings.account_id', 'in', ids);
  return q.execute();
}

/** Tickets and feature requests raised in the calls held in [from, to), for engagement completeness. */
export async function listDashboardRequestsRaised(db: Executor, scope: AccountScope, from: string, to: string): Promise<RequestRaised[]> {
  const out: RequestRaised[] = [];
  for (const [table, kind] of [
    ['support_tickets', 'ticket'],
    ['feature_requests', 'feature_request'],
  ] as const) {
    let q = db
      .selectFrom(table)
      .innerJoin('meetings', 'meetings.id', `${table}.raised_in_meeting_id`)
      .select([`${table}.id`, 'meetings.id as meeting_id', `${table}.title`, `${table}.external_id`, `${table}.url`, `${table}.dismissed_reason`])
      .where('meetings.held_at', '>=', from)
      .where('meetings.held_at', '<', to);
    const ids = inScope(db, scope);
    if (ids) q = q.where('meetings.account_id', 'in', ids);
    for (const r of await q.execute()) out.push({ id: r.id, meetingId: r.meeting_id, kind, title: r.title, externalId: r.external_id, url: r.url, dismissedReason: r.dismissed_reason });
  }
  return out;
}

/** Action items born since `createdFrom`, and customer items due in [dueFrom, dueTo). */
export async function listDashboardActionItems(db: Executor, scope: AccountScope, createdFrom: string, dueFrom: string, dueTo: string) {
  let q = db
    .selectFrom('action_items')
    .select(['id', 'account_id', 'meeting_id', 'side', 'status', 'due_date', 'created_at'])
    .where((eb) => eb.or([eb('created_at', '>=', createdFrom), eb.and([eb('side', '=', 'customer'), eb('due_date', '>=', dueFrom), eb('due_date', '<', dueTo)])]));
  const ids = inScope(db, scope);
  if (ids) q = q.where('account_id', 'in', ids);
  return q.execute();
}

export async function listLiveRisks(db: Executor, scope: AccountScope) {
  let q = db.selectFrom('risks').select(['id', 'account_id', 'status', 'arr_at_risk', 'severity']).where('status', '!=', 'closed');
  const ids = inScope(db, scope);
  if (ids) q = q.where('account_id', 'in', ids);
  return q.execute();
}

/** CSM → their manager, the dashboard's "team". */
export async function listTeams(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('users').select(['id', 'manager_id']).where('manager_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.manager_id as string]));
}

/** Names for drill-down ids, whichever kind they are. */
export async function describeIds(db: Executor, ids: readonly string[]) {
  const out: { id: string; kind: string; label: string; accountId: string | null; at: string | null }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [accounts, meetings, items, risks] = [
      await db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', chunk).execute(),
      await db.selectFrom('meetings').select(['id', 'title', 'account_id', 'starts_at']).where('id', 'in', chunk).execute(),
      await db.selectFrom('action_items').select(['id', 'text', 'account_id', 'due_date']).where('id', 'in', chunk).execute(),
      await db.selectFrom('risks').select(['id', 'type', 'severity', 'account_id', 'created_at']).where('id', 'in', chunk).execute(),
    ];
    for (const a of accounts) out.push({ id: a.id, kind: 'account', label: a.name, accountId: a.id, at: null });
    for (const m of meetings) out.push({ id: m.id, kind: 'meeting', label: m.title, accountId: m.account_id, at: m.starts_at });
    for (const a of items) out.push({ id: a.id, kind: 'action_item', label: a.text, accountId: a.account_id, at: a.due_date });
    for (const r of risks) out.push({ id: r.id, kind: 'risk', label: `${r.severity} ${r.type.replace(/_/g, ' ')}`, accountId: r.account_id, at: r.created_at });
  }
  return out;
}
