import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { afterFailedAttempt, DEFAULT_MAX_ATTEMPTS, mailSummary, messageIdFor } from '../../domain/outbox/retry.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { unconfiguredMailer, type OutgoingMail } from '../../integrations/email/mailer.ts';
import type { Executor } from '../../store/database.ts';
import { claimOutboxRow, insertOutboxRow, listDueOutboxIds, markOutboxDelivered, markOutboxFailed, type OutboxRow } from '../../store/outbox.repo.ts';
import type { Database } from '../../store/schema.ts';

/** How long one claim holds a row when not configured: well past the mailer's own timeouts. */
const DEFAULT_LEASE_MS = 60_000;

/** Rows enqueued in each open transaction, delivered inline once it commits. */
const enqueuedIn = new WeakMap<object, string[]>();

/** What one delivery attempt of a row came to. */
export type DeliveryOutcome = { id: string; state: 'delivered'; result: string } | { id: string; state: 'retrying' | 'dead'; error: string } | { id: string; state: 'skipped' };

/** Refuses (400) before anything is written when mail is not configured, as sending did before the outbox. */
export function assertMailConfigured(deps: Pick<Deps, 'mailer'>): void {
  if (deps.mailer === unconfiguredMailer) throw new AppError('invalid', 'mail is not configured: set SMTP_URL (for example smtp://user:pass@mail.example.com:587)');
}

/**
 * Queues a mail in the caller's transaction, with its Message-ID fixed now (`<uuid@host of
 * CADENCE_BASE_URL>`): it leaves only if the change commits, and every attempt carries that ID.
 * Inside `inTransactionWithOutbox` it is delivered as soon as the transaction commits; otherwise
 * the worker delivers it within seconds.
 */
export async function enqueueMail(tx: Executor, deps: Pick<Deps, 'config' | 'now' | 'newId'>, mail: Omit<OutgoingMail, 'messageId'>): Promise<{ id: string; messageId: string }> {
  if (mail.to.length === 0) throw new AppError('invalid', 'the mail has no recipients');
  // A UUIDv7: rows are delivered in the order they were queued (an update before the cancel).
  const id = deps.newId();
  const messageId = messageIdFor(id, deps.config.baseUrl);
  await insertOutboxRow(tx, {
    id,
    kind: 'mail',
    idempotencyKey: messageId,
    payload: JSON.stringify({ ...mail, messageId }),
    summary: mailSummary(mail),
    maxAttempts: deps.config.outbox?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    now: deps.now().toISOString(),
  });
  enqueuedIn.get(tx)?.push(id);
  return { id, messageId };
}

/**
 * Runs `work` in one transaction and, once it committed, delivers what it queued right away, so
 * the caller answers with the mail gone as before. A delivery that fails here is retried by the
 * worker; it never undoes the change nor fails the request.
 */
export async function inTransactionWithOutbox<T>(deps: Deps, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  const ids: string[] = [];
  const result = await deps.store.db.transaction().execute(async (tx) => {
    enqueuedIn.set(tx, ids);
    return work(tx);
  });
  await deliverOutboxRows(deps, ids);
  return result;
}

/** Sends one claimed row through its channel; answers what the receiver said (a mail's Message-ID). */
async function send(deps: Deps, row: OutboxRow): Promise<string> {
  if (row.kind === 'mail') {
    const mail = JSON.parse(row.payload) as OutgoingMail;
    const sent = await deps.mailer.send(mail);
    return sent.messageId || mail.messageId || row.idempotencyKey;
  }
  throw new Error(`no deliverer for outbox rows of kind ${row.kind}`);
}

/** The failure in words for an admin: the channel's own message, without a stack. */
function inWords(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.slice(0, 1000) || 'the delivery failed without a message';
}

/** One attempt at one row: claim (or skip if someone holds it or it is not due), send, mark. */
export async function deliverOutboxRow(deps: Deps, id: string): Promise<DeliveryOutcome> {
  const owner = randomUUID();
  const now = deps.now();
  const leaseUntil = new Date(now.getTime() + (deps.config.outbox?.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  const row = await claimOutboxRow(deps.store.db, id, owner, now.toISOString(), leaseUntil);
  if (!row) return { id, state: 'skipped' };
  try {
    const result = await send(deps, row);
    await markOutboxDelivered(deps.store.db, id, deps.now().toISOString(), result);
    return { id, state: 'delivered', result };
  } catch (err) {
    const error = inWords(err);
    const next = afterFailedAttempt(row.attempts, row.maxAttempts, deps.now());
    await markOutboxFailed(deps.store.db, id, owner, { now: deps.now().toISOString(), error, ...next });
    deps.logger.warn({ outboxId: id, kind: row.kind, attempts: row.attempts, status: next.status }, `outbox delivery failed: ${error}`);
    return { id, state: next.status === 'dead' ? 'dead' : 'retrying', error };
  }
}

/** Delivers the given rows one after another (the order they were queued in). */
export async function deliverOutboxRows(deps: Deps, ids: string[]): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  for (const id of ids) {
    try {
      outcomes.push(await deliverOutboxRow(deps, id));
    } catch (err) {
      // The database itself failed: the row stays pending (or its lease runs out) and the worker tries again.
      deps.logger.warn({ outboxId: id, err }, 'outbox delivery could not be recorded');
      outcomes.push({ id, state: 'retrying', error: inWords(err) });
    }
  }
  return outcomes;
}

/** The worker's round: every due row no one holds, in batches, until none is left or `limit` were tried. */
export async function deliverDueOutbox(deps: Deps, limit = 500): Promise<{ delivered: number; retrying: number; dead: number }> {
  const counts = { delivered: 0, retrying: 0, dead: 0 };
  const tried = new Set<string>();
  while (tried.size < limit) {
    const ids = (await listDueOutboxIds(deps.store.db, deps.now().toISOString(), 50)).filter((id) => !tried.has(id));
    if (ids.length === 0) break;
    for (const id of ids) tried.add(id);
    for (const outcome of await deliverOutboxRows(deps, ids)) if (outcome.state !== 'skipped') counts[outcome.state] += 1;
  }
  return counts;
}
