import type { Actor } from '../../domain/model.ts';
import { crmSummary } from '../../domain/outbox/kinds.ts';
import type { Deps } from '../../deps.ts';
import { explain, isIntegrationError } from '../../integrations/errors.ts';
import type { CrmMeeting } from '../../integrations/ports.ts';
import { findAccount } from '../../store/accounts.repo.ts';
import { crmAccountFields, type CrmFieldMapping } from '../../integrations/crm-fields.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listOpenRisks } from '../../store/agenda-context.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findCrmSync, findIntegration, findMeetingAccountId, listCrmSyncsForAccount, listIntegrations, queueCrmSync, saveCrmSync, type CrmSyncRecord, type IntegrationRecord } from '../../store/integrations.repo.ts';
import { findMeeting } from '../../store/meetings.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { CRM_KINDS, crmClientFor } from './integration-clients.ts';
import { integrationTokens } from './integration-tokens.ts';
import { decryptedSettings } from './integrations.ts';
import { deliverOutboxRows, enqueueOutbox } from '../outbox/outbox.ts';
import { listDueCrmLogIds } from '../../store/outbox.repo.ts';

/**
 * The wait the sync state shows (1, 2, 4 … minutes, at most 6 hours; none after 12 failed
 * attempts). Informational only: the outbox (crm_log rows) decides when a push is tried again.
 */
export const CRM_MAX_ATTEMPTS = 12;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;

/** The wait before attempt `attempts + 1`. Pure. */
export function crmBackoffMs(attempts: number, retryAfterMs?: number): number {
  const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(wait, retryAfterMs ?? 0);
}

/**
 * Owes a push of a held meeting to every enabled CRM (HubSpot, Salesforce). Call it inside the
 * wrap-up's transaction, so the queue entry commits with the meeting; the outbox (its crm_log row)
 * does the network work after the commit and every retry. Queuing a meeting again re-arms it.
 */
export async function queueCrmPush(deps: Pick<Deps, 'config' | 'now' | 'newId'>, tx: Executor, meetingId: string): Promise<number> {
  const accountId = await findMeetingAccountId(tx, meetingId);
  if (!accountId) return 0;
  const crms = await listIntegrations(tx, { kinds: CRM_KINDS, enabled: true });
  const at = deps.now().toISOString();
  const meeting = crms.length ? await findMeeting(tx, meetingId) : undefined;
  const account = crms.length ? await findAccount(tx, accountId) : undefined;
  for (const crm of crms) {
    await queueCrmSync(tx, { id: deps.newId(), integrationId: crm.id, meetingId, accountId, at });
    // The outbox delivers it within seconds of the commit (Settings → Outbox shows it, retries it, keeps its dead letter).
    await enqueueOutbox(tx, deps, { kind: 'crm_log', payload: { integrationId: crm.id, meetingId }, summary: crmSummary({ integrationName: crm.name, meetingTitle: meeting?.title ?? meetingId, accountName: account?.name ?? accountId }) });
  }
  return crms.length;
}

/**
 * Delivers one `crm_log` outbox row: pushes the meeting to that CRM now, unless it was pushed
 * since (by an earlier attempt). A failure throws, so the outbox retries it.
 */
export async function deliverCrmLog(deps: Deps, payload: { integrationId: string; meetingId: string }, queuedAt: string): Promise<string> {
  const sync = await findCrmSync(deps.store.db, payload.integrationId, payload.meetingId);
  if (!sync) throw new Error('the CRM push this was queued for no longer exists');
  if (sync.status === 'synced' && sync.syncedAt && sync.syncedAt >= queuedAt) return `logged as ${sync.externalId ?? 'an activity'}`;
  const integration = await findIntegration(deps.store.db, sync.integrationId);
  if (!integration) throw new Error('the CRM integration this was queued for was removed');
  if (!integration.enabled) throw new Error(`${integration.name} is disabled: enable it, then retry`);
  const outcome = await pushOne(deps, sync, integration);
  // The vendor's own error when there is one: the outbox tells a refusal no retry can fix from a passing failure.
  if (!outcome.ok) throw outcome.cause;
  return `logged as ${outcome.externalId}`;
}

