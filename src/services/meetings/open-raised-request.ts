import { z } from 'zod';
import type { Actor } from '../../domain/model.ts';
import { requestDescription } from '../../domain/meeting/raised-request.ts';
import type { Deps } from '../../deps.ts';
import { conflict, notFound } from '../../errors.ts';
import type { AccountMatchRule } from '../../integrations/account-matching.ts';
import type { AccountKey, TrackerItemCreate } from '../../integrations/ports.ts';
import { deleteTrackerDuplicate } from '../../store/integrations.repo.ts';
import { findRaisedRequest } from '../../store/tracker.repo.ts';
import { settleRequestIn } from './create-raised-request.ts';
import { completeIfDone, engagementOf } from './follow-ups.ts';
import { TRACKER_KINDS, ticketSourceFor } from '../connections/integration-clients.ts';
import { decryptedSettings, getUsableIntegration, vendorFailure } from '../connections/integrations.ts';
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
 * customer's context and a link back to the meeting, then records its id and URL. The
 * request id is the idempotency key, so a retry (after a timeout, a crash, a double click)
 * finds the item it already opened instead of opening a second one. Completes the engagement
 * when this was the last thing outstanding.
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
    return { meeting, engagement: await engagementOf(db, meeting), request: { id: requestId, externalId: found.row.external_id, url: found.row.url, created: false } };
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
  let opened;
  try {
    opened = await ticketSourceFor(integration.kind as (typeof TRACKER_KINDS)[number], decryptedSettings(deps, integration)).createItem(create);
  } catch (err) {
    throw vendorFailure(err);
  }

  return db.transaction().execute(async (tx) => {
    const { meeting: current } = await getEditableMeeting(deps, actor, meetingId, tx);
    // A sync that ran in between may have pulled the new item already: the raised row is the one to keep.
    await deleteTrackerDuplicate(tx, found.table, integration.kind, opened.externalId, requestId);
    const request = { table: found.table, id: requestId, accountId: meeting.accountId, title: found.row.title, status: found.row.status };
    await settleRequestIn(tx, deps, actor, request, { externalId: opened.externalId, url: opened.url, source: integration.kind, dismissedReason: null, trackerName: integration.name });
    const after = await completeIfDone(deps, tx, actor, current);
    return { meeting: after, engagement: await engagementOf(tx, after), request: { id: requestId, externalId: opened.externalId, url: opened.url, created: opened.created } };
  });
}
