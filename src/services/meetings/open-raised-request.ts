import { z } from 'zod';
import type { Actor } from '../../domain/model.ts';
import { requestDescription } from '../../domain/meeting/raised-request.ts';
import type { Deps } from '../../deps.ts';
import { conflict, notFound } from '../../errors.ts';
import type { AccountMatchRule } from '../../integrations/account-matching.ts';
import type { AccountKey, TrackerItemCreate } from '../../integrations/ports.ts';
import { trackerSummary } from '../../domain/outbox/kinds.ts';
import { findOutboxRow } from '../../store/outbox.repo.ts';
import { findRaisedRequest } from '../../store/tracker.repo.ts';
import { engagementOf } from './follow-ups.ts';
import { TRACKER_KINDS } from '../connections/integration-clients.ts';
import { getUsableIntegration } from '../connections/integrations.ts';
import type { TrackerIssuePayload } from '../outbox/deliverers.ts';
import { enqueueOutbox, inTransactionWithOutbox, retryQueuedNow } from '../outbox/outbox.ts';
import { getEditableMeeting } from './meetings.ts';

export const OpenRequestSchema = z.strictObject({ integration: z.string().trim().min(1, 'must name an integration').max(100) });

function accountKeyFor(rules: readonly AccountMatchRule[], accountId: string, source: string): AccountKey {
  const mine = rules.filter((r) => r.accountId === accountId && (!r.source || r.source === source));
  const orgId = mine.flatMap((r) => r.orgIds ?? [])[0];
  const labels = [...new Set(mine.flatMap((r) => r.labels ?? []))];
  return { ...(orgId ? { orgId } : {}), ...(labels.length ? { labels } : {}) };
}

/**
 * Opens a ticket or feature request raised in a call in the configured tracker, with the
 * customer's context and a link back to the meeting, then records its id and URL, through the
 * outbox (kind `tracker_issue`). The request id is the idempotency key, so a retry (after a
 * timeout, a crash, a double click) finds the item it already opened instead of opening a second
 * one. Answers at once: `status` is `opened` with the link, or `opening` with the error while the
 * outbox retries, or `failed` once it is a dead letter. Completes the engagement when this was the
 * last thing outstanding.
 */
export async function openRaisedRequest(deps: Deps, actor: Actor, meetingId: string, requestId: string, input: z.infer<typeof OpenRequestSchema>) {
  const db = deps.store.db;
  const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, db);
  const found = await findRaisedRequest(db, requestId);
  if (!found || found.row.raised_in_meeting_id !== meetingId) throw notFound('request raised in this meeting');
  if (found.row.dismissed_reason) throw conflict(`this request was dismissed: ${found.row.dismissed_reason}`);
  const integration = await getUsableIntegration(deps, db, input.integration, TRACKER_KINDS);
  if (found.row.external_id && found.row.status !== 'to_open') {
    if (found.row.source !== integration.kind) throw conflict(`this request was already opened in ${found.row.source} (${found.row.url ?? found.row.external_id})`);
    return { meeting, engagement: await engagementOf(db, meeting), request: { id: requestId, externalId: found.row.external_id, url: found.row.url, created: false, status: 'opened' as const, error: null } };
  }

  const linkBack = `${deps.config.baseUrl}/meetings/${meetingId}`;
  const create: TrackerItemCreate = {
    idempotencyKey: requestId,
    kind: found.table === 'feature_requests' ? 'feature_request' : 'ticket',
    title: found.row.title,
    description: requestDescription({ account, meeting, raisedBy: actor.label, linkBack }),
    linkBack,
    priority: (found.row.priority as TrackerItemCreate['priority']) ?? null,
    accountKey: accountKeyFor(integration.accountRules as AccountMatchRule[], account.id, integration.kind),
  };
  // Queued in one transaction (a double click or a race finds the row already queued), opened
  // in the tracker right after the commit; a failure is retried by the outbox worker.
  const idempotencyKey = `cadence-request-${requestId}`;
  const payload: TrackerIssuePayload = { integrationId: integration.id, requestId, table: found.table, meetingId, actor, create };
  const queued = await inTransactionWithOutbox(deps, async (tx) => {
    await getEditableMeeting(deps, actor, meetingId, tx);
    return enqueueOutbox(tx, deps, { kind: 'tracker_issue', idempotencyKey, payload, summary: trackerSummary({ integrationName: integration.name, kind: create.kind, title: create.title }) });
  });
  // Asked again for one already queued: try it now (a dead letter gets a fresh set of attempts).
  if (!queued.queued) await retryQueuedNow(deps, queued.id);

  const row = await findOutboxRow(db, queued.id);
  const { meeting: after } = await getEditableMeeting(deps, actor, meetingId, db);
  const settled = await findRaisedRequest(db, requestId);
  const opened = settled?.row.external_id && settled.row.status !== 'to_open';
  const created = opened && row?.status === 'delivered' && row.result ? (JSON.parse(row.result) as { created?: boolean }).created !== false && queued.queued : false;
  return {
    meeting: after,
    engagement: await engagementOf(db, after),
    request: {
      id: requestId,
      externalId: opened ? settled.row.external_id : null,
      url: opened ? settled.row.url : null,
      created: Boolean(created),
      status: opened ? ('opened' as const) : row?.status === 'dead' ? ('failed' as const) : ('opening' as const),
      error: opened ? null : (row?.lastError ?? null),
    },
  };
}
