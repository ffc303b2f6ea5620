import { VENDOR_FIELDS, checkCrmMapping, effectiveFields, type CrmMapping, type CrmVendor } from '../../domain/import/crm-mapping.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { invalid } from '../../errors.ts';
import { findCrmPullReport, listCrmPullRuns, saveCrmMapping } from '../../store/crm-pull.repo.ts';
import { findCursor, listIntegrations, type SyncRunRow } from '../../store/integrations.repo.ts';
import { CRM_KINDS } from '../connections/integration-clients.ts';
import { assertCanManageIntegrations } from '../connections/integrations.ts';
import { recordChange } from '../record-change.ts';
import { findCrmConnection, loadCrmMapping, type CrmPullReport } from './crm-pull.ts';

export interface CrmMappingView {
  integration: string;
  vendor: CrmVendor;
  /** false: nothing saved yet, this is the vendor's standard mapping (and no scheduled pull runs). */
  saved: boolean;
  updatedAt: string | null;
  mapping: CrmMapping;
  /** The vendor's standard fields under the saved ones: what a pull reads. */
  effectiveFields: Record<string, string>;
}

export async function getCrmMapping(deps: Deps, actor: Actor, idOrName: string): Promise<CrmMappingView> {
  assertCanManageIntegrations(actor);
  const integration = await findCrmConnection(deps.store.db, idOrName, 'id');
  const { mapping, saved, updatedAt } = await loadCrmMapping(deps.store.db, integration);
  const vendor = integration.kind as CrmVendor;
  return { integration: integration.name, vendor, saved, updatedAt, mapping, effectiveFields: effectiveFields(vendor, mapping) };
}

/** Saves a connection's CRM mapping (whole, as CrmMappingSchema read it), refused with the field named when it cannot be used. */
export async function putCrmMapping(deps: Deps, actor: Actor, idOrName: string, mapping: CrmMapping): Promise<CrmMappingView> {
  assertCanManageIntegrations(actor);
  return deps.store.db.transaction().execute(async (tx) => {
    const integration = await findCrmConnection(tx, idOrName, 'id');
    const vendor = integration.kind as CrmVendor;
    const problem = checkCrmMapping(vendor, mapping)[0];
    if (problem) throw invalid(problem.message, problem.field);
    const at = deps.now().toISOString();
    const before = await loadCrmMapping(tx, integration);
    await saveCrmMapping(tx, { integrationId: integration.id, mapping, updatedBy: actor.id, at });
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'integration.crm_mapping_saved',
      entityType: 'integration',
      entityId: integration.id,
      before: before.saved ? before.mapping : null,
      after: mapping,
      summary: `CRM mapping of ${integration.name} saved`,
    });
    return { integration: integration.name, vendor, saved: true, updatedAt: at, mapping, effectiveFields: effectiveFields(vendor, mapping) };
  });
}

export interface CrmPullRunView {
  id: string;
  full: boolean;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  error: string | null;
  /** The run's report (skipped records with reasons, values Cadence kept, the one-line summary); null while running. */
  report: CrmPullReport | null;
}

export interface CrmConnectionStatus {
  integration: string;
  vendor: CrmVendor;
  enabled: boolean;
  /** Pulled on a schedule (a mapping is saved and says so), and how often. */
  scheduled: boolean;
  everyMinutes: number;
  /** Records changed after this instant are read by the next pull. */
  watermark: string | null;
  lastPull: CrmPullRunView | null;
  /** When the last pull that ended well finished. */
  lastSuccessAt: string | null;
  /** The next scheduled pull, once the current interval is over. */
  nextPullAt: string | null;
}

async function runView(deps: Deps, r: SyncRunRow): Promise<CrmPullRunView> {
  return {
    id: r.id,
    full: r.scope === 'crm-pull:full',
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    pages: r.pages,
    fetched: r.fetched,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    skipped: r.unmatched,
    error: r.error,
    report: ((await findCrmPullReport(deps.store.db, r.id)) as CrmPullReport | undefined) ?? null,
  };
}

/** Each CRM connection's pull: watermark, last pull with its counts, reasons and error, schedule. */
export async function crmPullStatus(deps: Deps, actor: Actor): Promise<{ connections: CrmConnectionStatus[] }> {
  assertCanManageIntegrations(actor);
  const db = deps.store.db;
  const connections: CrmConnectionStatus[] = [];
  for (const integration of await listIntegrations(db, { kinds: CRM_KINDS })) {
    const { mapping, saved } = await loadCrmMapping(db, integration).catch(() => ({ mapping: null, saved: true }));
    const runs = await listCrmPullRuns(db, integration.id, 20);
    const last = runs[0];
    const success = runs.find((r) => r.status === 'ok');
    const scheduled = saved && (mapping?.scheduled ?? true) && integration.enabled;
    const everyMinutes = mapping?.everyMinutes ?? 60;
    connections.push({
      integration: integration.name,
      vendor: integration.kind as CrmVendor,
      enabled: integration.enabled,
      scheduled,
      everyMinutes,
      watermark: await findCursor(db, integration.id),
      lastPull: last ? await runView(deps, last) : null,
      lastSuccessAt: success?.finished_at ?? null,
      nextPullAt: scheduled ? (last ? new Date(Date.parse(last.started_at) + everyMinutes * 60_000).toISOString() : deps.now().toISOString()) : null,
    });
  }
  return { connections };
}

/** The names of the HubSpot and Salesforce integrations, for a command that needs one. */
export async function listCrmConnectionNames(deps: Deps, actor: Actor): Promise<string[]> {
  assertCanManageIntegrations(actor);
  return (await listIntegrations(deps.store.db, { kinds: CRM_KINDS })).map((i) => i.name);
}

/** The standard fields of each vendor, for a mapping screen. */
export const vendorFields = (): Record<CrmVendor, Record<string, string>> => VENDOR_FIELDS;
