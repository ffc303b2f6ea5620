import { sql } from 'kysely';
import type { Executor } from './database.ts';
import type { OutboxTable } from './schema.ts';

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

export interface OutboxRow {
  id: string;
  kind: string;
  idempotencyKey: string;
  payload: string;
  summary: string;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  result: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

function toRow(r: OutboxTable): OutboxRow {
  return {
    id: r.id,
    kind: r.kind,
    idempotencyKey: r.idempotency_key,
    payload: r.payload,
    summary: r.summary,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    nextAttemptAt: r.next_attempt_at,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    lastError: r.last_error,
    result: r.result,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deliveredAt: r.delivered_at,
  };
}

/** Inserts a pending row. With `once`, a row already holding the key wins: answers false, nothing is written. */
export async function insertOutboxRow(db: Executor, row: { id: string; kind: string; idempotencyKey: string; payload: string; summary: string; maxAttempts: number; now: string; once?: boolean }): Promise<boolean> {
  const r = await db
    .insertInto('outbox')
    .values({
      id: row.id,
      kind: row.kind,
      idempotency_key: row.idempotencyKey,
      payload: row.payload,
      summary: row.summary,
      status: 'pending',
      attempts: 0,
      max_attempts: row.maxAttempts,
      next_attempt_at: row.now,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      result: null,
      created_at: row.now,
      updated_at: row.now,
      delivered_at: null,
    })
    .$if(row.once === true, (q) => q.onConflict((oc) => oc.column('idempotency_key').doNothing()))
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 1) > 0;
}

export async function findOutboxRowByKey(db: Executor, idempotencyKey: string): Promise<OutboxRow | undefined> {
  const r = await db.selectFrom('outbox').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

export async function findOutboxRow(db: Executor, id: string): Promise<OutboxRow | undefined> {
  const r = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** Pending rows whose time has come and that no one holds, in the order they were queued (ids sort by creation). */
export async function listDueOutboxIds(db: Executor, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Takes a due row for one delivery attempt: one conditional UPDATE, so of two deliverers (two
 * nodes, or the request and the worker) only one gets it. The attempt is counted now, so a
 * process that dies mid-send has used it up. Undefined when someone else holds it or it is not due.
 */
export async function claimOutboxRow(db: Executor, id: string, owner: string, now: string, leaseUntil: string, previousOwner?: string | null): Promise<OutboxRow | undefined> {
  let q = db
    .updateTable('outbox')
    .set({ lease_owner: owner, lease_until: leaseUntil, attempts: sql<number>`attempts + 1`, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]));
  // Compare-and-set on the holder read before: the caller knows whether the last attempt was cut off.
  if (previousOwner !== undefined) q = previousOwner === null ? q.where('lease_owner', 'is', null) : q.where('lease_owner', '=', previousOwner);
  const r = await q.returningAll().executeTakeFirst();
  return r ? toRow(r) : undefined;
}

export async function markOutboxDelivered(db: Executor, id: string, now: string, result: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'delivered', delivered_at: now, updated_at: now, result, lease_owner: null, lease_until: null, last_error: null }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** After a failed attempt by `owner`: another try at `nextAttemptAt`, or a dead letter. */
export async function markOutboxFailed(db: Executor, id: string, owner: string, change: { now: string; error: string; status: 'pending' | 'dead'; nextAttemptAt?: string }): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: change.status, last_error: change.error, updated_at: change.now, lease_owner: null, lease_until: null, ...(change.nextAttemptAt ? { next_attempt_at: change.nextAttemptAt } : {}) })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'pending')
    .execute();
}

/** A pending row made due at once (a user asked again), unless someone holds it now. */
export async function dueNow(db: Executor, id: string, now: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .execute();
}

/** A dead letter back in line, due now, with a fresh set of attempts. False when the row is not a dead letter. */
export async function requeueDeadLetter(db: Executor, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable('outbox').set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null, updated_at: now }).where('id', '=', id).where('status', '=', 'dead').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function countOutboxByStatus(db: Executor): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', db.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, dead: 0 };
  for (const r of rows) counts[r.status as OutboxStatus] = Number(r.n);
  return counts;
}

export async function listDeadLetters(db: Executor, limit = 200): Promise<OutboxRow[]> {
  const rows = await db.selectFrom('outbox').selectAll().where('status', '=', 'dead').orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRow);
}

/** A crm_log row's payload holds its integration and meeting ids (`{"integrationId":…,"meetingId":…}`). */
const payloadNames = (field: 'integrationId' | 'meetingId', id: string) => `%"${field}":${JSON.stringify(id)}%`;

/** Pending CRM logs whose time has come and that no one holds, of one meeting or all, in queue order. */
export async function listDueCrmLogIds(db: Executor, now: string, limit: number, meetingId?: string): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('id')
    .where('kind', '=', 'crm_log')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .$if(meetingId !== undefined, (q) => q.where('payload', 'like', payloadNames('meetingId', meetingId!)))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * An integration's CRM logs due now, after its settings changed (new credentials may fix what
 * failed): pending ones no one holds are tried at once, dead letters get a fresh set of attempts.
 */
export async function rearmCrmLogs(db: Executor, integrationId: string, now: string): Promise<void> {
  const ofIntegration = payloadNames('integrationId', integrationId);
  await db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null, updated_at: now })
    .where('kind', '=', 'crm_log')
    .where('payload', 'like', ofIntegration)
    .where('status', '=', 'dead')
    .execute();
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: now, updated_at: now })
    .where('kind', '=', 'crm_log')
    .where('payload', 'like', ofIntegration)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .execute();
}
