import { sql } from 'kysely';
import { AccountCreateSchema, AccountUpdateSchema, changedFields, summariseChange } from '../../domain/account/accounts.ts';
import {
  CrmMappingSchema,
  PULLED_FIELDS,
  checkCrmMapping,
  defaultCrmMapping,
  mapCrmRecord,
  pulledFieldsOf,
  pulledValue,
  requestedFields,
  resolveFields,
  type CrmMapping,
  type CrmVendor,
  type PulledField,
} from '../../domain/import/crm-mapping.ts';
import type { Account, Actor, User } from '../../domain/model.ts';
import { firstIssue } from '../../domain/validation.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { CrmOwner, CrmPuller, CrmRecord } from '../../integrations/crm-pull.ts';
import { explain } from '../../integrations/errors.ts';
import { createHubSpotPuller } from '../../integrations/hubspot/pull.ts';
import { createSalesforcePuller } from '../../integrations/salesforce/pull.ts';
import { instantFromCursor, laterInstant } from '../../integrations/watermark.ts';
import { findAccountIdsByDomains } from '../../store/account-domains.repo.ts';
import { findAccountsByIds, saveAccount } from '../../store/accounts.repo.ts';
import { externalIdsTaken, findAccountIdsByCrmIds, findCrmMapping, findPulledValues, findRunningCrmPull, saveCrmPullReport, savePulledValues } from '../../store/crm-pull.repo.ts';
import type { Executor } from '../../store/database.ts';
import { insertAccountsBatch, insertHistoryBatch, saveAccountDomainsBatch } from '../../store/import-batch.repo.ts';
import { findCursor, findIntegration, finishSyncRun, insertSyncRun, listIntegrations, saveCursor, type IntegrationRecord } from '../../store/integrations.repo.ts';
import { listUsers } from '../../store/users.repo.ts';
import { applyAccountUpdate, newAccount } from '../accounts/accounts.ts';
import { CRM_KINDS, isCrmKind } from '../connections/integration-clients.ts';
import { integrationTokens } from '../connections/integration-tokens.ts';
import { assertCanManageIntegrations, decryptedSettings } from '../connections/integrations.ts';
import { recordChange } from '../record-change.ts';

/** Who the scheduled pull acts as in the history: the CRM connection, with an admin's reach. */
export const crmPullActor = (integration: string): Actor => ({ id: null, role: 'admin', reportIds: [], label: `CRM pull (${integration})` });

/** A record left out, with why, so someone can fix it in the CRM or in the mapping. */
export interface SkippedRecord {
  crmId: string;
  name: string;
  reason: string;
}

/** A field both sides changed where Cadence's value stayed (its rule is cadence_wins). */
export interface KeptValue {
  crmId: string;
  accountId: string;
  account: string;
  field: PulledField;
  /** In words: "renewal date". */
  label: string;
  cadenceValue: unknown;
  crmValue: unknown;
}

export interface CrmPullReport {
  integration: string;
  vendor: CrmVendor;
  dryRun: boolean;
  full: boolean;
  status: 'ok' | 'failed';
  /** What went wrong, in words (never a secret); the watermark stays where the last whole page left it. */
  error: string | null;
  /** Asked for records changed after this instant (null: every record). */
  since: string | null;
  /** Where the next pull starts (unchanged on a dry run). */
  watermark: string | null;
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: SkippedRecord[];
  kept: KeptValue[];
  /** Fields changed in both places, by who won. */
  conflicts: { crmWon: number; cadenceKept: number };
  /** One line: "12 updated, 3 kept Cadence's value: renewal date edited in Cadence". */
  summary: string;
}

export interface CrmPullOptions {
  /** One CRM connection by name or id; default every enabled HubSpot and Salesforce connection. */
  integration?: string;
  /** Read and plan everything, write nothing (the watermark stays). */
  dryRun?: boolean;
  /** Ask for every record, not only those changed since the watermark. */
  full?: boolean;
  /** Test seam: the puller to use instead of one built from the settings. */
  pullerFor?: (integration: IntegrationRecord) => CrmPuller & { owners?(): Promise<CrmOwner[]> };
}

/** At most this many skipped records and kept values are kept in a report (the counts are exact). */
const REPORT_LIMIT = 200;

