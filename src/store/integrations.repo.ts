import type { StoredTrackerRow, TrackerRowValues, TrackerTableName } from '../domain/account/tracker-sync.ts';
import type { Executor } from './database.ts';
import type { IntegrationSyncRunsTable, IntegrationsTable, CrmSyncsTable } from './schema.ts';

/** An integration as stored: `settings` still holds its secrets encrypted. */
export interface IntegrationRecord {
  id: string;
  name: string;
  kind: string;
  settings: Record<string, unknown>;
  accountRules: unknown[];
  enabled: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

function toRecord(row: IntegrationsTable): IntegrationRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    accountRules: JSON.parse(row.account_rules) as unknown[],
    enabled: row.enabled === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(r: IntegrationRecord): IntegrationsTable {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    settings: JSON.stringify(r.settings),
    account_rules: JSON.stringify(r.accountRules),
    enabled: r.enabled ? 1 : 0,
    created_by: r.createdBy,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export async function insertIntegration(db: Executor, r: IntegrationRecord): Promise<void> {
  await db.insertInto('integrations').values(toRow(r)).execute();
}

export async function saveIntegration(db: Executor, r: IntegrationRecord): Promise<void> {
  const { id, created_at, created_by, ...rest } = toRow(r);
  void created_at;
  void created_by;
  await db.updateTable('integrations').set(rest).where('id', '=', id).execute();
}

export async function deleteIntegration(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('integrations').where('id', '=', id).execute();
}

export async function findIntegration(db: Executor, idOrName: string): Promise<IntegrationRecord | undefined> {
  const row = await db
    .selectFrom('integrations')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function listIntegrations(db: Executor, filter: { kinds?: readonly string[]; enabled?: boolean } = {}): Promise<IntegrationRecord[]> {
  let q = db.selectFrom('integrations').selectAll().orderBy('name');
  if (filter.kinds?.length) q = q.where('kind', 'in', [...filter.kinds]);
  if (filter.enabled !== undefined) q = q.where('enabled', '=', filter.enabled ? 1 : 0);
  return (await q.execute()).map(toRecord);
}

export async function findCursor(db: Executor, integrationId: string): Promise<string | null> {
  const row = await db.selectFrom('integration_cursors').select('cursor').where('integration_id', '=', integrationId).executeTakeFirst();
  return row?.cursor ?? null;
}

export async function saveCursor(db: Executor, integrationId: string, cursor: string, at: string): Promise<void> {
  await db
    .insertInto('integration_cursors')
    .values({ integration_id: integrationId, cursor, updated_at: at })
    .onConflict((oc) => oc.column('integration_id').doUpdateSet({ cursor, updated_at: at }))
    .execute();
}

export interface SyncRunCounts {
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  unmatched: number;
}

export type SyncRunRow = IntegrationSyncRunsTable;

export async function insertSyncRun(db: Executor, r: { id: string; integrationId: string; scope: string; at: string }): Promise<void> {
  await db
    .insertInto('integration_sync_runs')
    .values({ id: r.id, integration_id: r.integrationId, scope: r.scope, status: 'running', pages: 0, fetched: 0, created: 0, updated: 0, unchanged: 0, unmatched: 0, error: null, started_at: r.at, finished_at: null })
    .execute();
}

export async function finishSyncRun(db: Executor, id: string, r: SyncRunCounts & { status: 'ok' | 'failed'; error: string | null; at: string }): Promise<void> {
  await db
    .updateTable('integration_sync_runs')
    .set({ status: r.status, pages: r.pages, fetched: r.fetched, created: r.created, updated: r.updated, unchanged: r.unchanged, unmatched: r.unmatched, error: r.error, finished_at: r.at })
    .where('id', '=', id)
    .execute();
}

export async function listSyncRuns(db: Executor, integrationId: string, limit = 20): Promise<SyncRunRow[]> {
  return db.selectFrom('integration_sync_runs').selectAll().where('integration_id', '=', integrationId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The stored tickets and feature requests of one source by tracker id (both tables). */
export async function findTrackerRows(db: Executor, source: string, externalIds: readonly string[]): Promise<Map<string, StoredTrackerRow>> {
  const found = new Map<string, StoredTrackerRow>();
  const unique = [...new Set(externalIds)];
  for (const table of ['support_tickets', 'feature_requests'] as const) {
    for (const ids of chunks(unique)) {
      if (ids.length === 0) continue;
      const rows = await db
        .selectFrom(table)
        .select(['id', 'external_id', 'account_id', 'title', 'status', 'raw_status', 'priority', 'url', 'closed_at', 'raised_in_meeting_id'])
        .where('source', '=', source)
        .where('external_id', 'in', ids)
        .execute();
      for (const r of rows) {
        if (r.external_id === null) continue;
        found.set(r.external_id, {
          id: r.id,
          table,
          accountId: r.account_id,
          title: r.title,
          status: r.status,
          rawStatus: r.raw_status,
          priority: r.priority,
          url: r.url,
          closedAt: r.closed_at,
          raisedInMeetingId: r.raised_in_meeting_id,
        });
      }
    }
  }
  return found;
}

export interface NewTrackerRow {
  id: string;
  source: string;
  externalId: string;
  openedAt: string;
  values: TrackerRowValues;
}

/** Many synced items at once (a page), in statements of a few hundred rows. */
export async function insertTrackerRows(db: Executor, table: TrackerTableName, rows: readonly NewTrackerRow[], at: string): Promise<void> {
  for (const part of chunks(rows, table === 'feature_requests' ? 400 : CHUNK)) {
    if (part.length === 0) continue;
    const values = part.map((r) => ({
      id: r.id,
      account_id: r.values.accountId,
      source: r.source,
      external_id: r.externalId,
      title: r.values.title,
      status: r.values.status,
      raw_status: r.values.rawStatus,
      priority: r.values.priority,
      url: r.values.url,
      raised_in_meeting_id: null,
      dismissed_reason: null,
      opened_at: r.openedAt,
      closed_at: r.values.closedAt,
      created_at: r.openedAt,
      updated_at: at,
      ...(table === 'feature_requests' ? { shipped_in: null, shipped_at: r.values.status === 'shipped' ? r.values.closedAt : null } : {}),
    }));
    await db.insertInto(table).values(values).execute();
  }
}

export async function updateTrackerRow(db: Executor, table: TrackerTableName, id: string, values: TrackerRowValues, at: string): Promise<void> {
  await db
    .updateTable(table)
    .set({
      account_id: values.accountId,
      title: values.title,
      status: values.status,
      raw_status: values.rawStatus,
      priority: values.priority,
      url: values.url,
      closed_at: values.closedAt,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteTrackerRow(db: Executor, table: TrackerTableName, id: string): Promise<void> {
  await db.deleteFrom(table).where('id', '=', id).execute();
}

export type CrmSyncStatus = 'pending' | 'failed' | 'synced';

export interface CrmSyncRecord {
  id: string;
  integrationId: string;
  meetingId: string;
  accountId: string;
  status: CrmSyncStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  externalId: string | null;
  syncedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function toCrm(r: CrmSyncsTable): CrmSyncRecord {
  return {
    id: r.id,
    integrationId: r.integration_id,
    meetingId: r.meeting_id,
    accountId: r.account_id,
    status: r.status as CrmSyncStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    externalId: r.external_id,
    syncedAt: r.synced_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Owes a push of the meeting to the CRM; a meeting queued again is pushed again (an update in place). */
export async function queueCrmSync(db: Executor, r: { id: string; integrationId: string; meetingId: string; accountId: string; at: string }): Promise<void> {
  await db
    .insertInto('crm_syncs')
    .values({
      id: r.id,
      integration_id: r.integrationId,
      meeting_id: r.meetingId,
      account_id: r.accountId,
      status: 'pending',
      attempts: 0,
      next_attempt_at: r.at,
      last_error: null,
      external_id: null,
      synced_at: null,
      created_at: r.at,
      updated_at: r.at,
    })
    .onConflict((oc) => oc.columns(['integration_id', 'meeting_id']).doUpdateSet({ status: 'pending', attempts: 0, next_attempt_at: r.at, updated_at: r.at }))
    .execute();
}

/** The push owed to one CRM for one meeting, if any. */
export async function findCrmSync(db: Executor, integrationId: string, meetingId: string): Promise<CrmSyncRecord | undefined> {
  const r = await db.selectFrom('crm_syncs').selectAll().where('integration_id', '=', integrationId).where('meeting_id', '=', meetingId).executeTakeFirst();
  return r ? toCrm(r) : undefined;
}

export async function saveCrmSync(db: Executor, r: CrmSyncRecord): Promise<void> {
  await db
    .updateTable('crm_syncs')
    .set({ status: r.status, attempts: r.attempts, next_attempt_at: r.nextAttemptAt, last_error: r.lastError, external_id: r.externalId, synced_at: r.syncedAt, updated_at: r.updatedAt })
    .where('id', '=', r.id)
    .execute();
}

export async function listCrmSyncsForAccount(db: Executor, accountId: string): Promise<(CrmSyncRecord & { integrationName: string; meetingTitle: string; meetingStartsAt: string })[]> {
  const rows = await db
    .selectFrom('crm_syncs')
    .innerJoin('integrations', 'integrations.id', 'crm_syncs.integration_id')
    .innerJoin('meetings', 'meetings.id', 'crm_syncs.meeting_id')
    .selectAll('crm_syncs')
    .select(['integrations.name as integration_name', 'meetings.title as meeting_title', 'meetings.starts_at as meeting_starts_at'])
    .where('crm_syncs.account_id', '=', accountId)
    .orderBy('meetings.starts_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...toCrm(r), integrationName: r.integration_name, meetingTitle: r.meeting_title, meetingStartsAt: r.meeting_starts_at }));
}

/** The delivery ids among these that were already received. */
export async function findDeliveredIds(db: Executor, deliveryIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const ids of chunks([...new Set(deliveryIds)])) {
    if (ids.length === 0) continue;
    const rows = await db.selectFrom('product_findings').select('delivery_id').where('delivery_id', 'in', ids).execute();
    for (const r of rows) if (r.delivery_id) found.add(r.delivery_id);
  }
  return found;
}

/** A finding unless its delivery was already received (a replay is ignored, even when concurrent). */
export async function insertFindingOnce(db: Executor, f: { id: string; accountId: string; deliveryId: string; kind: string; title: string; severity: string | null; detail: string | null; foundAt: string; at: string }): Promise<boolean> {
  const result = await db
    .insertInto('product_findings')
    .values({ id: f.id, account_id: f.accountId, delivery_id: f.deliveryId, kind: f.kind, title: f.title, severity: f.severity, detail: f.detail, found_at: f.foundAt, created_at: f.at })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Failed CRM pushes of an integration become due now (after its settings changed). */
export async function rearmFailedCrmSyncs(db: Executor, integrationId: string, at: string): Promise<void> {
  await db.updateTable('crm_syncs').set({ next_attempt_at: at }).where('integration_id', '=', integrationId).where('status', '=', 'failed').execute();
}

/** Removes a synced copy of an item that a raised request now stands for. */
export async function deleteTrackerDuplicate(db: Executor, table: TrackerTableName, source: string, externalId: string, keepId: string): Promise<void> {
  await db.deleteFrom(table).where('source', '=', source).where('external_id', '=', externalId).where('id', '!=', keepId).execute();
}

export async function findMeetingAccountId(db: Executor, meetingId: string): Promise<string | undefined> {
  return (await db.selectFrom('meetings').select('account_id').where('id', '=', meetingId).executeTakeFirst())?.account_id;
}

export async function findExistingAccountIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(ids)) {
    if (part.length === 0) continue;
    for (const r of await db.selectFrom('accounts').select('id').where('id', 'in', part).execute()) found.add(r.id);
  }
  return found;
}