/** One push of one queued meeting to one CRM, recorded on the sync row (synced, or failed with the next attempt). */
async function pushOne(deps: Deps, sync: CrmSyncRecord, integration: IntegrationRecord): Promise<{ ok: true; externalId: string } | { ok: false; error: string; cause: Error }> {
  try {
    const meeting = await crmMeetingFor(deps, sync);
    const client = crmClientFor(integration.kind as (typeof CRM_KINDS)[number], decryptedSettings(deps, integration), integrationTokens(deps, integration));
    const pushed = await client.pushMeeting(meeting);
    const fields = await crmFieldsFor(deps, integration.settings.fields as CrmFieldMapping | undefined, sync.accountId);
    if (Object.keys(fields).length > 0) await client.updateAccountFields(meeting.companyId, fields);
    const at = deps.now().toISOString();
    await saveCrmSync(deps.store.db, { ...sync, status: 'synced', attempts: sync.attempts + 1, externalId: pushed.externalId, lastError: null, nextAttemptAt: null, syncedAt: at, updatedAt: at });
    return { ok: true, externalId: pushed.externalId };
  } catch (err) {
    const attempts = sync.attempts + 1;
    const retry = (!isIntegrationError(err) || err.retryable) && attempts < CRM_MAX_ATTEMPTS;
    const now = deps.now().getTime();
    const message = isIntegrationError(err) ? explain(err) : err instanceof Error ? err.message : String(err);
    await saveCrmSync(deps.store.db, {
      ...sync,
      status: 'failed',
      attempts,
      lastError: message,
      nextAttemptAt: retry ? new Date(now + crmBackoffMs(attempts, isIntegrationError(err) ? err.retryAfterMs : undefined)).toISOString() : null,
      updatedAt: new Date(now).toISOString(),
    });
    deps.logger.warn({ integration: integration.name, meetingId: sync.meetingId, attempts, problem: message }, 'CRM push failed');
    return { ok: false, error: message, cause: isIntegrationError(err) ? err : new Error(message) };
  }
}

async function crmMeetingFor(deps: Deps, sync: CrmSyncRecord): Promise<CrmMeeting> {
  const meeting = await findMeeting(deps.store.db, sync.meetingId);
  const account = await findAccount(deps.store.db, sync.accountId);
  if (!meeting || !account) throw new Error('the meeting or its account no longer exists');
  if (!account.crmId) throw new Error(`${account.name} has no CRM id; set it on the account and the push is retried`);
  const items = await listActionItems(deps.store.db, { meetingId: meeting.id });
  const summary =
    meeting.summary?.trim() ||
    meeting.notes
      .trim()
      .split(/\n{2,}/)[0]
      ?.slice(0, 2000) ||
    `${meeting.title} was held.`;
  return {
    idempotencyKey: `cadence-meeting-${meeting.id}`,
    companyId: account.crmId,
    title: meeting.title,
    startedAt: meeting.startsAt,
    endedAt: meeting.endsAt ?? undefined,
    summary,
    notesUrl: `${deps.config.baseUrl}/meetings/${meeting.id}`,
    actionItems: items.map((i) => ({ text: i.text, owner: i.owner.name, ...(i.dueDate ? { dueDate: i.dueDate } : {}) })),
    ...(sync.externalId ? { existingId: sync.externalId } : {}),
  };
}

/** The configured company fields with the account's health and live risks, if any are mapped. */
async function crmFieldsFor(deps: Deps, mapping: CrmFieldMapping | undefined, accountId: string) {
  if (!mapping || Object.keys(mapping).length === 0) return {};
  const account = await findAccount(deps.store.db, accountId);
  const risks = await listOpenRisks(deps.store.db, accountId);
  return crmAccountFields(mapping, {
    healthColour: account?.healthColour ?? null,
    healthScore: account?.healthScore ?? null,
    openRisks: risks.map((r) => `${r.type.replace(/_/g, ' ')} (${r.severity})`),
  });
}

/**
 * Delivers now the CRM logs whose time has come (of one meeting, or all), through the outbox:
 * the one path that retries a CRM push, with its backoff and dead letters (Settings → Outbox).
 * A failure is recorded on the sync state in words; errors that a retry cannot fix (credentials,
 * settings) become dead letters at once, and changing the integration puts them back in line.
 */
export async function pushCrmMeetings(deps: Deps, options: { meetingId?: string; limit?: number } = {}): Promise<{ synced: number; failed: number }> {
  const ids = await listDueCrmLogIds(deps.store.db, deps.now().toISOString(), options.limit ?? 100, options.meetingId);
  const outcomes = await deliverOutboxRows(deps, ids);
  return { synced: outcomes.filter((o) => o.state === 'delivered').length, failed: outcomes.filter((o) => o.state === 'retrying' || o.state === 'dead').length };
}

/** Where each held meeting of the account stands in each CRM. */
export async function getCrmSyncState(deps: Deps, actor: Actor, accountId: string) {
  await getAccount(deps, actor, accountId);
  const rows = await listCrmSyncsForAccount(deps.store.db, accountId);
  return {
    items: rows.map((r) => ({
      meetingId: r.meetingId,
      meetingTitle: r.meetingTitle,
      meetingStartsAt: r.meetingStartsAt,
      integration: r.integrationName,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.nextAttemptAt,
      externalId: r.externalId,
      syncedAt: r.syncedAt,
    })),
  };
}
