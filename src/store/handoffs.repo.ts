import { sql } from 'kysely';
import type { HandoffStatus, RecentCall } from '../domain/handoff/handoff-note.ts';
import type { Dialect, Executor } from './database.ts';
import type { HandoffsTable } from './schema.ts';

export interface Handoff {
  id: string;
  accountId: string;
  fromUserId: string | null;
  toUserId: string;
  reason: string | null;
  status: HandoffStatus;
  note: string;
  taskId: string | null;
  introMail: boolean;
  introSentAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
}

function toHandoff(r: HandoffsTable): Handoff {
  return {
    id: r.id,
    accountId: r.account_id,
    fromUserId: r.from_user_id,
    toUserId: r.to_user_id,
    reason: r.reason,
    status: r.status as HandoffStatus,
    note: r.note,
    taskId: r.task_id,
    introMail: Number(r.intro_mail) === 1,
    introSentAt: r.intro_sent_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    reviewedAt: r.reviewed_at,
    reviewedBy: r.reviewed_by,
  };
}

export async function insertHandoff(db: Executor, h: Handoff): Promise<void> {
  await db
    .insertInto('handoffs')
    .values({
      id: h.id,
      account_id: h.accountId,
      from_user_id: h.fromUserId,
      to_user_id: h.toUserId,
      reason: h.reason,
      status: h.status,
      note: h.note,
      task_id: h.taskId,
      intro_mail: h.introMail ? 1 : 0,
      intro_sent_at: h.introSentAt,
      created_by: h.createdBy,
      created_at: h.createdAt,
      updated_at: h.updatedAt,
      reviewed_at: h.reviewedAt,
      reviewed_by: h.reviewedBy,
    })
    .execute();
}

export async function findHandoff(db: Executor, id: string): Promise<Handoff | undefined> {
  const r = await db.selectFrom('handoffs').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toHandoff(r) : undefined;
}

/** Holds a handoff for the rest of the transaction on PostgreSQL (SQLite's one writer serialises already). */
export async function lockHandoff(db: Executor, dialect: Dialect, id: string): Promise<void> {
  if (dialect === 'postgres') await sql`select id from handoffs where id = ${id} for update`.execute(db);
}

export async function listHandoffs(db: Executor, filter: { status?: HandoffStatus[]; toUserId?: string; accountIds?: string[] | null; userIds?: string[] | null }, limit = 500): Promise<Handoff[]> {
  let q = db.selectFrom('handoffs').selectAll();
  if (filter.status?.length) q = q.where('status', 'in', filter.status);
  if (filter.toUserId) q = q.where('to_user_id', '=', filter.toUserId);
  if (filter.userIds) {
    const ids = filter.userIds.length ? filter.userIds : [''];
    q = q.where((eb) => eb.or([eb('to_user_id', 'in', ids), eb('from_user_id', 'in', ids), eb('created_by', 'in', ids)]));
  }
  return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toHandoff);
}

export async function saveHandoff(db: Executor, h: Handoff): Promise<void> {
  await db.updateTable('handoffs').set({ status: h.status, note: h.note, intro_sent_at: h.introSentAt, updated_at: h.updatedAt, reviewed_at: h.reviewedAt, reviewed_by: h.reviewedBy }).where('id', '=', h.id).execute();
}

/** The account's last held calls, newest first, each with its recap lines. */
export async function listRecentCalls(db: Executor, accountId: string, limit = 3): Promise<RecentCall[]> {
  const meetings = await db
    .selectFrom('meetings')
    .select(['id', 'title', 'starts_at', 'summary'])
    .where('account_id', '=', accountId)
    .where('state', 'in', ['held', 'followed_up', 'complete'])
    .orderBy('starts_at', 'desc')
    .limit(limit)
    .execute();
  if (meetings.length === 0) return [];
  const recaps = await db
    .selectFrom('call_outcomes')
    .select(['meeting_id', 'text'])
    .where(
      'meeting_id',
      'in',
      meetings.map((m) => m.id),
    )
    .where('kind', '=', 'recap')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return meetings.map((m) => ({ title: m.title, startsAt: m.starts_at, summary: m.summary, recap: recaps.filter((r) => r.meeting_id === m.id).map((r) => r.text) }));
}

export interface SalesContext {
  accountId: string;
  purchaseReasons: string;
  useCases: string;
  stakeholders: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

export async function findSalesContext(db: Executor, accountId: string): Promise<SalesContext | undefined> {
  const r = await db.selectFrom('account_sales_context').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  return r ? { accountId: r.account_id, purchaseReasons: r.purchase_reasons, useCases: r.use_cases, stakeholders: r.stakeholders, updatedBy: r.updated_by, updatedAt: r.updated_at } : undefined;
}

export async function upsertSalesContext(db: Executor, c: SalesContext & { updatedAt: string }): Promise<void> {
  const values = { purchase_reasons: c.purchaseReasons, use_cases: c.useCases, stakeholders: c.stakeholders, updated_by: c.updatedBy, updated_at: c.updatedAt };
  await db
    .insertInto('account_sales_context')
    .values({ account_id: c.accountId, ...values })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .execute();
}

/** Accounts whose sales context has anything written in it (the kickoff rule's "recorded"). */
export async function listAccountIdsWithSalesContext(db: Executor): Promise<Set<string>> {
  const rows = await db
    .selectFrom('account_sales_context')
    .select('account_id')
    .where((eb) => eb.or([eb('purchase_reasons', '<>', ''), eb('use_cases', '<>', ''), eb('stakeholders', '<>', '')]))
    .execute();
  return new Set(rows.map((r) => r.account_id));
}