/** The saved mapping of a connection, or its vendor's standard one. */
export async function loadCrmMapping(db: Executor, integration: IntegrationRecord): Promise<{ mapping: CrmMapping; saved: boolean; updatedAt: string | null }> {
  const found = await findCrmMapping(db, integration.id);
  if (!found) return { mapping: defaultCrmMapping(integration.kind as CrmVendor), saved: false, updatedAt: null };
  const parsed = CrmMappingSchema.safeParse(found.mapping);
  // A mapping saved by an older Cadence that no longer reads is the pull's error to report, not a crash.
  if (!parsed.success) throw invalid(`the saved CRM mapping of ${integration.name} no longer reads (${firstIssue(parsed.error).message}); save it again`, 'mapping');
  return { mapping: parsed.data, saved: true, updatedAt: found.updatedAt };
}

/** The CRM connection by id or name: a HubSpot or Salesforce integration (400 naming the field otherwise). */
export async function findCrmConnection(db: Executor, idOrName: string, field = 'integration'): Promise<IntegrationRecord> {
  const found = await findIntegration(db, idOrName);
  if (!found) throw notFound(`integration ${idOrName}`);
  if (!isCrmKind(found.kind)) throw invalid(`${found.name} is a ${found.kind} integration; accounts are pulled from hubspot or salesforce`, field);
  return found;
}

function pullerFor(deps: Deps, integration: IntegrationRecord): CrmPuller & { owners?(): Promise<CrmOwner[]> } {
  const s = decryptedSettings(deps, integration) as { baseUrl?: string; instanceUrl?: string; accessToken: string; apiVersion?: string; http?: Record<string, number> };
  if (integration.kind === 'hubspot') return createHubSpotPuller({ baseUrl: s.baseUrl, accessToken: s.accessToken, http: s.http });
  return createSalesforcePuller({ instanceUrl: s.instanceUrl ?? '', accessToken: s.accessToken, tokens: integrationTokens(deps, integration), apiVersion: s.apiVersion, http: s.http });
}

/**
 * Pulls the companies (HubSpot) or Accounts (Salesforce) changed since each connection's
 * watermark into Cadence's accounts, through the connection's CRM mapping. An account is found
 * by its CRM id, else by its external id, else by its web domain; otherwise it is created. Each
 * page is written in one transaction with the watermark after it: a crash or a vendor error
 * mid-pull leaves whole accounts and whole pages, and the next pull resumes after the last page
 * written (a run can hold tens of thousands of records: one transaction for all of it would hold
 * the database for minutes). Bad records are skipped with their reason.
 */
export async function pullCrm(deps: Deps, actor: Actor, options: CrmPullOptions = {}): Promise<{ pulls: CrmPullReport[] }> {
  assertCanManageIntegrations(actor);
  const connections = options.integration ? [await findCrmConnection(deps.store.db, options.integration)] : await listIntegrations(deps.store.db, { kinds: CRM_KINDS, enabled: true });
  if (options.integration && connections[0] && !connections[0].enabled) throw invalid(`${connections[0].name} is disabled; enable it first`, 'integration');
  const pulls: CrmPullReport[] = [];
  for (const integration of connections) pulls.push(await pullOne(deps, actor, integration, options));
  return { pulls };
}

/** https://developers.hubspot.com/docs/api/crm/search#limitations: "limited to 10,000 total results for any given query". */
const HUBSPOT_SEARCH_LIMIT = 10_000;

/** A pull of one connection started less than this long ago and still running is left to finish. */
const RUNNING_LEASE_MS = 30 * 60_000;

