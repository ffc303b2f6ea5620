import { z } from 'zod';
import type { Actor } from '../../domain/model.ts';
import { shortText } from '../../domain/validation.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict, invalid, notFound } from '../../errors.ts';
import type { AccountMatchRule } from '../../integrations/account-matching.ts';
import { explain, isIntegrationError } from '../../integrations/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { canManageIntegrations } from '../../policies/integrations.policy.ts';
import type { ConnectionCheck } from '../../integrations/ports.ts';
import { REDACTED, decryptSettings, encryptSettings, isSecretKey, redact } from '../../integrations/secrets.ts';
import type { Executor } from '../../store/database.ts';
import {
  deleteIntegration as deleteIntegrationRow,
  findCursor,
  findIntegration,
  insertIntegration,
  listIntegrations as listIntegrationRows,
  listSyncRuns,
  findExistingAccountIds,
  rearmFailedCrmSyncs,
  saveIntegration,
  type IntegrationRecord,
  type SyncRunRow,
} from '../../store/integrations.repo.ts';
import { rearmCrmLogs } from '../../store/outbox.repo.ts';
import { NEEDS_REAUTH_KEYS, integrationTokens } from './integration-tokens.ts';
import { INTEGRATION_KINDS, SETTINGS_SCHEMAS, chatNotifierFor, crmClientFor, isCrmKind, isTrackerKind, isTranscriptKind, ticketSourceFor, transcriptSourceFor, type IntegrationKind } from './integration-clients.ts';
import { parseInput } from '../parse-input.ts';
import { recordChange } from '../record-change.ts';

const words = z.array(z.string().trim().min(1).max(300)).max(500);

export const AccountRuleSchema = z
  .strictObject({ accountId: z.string().min(1).max(64), source: z.string().max(50).optional(), orgIds: words.optional(), labels: words.optional(), emailDomains: words.optional() })
  .refine((r) => (r.orgIds?.length ?? 0) + (r.labels?.length ?? 0) + (r.emailDomains?.length ?? 0) > 0, { message: 'needs orgIds, labels or emailDomains', path: ['orgIds'] });

const NameSchema = shortText(80).regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'may hold letters, digits, spaces, dots, dashes and underscores');

export const IntegrationCreateSchema = z.strictObject({
  name: NameSchema,
  kind: z.enum(INTEGRATION_KINDS),
  settings: z.record(z.string(), z.unknown()),
  accountRules: z.array(AccountRuleSchema).max(5000).optional(),
  enabled: z.boolean().optional(),
});
export type IntegrationCreate = z.infer<typeof IntegrationCreateSchema>;

/** Settings sent back as read (secrets "[redacted]") keep their stored values; null removes a key. */
export const IntegrationUpdateSchema = z.strictObject({
  name: NameSchema.optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  accountRules: z.array(AccountRuleSchema).max(5000).optional(),
  enabled: z.boolean().optional(),
});
export type IntegrationUpdate = z.infer<typeof IntegrationUpdateSchema>;

/** An integration as the API and CLI show it: never a secret, not even encrypted. */
export interface IntegrationView {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  accountRules: AccountMatchRule[];
  createdAt: string;
  updatedAt: string;
}

