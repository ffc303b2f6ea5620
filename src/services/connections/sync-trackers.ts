import { planTrackerItem, type SyncedItem, type TrackerPlan, type TrackerTableName } from '../../domain/account/tracker-sync.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { buildAccountMatcher, type AccountMatchRule } from '../../integrations/account-matching.ts';
import { explain } from '../../integrations/errors.ts';
import type { TicketSource, TrackerItem, TrackerPage } from '../../integrations/ports.ts';
import { findAccount } from '../../store/accounts.repo.ts';
import type { Executor } from '../../store/database.ts';
import {
  deleteTrackerRow,
  findCursor,
  findIntegration,
  findTrackerRows,
  finishSyncRun,
  insertSyncRun,
  insertTrackerRows,
  listIntegrations,
  saveCursor,
  updateTrackerRow,
  type IntegrationRecord,
  type NewTrackerRow,
  type SyncRunCounts,
} from '../../store/integrations.repo.ts';
import { TRACKER_KINDS, isTrackerKind, ticketSourceFor } from './integration-clients.ts';
import { integrationTokens } from './integration-tokens.ts';
import { decryptedSettings } from './integrations.ts';

export interface SyncProgress extends SyncRunCounts {
  integration: string;
}

export interface SyncOptions {
  /** One integration by name or id; default every enabled tracker. */
  integration?: string;
  /** Only this account's items, fetched in full; the stored cursor is neither read nor moved. */
  accountId?: string;
  /** After each committed page. */
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
  /** Test seam: runs inside each page's transaction, just before it commits. */
  beforeCommit?: (page: number) => void | Promise<void>;
  /** Test seam: the client to use instead of one built from the settings. */
  sourceFor?: (integration: IntegrationRecord) => TicketSource;
}

export interface SyncRunSummary extends SyncRunCounts {
  runId: string;
  integration: string;
  kind: string;
  status: 'ok' | 'failed';
  /** What went wrong, in words (explain()), never a secret. */
  error: string | null;
}

const zero = (): SyncRunCounts => ({ pages: 0, fetched: 0, created: 0, updated: 0, unchanged: 0, unmatched: 0 });

async function trackersToSync(deps: Deps, options: SyncOptions): Promise<IntegrationRecord[]> {
  if (!options.integration) return listIntegrations(deps.store.db, { kinds: TRACKER_KINDS, enabled: true });
  const found = await findIntegration(deps.store.db, options.integration);
  if (!found) throw notFound(`integration ${options.integration}`);
  if (!isTrackerKind(found.kind)) throw invalid(`${found.name} is a ${found.kind} integration, not a ticket tracker`, 'integration');
  if (!found.enabled) throw invalid(`${found.name} is disabled; enable it first`, 'integration');
  return [found];
}

/**
 * Pulls what changed in each tracker since its stored cursor and upserts it by (source, tracker
 * id), matched to accounts by the integration's rules. Each page is written in one transaction
 * together with the cursor that follows it, so a crash leaves no half page and the next run
 * resumes after the last whole one. Unchanged items write nothing: a re-run changes nothing.
 * One tracker failing does not stop the others; each run is logged with its counts or error.
 */
export async function syncTrackers(deps: Deps, options: SyncOptions = {}): Promise<{ runs: SyncRunSummary[] }> {
  if (options.accountId) {
    if (!(await findAccount(deps.store.db, options.accountId))) throw notFound('account');
  }
  const runs: SyncRunSummary[] = [];
  for (const integration of await trackersToSync(deps, options)) {
    runs.push(await syncOne(deps, integration, options));
  }
  return { runs };
}

