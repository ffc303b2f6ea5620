import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { INTERRUPTED_POST, resendableAfterInterruption, slackSummary, type OutboxKind } from '../../domain/outbox/kinds.ts';
import { afterFailedAttempt, DEFAULT_MAX_ATTEMPTS, mailSummary, messageIdFor } from '../../domain/outbox/retry.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { unconfiguredMailer, type OutgoingMail } from '../../integrations/email/mailer.ts';
import { explain, isIntegrationError } from '../../integrations/errors.ts';
import type { Executor } from '../../store/database.ts';
import { listIntegrations } from '../../store/integrations.repo.ts';
import { claimOutboxRow, dueNow, findOutboxRow, findOutboxRowByKey, insertOutboxRow, requeueDeadLetter, listDueOutboxIds, markOutboxDelivered, markOutboxFailed, type OutboxRow } from '../../store/outbox.repo.ts';
import { CHAT_KINDS } from '../connections/integration-clients.ts';
import { decryptedSettings, getUsableIntegration } from '../connections/integrations.ts';
import { deliverCrmLogRow, deliverSlackPost, deliverTrackerIssue, type SlackPostPayload } from './deliverers.ts';
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
 * Queues one outbound side effect of any kind in the caller's transaction (see enqueueMail):
 * it leaves only if the change commits, and is delivered right after the commit inside
 * `inTransactionWithOutbox`, by the worker otherwise. `idempotencyKey` defaults to the row id.
 */
export async function enqueueOutbox(
  tx: Executor,
  deps: Pick<Deps, 'config' | 'now' | 'newId'>,
  row: { kind: Exclude<OutboxKind, 'mail'>; payload: unknown; summary: string; idempotencyKey?: string },
): Promise<{ id: string; idempotencyKey: string; queued: boolean }> {
  const id = deps.newId();
  const idempotencyKey = row.idempotencyKey ?? `cadence-${row.kind}-${id}`;
  // With a caller's key, the first row queued under it stands: a double click or a race queues nothing more.
  const queued = await insertOutboxRow(tx, {
    id,
    kind: row.kind,
    idempotencyKey,
    payload: JSON.stringify(row.payload),
    summary: row.summary,
    maxAttempts: deps.config.outbox?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    now: deps.now().toISOString(),
    once: row.idempotencyKey !== undefined,
  });
  if (!queued) {
    const existing = await findOutboxRowByKey(tx, idempotencyKey);
    if (existing) return { id: existing.id, idempotencyKey, queued: false };
  }
  enqueuedIn.get(tx)?.push(id);
  return { id, idempotencyKey, queued: true };
}

/**
 * Queues a Slack post in the caller's transaction: to the named Slack integration (id or name;
 * 400 naming `integration` when it is not a usable Slack one), or, without one, to every enabled
 * Slack integration (none configured: nothing is queued). An incoming webhook posts to the
 * channel it was made for; `channel` only labels the row in Settings → Outbox. A Slack webhook
 * has no idempotency: a post cut off mid-send becomes a dead letter instead of posting twice.
 */
export async function enqueueSlackPost(tx: Executor, deps: Deps, post: { integration?: string; channel?: string; text: string; blocks?: unknown[] }): Promise<{ id: string; integrationId: string }[]> {
  if (post.text.trim() === '') throw new AppError('invalid', 'the Slack message is empty', { field: 'text' });
  const targets = post.integration ? [await getUsableIntegration(deps, tx, post.integration, CHAT_KINDS)] : await listIntegrations(tx, { kinds: CHAT_KINDS, enabled: true });
  // Settings that cannot be read fail now (400), not later at every attempt.
  if (post.integration) decryptedSettings(deps, targets[0]!);
  const queued: { id: string; integrationId: string }[] = [];
  for (const integration of targets) {
    const payload: SlackPostPayload = { integrationId: integration.id, text: post.text, ...(post.channel ? { channel: post.channel } : {}), ...(post.blocks ? { blocks: post.blocks } : {}) };
    const { id } = await enqueueOutbox(tx, deps, { kind: 'slack_post', payload, summary: slackSummary({ integrationName: integration.name, channel: post.channel, text: post.text }) });
    queued.push({ id, integrationId: integration.id });
  }
  return queued;
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
  if (row.kind === 'slack_post') return deliverSlackPost(deps, row);
  if (row.kind === 'tracker_issue') return deliverTrackerIssue(deps, row);
  if (row.kind === 'crm_log') return deliverCrmLogRow(deps, row);
  throw new Error(`no deliverer for outbox rows of kind ${row.kind}`);
}

/** The failure in words for an admin: the channel's own message, without a stack. */
function inWords(err: unknown): string {
  const message = isIntegrationError(err) ? explain(err) : err instanceof Error ? err.message : String(err);
  return message.slice(0, 1000) || 'the delivery failed without a message';
}

/** One attempt at one row: claim (or skip if someone holds it or it is not due), send, mark. */
export async function deliverOutboxRow(deps: Deps, id: string): Promise<DeliveryOutcome> {
  const owner = randomUUID();
  const now = deps.now();
  const leaseUntil = new Date(now.getTime() + (deps.config.outbox?.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  // Who held it last: a holder left behind means the last attempt was cut off mid-send.
  const before = await findOutboxRow(deps.store.db, id);
  if (!before) return { id, state: 'skipped' };
  const row = await claimOutboxRow(deps.store.db, id, owner, now.toISOString(), leaseUntil, before.leaseOwner);
  if (!row) return { id, state: 'skipped' };
  if (before.leaseOwner !== null && !resendableAfterInterruption(row.kind)) {
    await markOutboxFailed(deps.store.db, id, owner, { now: deps.now().toISOString(), error: INTERRUPTED_POST, status: 'dead' });
    deps.logger.warn({ outboxId: id, kind: row.kind }, 'outbox: an interrupted post without idempotency waits for a person');
    return { id, state: 'dead', error: INTERRUPTED_POST };
  }
  try {
    const result = await send(deps, row);
    await markOutboxDelivered(deps.store.db, id, deps.now().toISOString(), result);
    return { id, state: 'delivered', result };
  } catch (err) {
    const error = inWords(err);
    // A CRM that refused the credentials or the settings answers the same until a person changes them: a dead letter now, put back in line by that change (rearmCrmLogs).
    const next = row.kind === 'crm_log' && isIntegrationError(err) && !err.retryable ? ({ status: 'dead' } as const) : afterFailedAttempt(row.attempts, row.maxAttempts, deps.now());
    await markOutboxFailed(deps.store.db, id, owner, { now: deps.now().toISOString(), error, ...next });
    deps.logger.warn({ outboxId: id, kind: row.kind, attempts: row.attempts, status: next.status }, `outbox delivery failed: ${error}`);
    return { id, state: next.status === 'dead' ? 'dead' : 'retrying', error };
  }
}

/** A row asked for again by its user: a dead letter gets a fresh set of attempts; a pending one is tried now if no one holds it. */
export async function retryQueuedNow(deps: Deps, id: string): Promise<DeliveryOutcome> {
  const now = deps.now().toISOString();
  const row = await findOutboxRow(deps.store.db, id);
  if (!row || row.status === 'delivered') return { id, state: 'skipped' };
  if (row.status === 'dead') await requeueDeadLetter(deps.store.db, id, now);
  else await dueNow(deps.store.db, id, now);
  return (await deliverOutboxRows(deps, [id]))[0]!;
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