/** One sync run as the API and CLI show it. */
export interface SyncRunView {
  id: string;
  scope: string;
  status: string;
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export function toSyncRunView(r: SyncRunRow): SyncRunView {
  return {
    id: r.id,
    scope: r.scope,
    status: r.status,
    pages: r.pages,
    fetched: r.fetched,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    unmatched: r.unmatched,
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export function toIntegrationView(r: IntegrationRecord): IntegrationView {
  return { id: r.id, name: r.name, kind: r.kind, enabled: r.enabled, settings: redact(r.settings), accountRules: r.accountRules as AccountMatchRule[], createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/** Integration settings hold the team's credentials: see canManageIntegrations. */
export function assertCanManageIntegrations(actor: Actor): void {
  authorize(canManageIntegrations(actor), 'only admins and managers manage integrations');
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** The settings with their secrets in clear, for building a client. Never returned or logged. */
export function decryptedSettings(deps: Pick<Deps, 'config'>, r: IntegrationRecord): Record<string, unknown> {
  try {
    return decryptSettings(r.settings as Json, deps.config.secret, r.id) as Record<string, unknown>;
  } catch (err) {
    throw new AppError('invalid', `${r.name}: ${isIntegrationError(err) ? err.message : 'its secrets cannot be read'}`, { field: 'settings', cause: err });
  }
}

function checkSettings(kind: IntegrationKind, settings: unknown): Record<string, unknown> {
  return parseInput(z.strictObject({ settings: SETTINGS_SCHEMAS[kind] }), { settings }).settings as Record<string, unknown>;
}

async function checkRules(db: Executor, rules: readonly { accountId: string }[]): Promise<void> {
  const ids = [...new Set(rules.map((r) => r.accountId))];
  if (ids.length === 0) return;
  const found = await findExistingAccountIds(db, ids);
  const bad = rules.findIndex((r) => !found.has(r.accountId));
  if (bad >= 0) throw invalid(`accountRules.${bad}.accountId '${rules[bad]?.accountId}' is not an account`, `accountRules.${bad}.accountId`);
}

function audited(r: IntegrationRecord) {
  return { name: r.name, kind: r.kind, enabled: r.enabled, settings: redact(r.settings), accountRules: r.accountRules.length };
}

export async function createIntegration(deps: Deps, actor: Actor, input: IntegrationCreate): Promise<IntegrationView> {
  assertCanManageIntegrations(actor);
  const settings = checkSettings(input.kind, input.settings);
  const id = deps.newId();
  const at = deps.now().toISOString();
  const record: IntegrationRecord = {
    id,
    name: input.name,
    kind: input.kind,
    settings: encryptSettings(settings as Json, deps.config.secret, id) as Record<string, unknown>,
    accountRules: input.accountRules ?? [],
    enabled: input.enabled ?? true,
    createdBy: actor.id,
    createdAt: at,
    updatedAt: at,
  };
  await deps.store.db.transaction().execute(async (tx) => {
    if (await findIntegration(tx, input.name)) throw conflict(`an integration named ${input.name} already exists`, 'name');
    await checkRules(tx, record.accountRules as { accountId: string }[]);
    await insertIntegration(tx, record);
    await recordChange(tx, deps, actor, { accountId: null, action: 'integration.created', entityType: 'integration', entityId: id, before: null, after: audited(record), summary: `Integration ${record.name} (${record.kind}) added` });
  });
  return toIntegrationView(record);
}

/** The stored integration by id or name, for a manager or admin. */
export async function getIntegrationRecord(deps: Deps, actor: Actor, idOrName: string, db: Executor = deps.store.db): Promise<IntegrationRecord> {
  assertCanManageIntegrations(actor);
  const found = await findIntegration(db, idOrName);
  if (!found) throw notFound('integration');
  return found;
}

export async function listIntegrations(deps: Deps, actor: Actor): Promise<{ items: (IntegrationView & { lastRun: SyncRunView | null })[] }> {
  assertCanManageIntegrations(actor);
  const rows = await listIntegrationRows(deps.store.db);
  const items = [];
  for (const r of rows) {
    const last = (await listSyncRuns(deps.store.db, r.id, 1))[0];
    items.push({ ...toIntegrationView(r), lastRun: last ? toSyncRunView(last) : null });
  }
  return { items };
}

export async function getIntegration(deps: Deps, actor: Actor, idOrName: string) {
  const r = await getIntegrationRecord(deps, actor, idOrName);
  return { ...toIntegrationView(r), cursor: await findCursor(deps.store.db, r.id), runs: (await listSyncRuns(deps.store.db, r.id, 20)).map(toSyncRunView) };
}

function mergeSettings(stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(patch)) {
    if (v === REDACTED) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

export async function updateIntegration(deps: Deps, actor: Actor, idOrName: string, patch: IntegrationUpdate): Promise<IntegrationView> {
  assertCanManageIntegrations(actor);
  return deps.store.db.transaction().execute(async (tx) => {
    const before = await getIntegrationRecord(deps, actor, idOrName, tx);
    if (patch.name && patch.name !== before.name && (await findIntegration(tx, patch.name))) throw conflict(`an integration named ${patch.name} already exists`, 'name');
    let settings = before.settings;
    if (patch.settings) {
      const merged = checkSettings(before.kind as IntegrationKind, mergeSettings(decryptedSettings(deps, before), patch.settings));
      // New credentials entered: a grant marked as refused no longer stands in the way.
      if (Object.entries(patch.settings).some(([k, v]) => isSecretKey(k) && v !== REDACTED && v !== null)) for (const k of NEEDS_REAUTH_KEYS) delete merged[k];
      settings = encryptSettings(merged as Json, deps.config.secret, before.id) as Record<string, unknown>;
    }
    if (patch.accountRules) await checkRules(tx, patch.accountRules);
    const after: IntegrationRecord = { ...before, name: patch.name ?? before.name, enabled: patch.enabled ?? before.enabled, accountRules: patch.accountRules ?? before.accountRules, settings, updatedAt: deps.now().toISOString() };
    await saveIntegration(tx, after);
    // New credentials may fix what failed: CRM pushes that were waiting for a person try again.
    await rearmFailedCrmSyncs(tx, after.id, after.updatedAt);
    await rearmCrmLogs(tx, after.id, after.updatedAt);
    await recordChange(tx, deps, actor, { accountId: null, action: 'integration.updated', entityType: 'integration', entityId: after.id, before: audited(before), after: audited(after), summary: `Integration ${after.name} changed` });
    return toIntegrationView(after);
  });
}

export async function removeIntegration(deps: Deps, actor: Actor, idOrName: string): Promise<void> {
  await deps.store.db.transaction().execute(async (tx) => {
    const before = await getIntegrationRecord(deps, actor, idOrName, tx);
    await deleteIntegrationRow(tx, before.id);
    await recordChange(tx, deps, actor, { accountId: null, action: 'integration.deleted', entityType: 'integration', entityId: before.id, before: audited(before), after: null, summary: `Integration ${before.name} removed` });
  });
}

export type ConnectionOutcome = ConnectionCheck | { ok: false; kind: string; problem: string };

/** Calls the vendor with the stored settings and says in words what is wrong, if anything. */
export async function testIntegration(deps: Deps, actor: Actor, idOrName: string): Promise<ConnectionOutcome> {
  const r = await getIntegrationRecord(deps, actor, idOrName);
  const settings = decryptedSettings(deps, r);
  try {
    const kind = r.kind as IntegrationKind;
    if (isTrackerKind(kind)) return await ticketSourceFor(kind, settings, integrationTokens(deps, r)).testConnection();
    if (isCrmKind(kind)) return await crmClientFor(kind, settings, integrationTokens(deps, r)).testConnection();
    if (isTranscriptKind(kind)) return await transcriptSourceFor(kind, settings).testConnection();
    if (kind === 'slack') return await chatNotifierFor(settings).testConnection();
    return { ok: true, detail: 'Findings deliveries signed with this secret are accepted at POST /api/findings' };
  } catch (err) {
    return { ok: false, kind: isIntegrationError(err) ? err.kind : 'unexpected', problem: explain(err) };
  }
}

/** A vendor failure during a user's request, as one AppError whose message explains it. */
export function vendorFailure(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (!isIntegrationError(err)) return new AppError('internal', 'the integration failed unexpectedly', { cause: err });
  // The vendor failed, refused our credentials or is rate-limiting us: a 502 that says so, never the caller's 4xx or our 500.
  return new AppError('upstream', explain(err), { cause: err });
}

/** An enabled integration of one of the given kinds, by id or name (400 naming the field otherwise). */
export async function getUsableIntegration(deps: Deps, db: Executor, idOrName: string, kinds: readonly string[], field = 'integration'): Promise<IntegrationRecord> {
  const r = await findIntegration(db, idOrName);
  if (!r) throw invalid(`${field} '${idOrName}' is not a configured integration`, field);
  if (!kinds.includes(r.kind)) throw invalid(`${field} '${r.name}' is a ${r.kind} integration; this needs ${kinds.join(' or ')}`, field);
  if (!r.enabled) throw invalid(`${field} '${r.name}' is disabled`, field);
  return r;
}