async function syncOne(deps: Deps, integration: IntegrationRecord, options: SyncOptions): Promise<SyncRunSummary> {
  const runId = deps.newId();
  const scope = options.accountId ? `account:${options.accountId}` : 'incremental';
  await insertSyncRun(deps.store.db, { id: runId, integrationId: integration.id, scope, at: deps.now().toISOString() });
  const counts = zero();
  let error: string | null = null;
  try {
    const source = options.sourceFor?.(integration) ?? ticketSourceFor(integration.kind as (typeof TRACKER_KINDS)[number], decryptedSettings(deps, integration), integrationTokens(deps, integration));
    const match = buildAccountMatcher(integration.accountRules as AccountMatchRule[]);
    const accountOf = (item: TrackerItem): string | null => {
      const m = match(item);
      return m.matched ? m.accountId : null;
    };
    for await (const page of pagesFor(source, integration, options, deps)) {
      counts.pages += 1;
      counts.fetched += page.items.length;
      await deps.store.db.transaction().execute(async (tx) => {
        const written = await writePage(tx, deps, page.items, accountOf, options.accountId);
        counts.created += written.created;
        counts.updated += written.updated;
        counts.unchanged += written.unchanged;
        counts.unmatched += written.unmatched;
        if (!options.accountId && page.nextCursor) await saveCursor(tx, integration.id, page.nextCursor, deps.now().toISOString());
        await options.beforeCommit?.(counts.pages);
      });
      options.onProgress?.({ integration: integration.name, ...counts });
    }
  } catch (err) {
    error = err instanceof AppError ? err.message : explain(err);
    deps.logger.warn({ integration: integration.name, kind: integration.kind, problem: error }, 'tracker sync failed');
  }
  const status = error ? 'failed' : 'ok';
  await finishSyncRun(deps.store.db, runId, { ...counts, status, error, at: deps.now().toISOString() });
  return { runId, integration: integration.name, kind: integration.kind, status, error, ...counts };
}

async function* pagesFor(source: TicketSource, integration: IntegrationRecord, options: SyncOptions, deps: Deps): AsyncIterable<TrackerPage> {
  if (!options.accountId) {
    yield* source.listChanged(await findCursor(deps.store.db, integration.id), options.signal);
    return;
  }
  // Zendesk lists an organisation's tickets directly; other trackers are read in full and filtered.
  const orgIds = (integration.accountRules as AccountMatchRule[]).filter((r) => r.accountId === options.accountId).flatMap((r) => r.orgIds ?? []);
  const byOrg = (source as Partial<{ listOrganizationTickets(orgId: string, signal?: AbortSignal): AsyncIterable<TrackerItem[]> }>).listOrganizationTickets;
  if (byOrg && orgIds.length > 0) {
    for (const orgId of orgIds) for await (const items of byOrg.call(source, orgId, options.signal)) yield { items, nextCursor: '' };
    return;
  }
  yield* source.listChanged(null, options.signal);
}

function toSynced(item: TrackerItem): SyncedItem {
  return {
    source: item.source,
    externalId: item.externalId,
    kind: item.kind,
    title: item.title,
    status: item.status,
    rawStatus: item.rawStatus,
    priority: item.priority,
    url: item.url,
    createdAt: item.createdAt,
    closedAt: item.closedAt,
    deleted: item.deleted,
  };
}

/** One page's upserts; the caller holds the transaction. */
async function writePage(tx: Executor, deps: Deps, items: readonly TrackerItem[], accountOf: (item: TrackerItem) => string | null, onlyAccount: string | undefined) {
  const at = deps.now().toISOString();
  const latest = new Map<string, TrackerItem>();
  for (const item of items) latest.set(`${item.source}\u0000${item.externalId}`, item);
  const bySource = new Map<string, TrackerItem[]>();
  for (const item of latest.values()) bySource.set(item.source, [...(bySource.get(item.source) ?? []), item]);

  const out = { created: 0, updated: 0, unchanged: 0, unmatched: 0 };
  for (const [source, group] of bySource) {
    const stored = await findTrackerRows(
      tx,
      source,
      group.map((i) => i.externalId),
    );
    const inserts = new Map<TrackerTableName, NewTrackerRow[]>([
      ['support_tickets', []],
      ['feature_requests', []],
    ]);
    for (const item of group) {
      const current = stored.get(item.externalId);
      const matched = accountOf(item);
      if (onlyAccount && (matched ?? current?.accountId) !== onlyAccount) continue;
      const plan: TrackerPlan = planTrackerItem(toSynced(item), current, matched, at);
      if (plan.kind !== 'same' && plan.values.accountId === null) out.unmatched += 1;
      switch (plan.kind) {
        case 'same':
          out.unchanged += 1;
          break;
        case 'create':
          inserts.get(plan.table)?.push({ id: deps.newId(), source, externalId: item.externalId, openedAt: item.createdAt, values: plan.values });
          out.created += 1;
          break;
        case 'update':
          await updateTrackerRow(tx, plan.table, plan.id, plan.values, at);
          out.updated += 1;
          break;
        case 'move':
          await deleteTrackerRow(tx, plan.from, plan.id);
          inserts.get(plan.table)?.push({ id: plan.id, source, externalId: item.externalId, openedAt: item.createdAt, values: plan.values });
          out.updated += 1;
          break;
      }
    }
    for (const [table, rows] of inserts) await insertTrackerRows(tx, table, rows, at);
  }
  return out;
}
