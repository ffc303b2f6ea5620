import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import type { TrackerItemCreate } from '../../integrations/ports.ts';
import { deleteTrackerDuplicate, findIntegration, type IntegrationRecord } from '../../store/integrations.repo.ts';
import { findMeeting } from '../../store/meetings.repo.ts';
import type { OutboxRow } from '../../store/outbox.repo.ts';
import { findRaisedRequest, type TrackerTable } from '../../store/tracker.repo.ts';
import { deliverCrmLog } from '../connections/crm-sync.ts';
import { CHAT_KINDS, TRACKER_KINDS, chatNotifierFor, ticketSourceFor } from '../connections/integration-clients.ts';
import { integrationTokens } from '../connections/integration-tokens.ts';
import { decryptedSettings } from '../connections/integrations.ts';
import { settleRequestIn } from '../meetings/create-raised-request.ts';
import { completeIfDone } from '../meetings/follow-ups.ts';

/**
 * How each outbox kind other than mail reaches its vendor. Each takes a claimed row, does the
 * vendor call (with the vendor's idempotency where it has one) and answers what to keep as the
 * row's result. A throw is a failed attempt: the outbox retries it with backoff.
 */

/** The integration a row was queued for, still there and enabled, or a failure in words. */
async function integrationFor(deps: Deps, id: string, kinds: readonly string[]): Promise<IntegrationRecord> {
  const integration = await findIntegration(deps.store.db, id);
  if (!integration || !kinds.includes(integration.kind)) throw new Error('the integration this was queued for was removed');
  if (!integration.enabled) throw new Error(`${integration.name} is disabled: enable it, then retry`);
  return integration;
}

export interface SlackPostPayload {
  integrationId: string;
  /** A label for the admin; the webhook decides the channel. */
  channel?: string;
  text: string;
  blocks?: unknown[];
}

export async function deliverSlackPost(deps: Deps, row: OutboxRow): Promise<string> {
  const post = JSON.parse(row.payload) as SlackPostPayload;
  const integration = await integrationFor(deps, post.integrationId, CHAT_KINDS);
  await chatNotifierFor(decryptedSettings(deps, integration)).post({ text: post.text, ...(post.blocks ? { blocks: post.blocks } : {}) });
  return `posted to ${integration.name}`;
}

export interface TrackerIssuePayload {
  integrationId: string;
  requestId: string;
  table: TrackerTable;
  meetingId: string;
  /** Who asked for it: the audit entry of the write-back names them. */
  actor: Actor;
  create: TrackerItemCreate;
}

/**
 * Opens the raised request in its tracker. The clients look the item up by Cadence's key before
 * creating (Zendesk external_id with its Idempotency-Key header, a Jira label, a marker in the
 * GitLab/GitHub description), so a resend after a crash between create and mark finds the item
 * instead of opening a second one. Then writes back its id and URL in a small transaction of its own.
 */
export async function deliverTrackerIssue(deps: Deps, row: OutboxRow): Promise<string> {
  const p = JSON.parse(row.payload) as TrackerIssuePayload;
  const integration = await integrationFor(deps, p.integrationId, TRACKER_KINDS);
  const opened = await ticketSourceFor(integration.kind as (typeof TRACKER_KINDS)[number], decryptedSettings(deps, integration), integrationTokens(deps, integration)).createItem(p.create);
  await deps.store.db.transaction().execute(async (tx) => {
    const found = await findRaisedRequest(tx, p.requestId);
    // Dismissed or removed meanwhile (or its meeting), or already written back: the item stays in the tracker, nothing to record.
    if (!found || found.row.dismissed_reason || (found.row.external_id && found.row.status !== 'to_open')) return;
    const meeting = await findMeeting(tx, p.meetingId);
    if (!meeting) return;
    // A sync that ran in between may have pulled the new item already: the raised row is the one to keep.
    await deleteTrackerDuplicate(tx, p.table, integration.kind, opened.externalId, p.requestId);
    await settleRequestIn(
      tx,
      deps,
      p.actor,
      { table: p.table, id: p.requestId, accountId: meeting.accountId, title: found.row.title, status: found.row.status },
      { externalId: opened.externalId, url: opened.url, source: integration.kind, dismissedReason: null, trackerName: integration.name },
    );
    await completeIfDone(deps, tx, p.actor, meeting);
  });
  return JSON.stringify({ externalId: opened.externalId, url: opened.url, created: opened.created });
}

/** Logs a held meeting on the CRM company/account; the push itself is idempotent at the CRM (see crm-sync.ts). */
export async function deliverCrmLogRow(deps: Deps, row: OutboxRow): Promise<string> {
  return deliverCrmLog(deps, JSON.parse(row.payload) as { integrationId: string; meetingId: string }, row.createdAt);
}