async function pullOne(deps: Deps, actor: Actor, integration: IntegrationRecord, options: CrmPullOptions): Promise<CrmPullReport> {
  const vendor = integration.kind as CrmVendor;
  const dryRun = options.dryRun ?? false;
  const full = options.full ?? false;
  const report: CrmPullReport = {
    integration: integration.name,
    vendor,
    dryRun,
    full,
    status: 'ok',
    error: null,
    since: null,
    watermark: null,
    pages: 0,
    fetched: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: [],
    kept: [],
    conflicts: { crmWon: 0, cadenceKept: 0 },
    summary: '',
  };
  const counted = { skipped: 0, kept: 0, keptFields: new Map<string, number>() };
  const runId = deps.newId();
  const db = deps.store.db;
  let recorded = false;
  try {
    const stored = instantFromCursor(await findCursor(db, integration.id));
    report.watermark = stored;
    report.since = full ? null : stored;
    if (!dryRun) {
      const running = await findRunningCrmPull(db, integration.id, new Date(deps.now().getTime() - RUNNING_LEASE_MS).toISOString());
      if (running) throw new AppError('conflict', `a pull of ${integration.name} is already running; its result shows in the status when it ends`);
      await insertSyncRun(db, { id: runId, integrationId: integration.id, scope: full ? 'crm-pull:full' : 'crm-pull', at: deps.now().toISOString() });
      recorded = true;
    }
    const { mapping } = await loadCrmMapping(db, integration);
    const problems = checkCrmMapping(vendor, mapping);
    if (problems[0]) throw invalid(`the CRM mapping cannot be used: ${problems[0].message}`, 'mapping');
    const puller = options.pullerFor?.(integration) ?? pullerFor(deps, integration);
    const wanted = requestedFields(vendor, mapping);
    const owners = vendor === 'hubspot' && wanted.includes('hubspot_owner_id') && puller.owners ? new Map((await puller.owners()).map((o) => [o.id, o.email])) : null;
    const users = new Map((await listUsers(db)).map((u) => [u.email.toLowerCase(), u]));
    let cursor: string | undefined;
    let since = report.since;
    let readUpTo: string | null = null;
    let more = false;
    do {
      const page = await puller.page(since, cursor, wanted);
      report.pages += 1;
      report.fetched += page.records.length;
      const latest = [...new Map(page.records.map((r) => [r.crmId, r])).values()];
      const watermark = page.records.reduce<string | null>((w, r) => laterInstant(w, r.modifiedAt), report.watermark);
      readUpTo = page.records.reduce<string | null>((w, r) => laterInstant(w, r.modifiedAt), readUpTo);
      const context: PageContext = { deps, actor, integration, vendor, mapping, owners, users, report, counted, write: !dryRun };
      if (dryRun) await writePage(db, context, latest);
      else
        await db.transaction().execute(async (tx) => {
          // One pull of a connection writes at a time (an API pull beside the scheduled one): both would create the same new accounts.
          if (deps.store.dialect === 'postgres') await sql`select id from integrations where id = ${integration.id} for update`.execute(tx);
          await writePage(tx, context, latest);
          if (watermark) await saveCursor(tx, integration.id, watermark, deps.now().toISOString());
        });
      if (!dryRun) report.watermark = watermark;
      cursor = page.next;
      more = Boolean(cursor);
      // HubSpot's search answers at most 10,000 results a query: further on, ask again from the last change read
      // (a millisecond before it, so records changed in that same millisecond are read again, never skipped).
      if (cursor && vendor === 'hubspot' && Number(cursor) >= HUBSPOT_SEARCH_LIMIT - 200 && readUpTo) {
        since = new Date(Date.parse(readUpTo) - 1).toISOString();
        cursor = undefined;
      }
    } while (more);
  } catch (err) {
    report.status = 'failed';
    report.error = err instanceof AppError ? err.message : explain(err);
    if (err instanceof AppError && err.code === 'conflict') {
      report.summary = report.error;
      return report;
    }
    deps.logger.warn({ integration: integration.name, kind: integration.kind, problem: report.error }, 'CRM pull failed');
  }
  report.summary = summarise(report, counted);
  report.skipped = report.skipped.slice(0, REPORT_LIMIT);
  report.kept = report.kept.slice(0, REPORT_LIMIT);
  if (recorded) {
    await finishSyncRun(db, runId, {
      pages: report.pages,
      fetched: report.fetched,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      unmatched: counted.skipped,
      status: report.status,
      error: report.error,
      at: deps.now().toISOString(),
    });
    await saveCrmPullReport(db, { runId, integrationId: integration.id, report });
  }
  return report;
}

function summarise(report: CrmPullReport, counted: { skipped: number; kept: number; keptFields: Map<string, number> }): string {
  const parts = [`${report.created} created`, `${report.updated} updated`, `${report.unchanged} unchanged`];
  if (counted.skipped) parts.push(`${counted.skipped} skipped`);
  let line = `${report.dryRun ? 'Dry run: would have ' : ''}${parts.join(', ')}`;
  if (counted.kept) {
    const fields = [...counted.keptFields].map(([label, n]) => (n > 1 ? `${label} (${n})` : label)).join(', ');
    line += `, ${counted.kept} kept Cadence's value: ${fields} edited in Cadence`;
  }
  if (report.conflicts.crmWon) line += `, ${report.conflicts.crmWon} edited in both took the CRM's value`;
  return report.error ? `${line}; stopped: ${report.error}` : line;
}

