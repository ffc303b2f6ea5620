import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { canManageOutbox } from '../../policies/outbox.policy.ts';
import { countOutboxByStatus, findOutboxRow, listDeadLetters, requeueDeadLetter, type OutboxRow } from '../../store/outbox.repo.ts';
import { deliverOutboxRow } from './outbox.ts';

/** A row as an admin sees it: what, to whom, how it went. Never the body. */
export interface OutboxEntry {
  id: string;
  kind: string;
  status: OutboxRow['status'];
  /** Recipients and subject. */
  summary: string;
  /** The Message-ID of a mail. */
  idempotencyKey: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface OutboxStatus {
  pending: number;
  delivered: number;
  dead: number;
  deadLetters: OutboxEntry[];
}

function entryOf(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    summary: row.summary,
    idempotencyKey: row.idempotencyKey,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deliveredAt: row.deliveredAt,
  };
}

/** How many sends wait, how many went, and every dead letter with its last error in words (admins). */
export async function getOutboxStatus(deps: Deps, actor: Actor): Promise<OutboxStatus> {
  authorize(canManageOutbox(actor), 'only an admin may see the outbox');
  const [counts, dead] = await Promise.all([countOutboxByStatus(deps.store.db), listDeadLetters(deps.store.db)]);
  return { ...counts, deadLetters: dead.map(entryOf) };
}

/**
 * Puts a dead letter back in line with a fresh set of attempts and tries it at once (admins).
 * Answers the row after that attempt: delivered, or pending again with the new error.
 */
export async function retryDeadLetter(deps: Deps, actor: Actor, id: string): Promise<OutboxEntry> {
  authorize(canManageOutbox(actor), 'only an admin may retry a dead letter');
  const row = await findOutboxRow(deps.store.db, id);
  if (!row) throw notFound('outbox entry');
  if (row.status !== 'dead') throw new AppError('conflict', row.status === 'delivered' ? 'this entry was delivered already' : 'this entry is not a dead letter: it is still being retried');
  if (!(await requeueDeadLetter(deps.store.db, id, deps.now().toISOString()))) throw new AppError('conflict', 'this entry was retried meanwhile');
  await deliverOutboxRow(deps, id);
  return entryOf((await findOutboxRow(deps.store.db, id))!);
}