interface PageContext {
  deps: Deps;
  actor: Actor;
  integration: IntegrationRecord;
  vendor: CrmVendor;
  mapping: CrmMapping;
  owners: Map<string, string> | null;
  users: Map<string, User>;
  report: CrmPullReport;
  counted: { skipped: number; kept: number; keptFields: Map<string, number> };
  write: boolean;
}

function skip(ctx: PageContext, record: CrmRecord, reason: string, name?: string): void {
  ctx.counted.skipped += 1;
  ctx.report.skipped.push({ crmId: record.crmId, name: name ?? '', reason });
}

/** The record's owner as a Cadence user id, or why it cannot be. */
function ownerOf(ctx: PageContext, ref: string): { ok: true; id: string } | { ok: false; why: string } {
  const user = ctx.users.get(ref.toLowerCase());
  if (user) return { ok: true, id: user.id };
  return { ok: false, why: `its owner ${ref} is not a Cadence user; add them, or map the owner to a user's email under values.owner` };
}

/** One page's accounts; the caller holds the transaction (none on a dry run, which writes nothing). */
async function writePage(db: Executor, ctx: PageContext, records: CrmRecord[]): Promise<void> {
  const { deps, integration, vendor, mapping, report } = ctx;
  const at = deps.now().toISOString();
  const links = await findAccountIdsByCrmIds(
    db,
    records.map((r) => r.crmId),
  );
  const prepared: { record: CrmRecord; row: NonNullable<ReturnType<typeof mapped>>; domain: string | null }[] = [];
  function mapped(record: CrmRecord) {
    const fields = { ...record.fields };
    if (vendor === 'hubspot' && ctx.owners && fields.hubspot_owner_id) {
      const email = ctx.owners.get(fields.hubspot_owner_id);
      if (!email) {
        skip(ctx, record, `its owner ${fields.hubspot_owner_id} is not a HubSpot user with an email`, fields.name);
        return null;
      }
      fields.hubspot_owner_id = email;
    }
    const result = mapCrmRecord(vendor, mapping, fields);
    if (!result.ok) {
      skip(ctx, record, result.reasons.join('; '), fields.name ?? fields.Name);
      return null;
    }
    return result.row;
  }
  for (const record of records) {
    if (!record.crmId) continue;
    const row = mapped(record);
    if (!row) continue;
    if (typeof row.input.ownerId === 'string') {
      const owner = ownerOf(ctx, row.input.ownerId);
      if (!owner.ok) {
        skip(ctx, record, owner.why, String(row.input.name));
        continue;
      }
      row.input.ownerId = owner.id;
    }
    prepared.push({ record, row, domain: row.domain });
  }
  const byDomain = await findAccountIdsByDomains(
    db,
    prepared.flatMap((p) => (p.domain ? [p.domain] : [])),
  );
  const taken = await externalIdsTaken(
    db,
    prepared.map((p) => p.record.crmId),
  );
  const ids = new Set<string>();
  const candidates = new Map<string, string | undefined>();
  for (const p of prepared) {
    const id = links.byCrmId.get(p.record.crmId) ?? links.byExternalId.get(p.record.crmId) ?? (p.domain ? byDomain.get(p.domain) : undefined);
    candidates.set(p.record.crmId, id);
    if (id) ids.add(id);
  }
  const accounts = ids.size ? await findAccountsByIds(db, [...ids]) : new Map<string, Account>();
  const lastPulled = await findPulledValues(db, integration.id, [...accounts.keys()]);
  const domains: { accountId: string; domain: string }[] = [];
  const newAccounts: Account[] = [];
  const remembered: { accountId: string; field: string; value: string }[] = [];
  for (const { record, row, domain } of prepared) {
    let account = accounts.get(candidates.get(record.crmId) ?? '');
    // A domain match to an account another CRM record already owns is a different company with the same website.
    if (account && account.crmId && account.crmId !== record.crmId && account.externalId !== record.crmId) account = undefined;
    const incoming = pulledFieldsOf(row);
    if (!account) {
      const input: Record<string, unknown> = { ...row.input, crmId: record.crmId };
      for (const [k, v] of Object.entries(mapping.defaults)) if (input[k] === undefined && v !== undefined) input[k] = v;
      if (!taken.has(record.crmId)) input.externalId = record.crmId;
      const parsed = AccountCreateSchema.safeParse(input);
      if (!parsed.success) {
        skip(ctx, record, describe(row.columnOf, parsed.error), String(row.input.name));
        continue;
      }
      const created = newAccount(parsed.data, deps.newId(), at, null);
      if (!created.externalId) created.externalId = created.id;
      taken.add(created.externalId);
      report.created += 1;
      newAccounts.push(created);
      links.byCrmId.set(record.crmId, created.id);
      accounts.set(created.id, created);
      if (domain && !byDomain.has(domain)) domains.push({ accountId: created.id, domain });
      for (const [field, value] of Object.entries(incoming)) remembered.push({ accountId: created.id, field, value: pulledValue(value) });
      continue;
    }
    if (incoming.tags !== undefined && !row.columnOf.tags) incoming.tags = [...new Set([...account.tags, ...(incoming.tags as string[])])];
    const { patch, outcomes } = resolveFields(account, incoming, lastPulled.get(account.id) ?? new Map(), mapping.conflicts);
    const update: Record<string, unknown> = { ...patch };
    if (!account.crmId) update.crmId = record.crmId;
    let after = account;
    if (Object.keys(update).length) {
      const parsed = AccountUpdateSchema.safeParse(update);
      if (!parsed.success) {
        skip(ctx, record, describe(row.columnOf, parsed.error), account.name);
        continue;
      }
      after = applyAccountUpdate(account, parsed.data, at);
    }
    for (const o of outcomes) {
      if (o.outcome === 'kept') {
        ctx.counted.kept += 1;
        report.conflicts.cadenceKept += 1;
        const label = PULLED_FIELDS[o.field];
        ctx.counted.keptFields.set(label, (ctx.counted.keptFields.get(label) ?? 0) + 1);
        report.kept.push({ crmId: record.crmId, accountId: account.id, account: account.name, field: o.field, label, cadenceValue: o.cadenceValue, crmValue: o.crmValue });
      } else if (o.conflict) report.conflicts.crmWon += 1;
    }
    const changed = changedFields(account, after).filter((f) => f !== 'updatedAt');
    if (changed.length) {
      report.updated += 1;
      if (ctx.write) {
        await saveAccount(db, account, after);
        await recordChange(db, deps, ctx.actor, {
          accountId: after.id,
          action: 'account.pulled',
          entityType: 'account',
          entityId: after.id,
          before: Object.fromEntries(changed.map((f) => [f, account[f]])),
          after: Object.fromEntries(changed.map((f) => [f, after[f]])),
          summary: `${integration.name}: ${summariseChange(account, after, changed)}`,
        });
      }
      accounts.set(after.id, after);
    } else report.unchanged += 1;
    if (domain && byDomain.get(domain) === undefined) domains.push({ accountId: account.id, domain });
    for (const [field, value] of Object.entries(incoming)) remembered.push({ accountId: account.id, field, value: pulledValue(value) });
  }
  if (!ctx.write) return;
  // New accounts and their history in multi-row inserts, as the CSV import writes them.
  await insertAccountsBatch(db, newAccounts);
  await insertHistoryBatch(
    db,
    newAccounts.map((a) => ({ id: deps.newId(), actorId: ctx.actor.id, actorLabel: ctx.actor.label, action: 'account.pulled', entityType: 'account', entityId: a.id, before: null, after: a, at })),
    newAccounts.map((a) => ({
      id: deps.newId(),
      accountId: a.id,
      kind: 'account.pulled',
      summary: `Account ${a.name} pulled from ${integration.name}`,
      detail: { entityType: 'account', entityId: a.id },
      actorId: ctx.actor.id,
      occurredAt: at,
    })),
  );
  await saveAccountDomainsBatch(db, domains);
  await savePulledValues(db, integration.id, remembered, at);
}

/** A refused value in the CRM's own field name and words: "annualrevenue: arr must be at least 0". */
function describe(columnOf: Record<string, string>, error: import('zod').ZodError): string {
  const { field, message } = firstIssue(error);
  const name = field?.split('.')[0];
  const property = name ? columnOf[name] : undefined;
  return property ? `${property}: ${message}` : message;
}
