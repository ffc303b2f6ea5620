import { stringify } from 'csv-stringify/sync';
import { changedFields, summariseChange } from '../../domain/account/accounts.ts';
import { ACCOUNT_COLUMNS, CONTACT_COLUMNS, accountToCsvRow, contactToCsvRow, neutraliseCell } from '../../domain/account/csv-columns.ts';
import type { ImportMapping } from '../../domain/import/mapping.ts';
import type { Delimiter, LineProblem } from '../../domain/import/table.ts';
import type { CsvEncoding } from '../../domain/import/decode.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { insertAccountsBatch, insertHistoryBatch, saveAccountDomainsBatch } from '../../store/import-batch.repo.ts';
import { saveAccount } from '../../store/accounts.repo.ts';
import { insertContact, listContacts as listContactRows, saveContact } from '../../store/contacts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { listUsers } from '../../store/users.repo.ts';
import { listAccounts } from './accounts.ts';
import { planAccounts, planContacts, prepareImport, type ImportOptions, type Plan, type PreparedImport } from './import-plan.ts';
import { yieldToEventLoop } from './read-import-file.ts';
import { recordChange } from '../record-change.ts';

export type { LineProblem } from '../../domain/import/table.ts';
export type { ImportOptions } from './import-plan.ts';

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: LineProblem[];
  /** Lines around the table that were not rows: report titles, footers, blank lines. */
  skipped: { line: number; reason: string }[];
  /** How the file was read and mapped (null when it could not be read); save it to reuse. */
  mapping: ImportMapping | null;
  encoding: CsvEncoding | null;
  delimiter: Delimiter | null;
}

/** Writes this many rows, then lets the event loop through, inside the one transaction. */
const WRITE_BATCH = 500;

/**
 * Imports accounts from a CSV file as it comes (bytes in any usual encoding, or text), through a
 * mapping (given, a preset's, or proposed from the header). Every bad line is reported; with any
 * error, or on a dry run, nothing is written. Otherwise all lines commit in one transaction, each
 * change recorded.
 */
export async function importAccounts(deps: Deps, actor: Actor, csv: string | Uint8Array, options: ImportOptions): Promise<ImportReport> {
  const prepared = await prepareImport('accounts', csv, options);
  const plans = prepared.errors.some((e) => e.line <= (prepared.file?.table.headerLine ?? 1)) ? [] : await planAccounts(deps, actor, prepared);
  const report = summarise(prepared, plans, options.dryRun);
  if (report.errors.length || options.dryRun) return report;
  await deps.store.db.transaction().execute(async (tx) => {
    for (let i = 0; i < plans.length; i += WRITE_BATCH) {
      const batch = plans.slice(i, i + WRITE_BATCH);
      // New accounts go in multi-row inserts with their history; updates one by one, as they differ.
      const created = batch.flatMap((p) => (p.kind === 'create' ? [p.record] : []));
      await insertAccountsBatch(tx, created);
      const at = deps.now().toISOString();
      await insertHistoryBatch(
        tx,
        created.map((a) => ({ id: deps.newId(), actorId: actor.id, actorLabel: actor.label, action: 'account.imported', entityType: 'account', entityId: a.id, before: null, after: a, at })),
        created.map((a) => ({ id: deps.newId(), accountId: a.id, kind: 'account.imported', summary: `Account ${a.name} imported`, detail: { entityType: 'account', entityId: a.id }, actorId: actor.id, occurredAt: at })),
      );
      for (const plan of batch) {
        if (plan.kind !== 'update') continue;
        await saveAccount(tx, plan.before, plan.after);
        const fields = changedFields(plan.before, plan.after).filter((f) => f !== 'updatedAt');
        await recordImport(tx, deps, actor, plan.after.id, 'account', pick(plan.before, fields), pick(plan.after, fields), `Import: ${summariseChange(plan.before, plan.after, fields)}`);
      }
      await saveAccountDomainsBatch(
        tx,
        batch.flatMap((p) => (p.domain && p.kind !== 'same' ? [{ accountId: p.kind === 'update' ? p.after.id : p.record.id, domain: p.domain }] : [])),
      );
      await yieldToEventLoop();
    }
  });
  return report;
}

function pick<T extends object>(record: T, fields: (keyof T)[]): Partial<T> {
  return Object.fromEntries(fields.map((f) => [f, record[f]])) as Partial<T>;
}

async function recordImport(tx: Executor, deps: Deps, actor: Actor, accountId: string, entityType: string, before: unknown, after: unknown, summary: string): Promise<void> {
  const entityId = (after as { id?: string }).id ?? accountId;
  await recordChange(tx, deps, actor, { accountId, action: `${entityType}.imported`, entityType, entityId, before, after, summary });
}

function summarise<T>(prepared: PreparedImport, plans: Plan<T>[], dryRun: boolean): ImportReport {
  return {
    dryRun,
    rows: prepared.file?.table.rows.length ?? 0,
    created: plans.filter((p) => p.kind === 'create').length,
    updated: plans.filter((p) => p.kind === 'update').length,
    unchanged: plans.filter((p) => p.kind === 'same').length,
    errors: prepared.errors.sort((a, b) => a.line - b.line),
    skipped: prepared.file?.table.skipped ?? [],
    mapping: prepared.proposal?.mapping ?? null,
    encoding: prepared.file?.encoding ?? null,
    delimiter: prepared.file?.delimiter ?? null,
  };
}

/** Imports contacts from CSV, each tied to its account by the account's external id, its name or the contact's email domain. */
export async function importContacts(deps: Deps, actor: Actor, csv: string | Uint8Array, options: ImportOptions): Promise<ImportReport> {
  const prepared = await prepareImport('contacts', csv, options);
  const plans = prepared.errors.some((e) => e.line <= (prepared.file?.table.headerLine ?? 1)) ? [] : await planContacts(deps, actor, prepared);
  const report = summarise(prepared, plans, options.dryRun);
  if (report.errors.length || options.dryRun) return report;
  await deps.store.db.transaction().execute(async (tx) => {
    for (const [i, plan] of plans.entries()) {
      if (i % WRITE_BATCH === WRITE_BATCH - 1) await yieldToEventLoop();
      if (plan.kind === 'create') {
        await insertContact(tx, plan.record);
        await recordImport(tx, deps, actor, plan.record.accountId, 'contact', null, plan.record, `Contact ${plan.record.name} imported`);
      } else if (plan.kind === 'update') {
        await saveContact(tx, plan.after);
        const fields = changedFields(plan.before, plan.after).filter((f) => f !== 'updatedAt');
        await recordImport(
          tx,
          deps,
          actor,
          plan.after.accountId,
          'contact',
          { id: plan.before.id, ...pick(plan.before, fields) },
          { id: plan.after.id, ...pick(plan.after, fields) },
          `Import: contact ${plan.after.name}: ${summariseChange(plan.before, plan.after, fields)}`,
        );
      }
    }
  });
  return report;
}

/** How an export is written: `bom` starts it with a UTF-8 byte order mark, so Excel reads it as UTF-8. */
export interface ExportOptions {
  includeArchived?: boolean;
  bom?: boolean;
}

/**
 * The CSV text of rows, safe to open in a spreadsheet: a cell that starts with =, +, -, @, a tab
 * or a carriage return is prefixed with a quote (OWASP's CSV injection rule), which the import
 * takes off again, so an export re-imports unchanged.
 */
function toCsv(rows: Record<string, string>[], columns: readonly string[], bom: boolean): string {
  const safe = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, neutraliseCell(v)])));
  return (bom ? '\ufeff' : '') + stringify(safe, { header: true, columns: [...columns] });
}

/** Every account the actor may see, as CSV with the import's columns. */
export async function exportAccounts(deps: Deps, actor: Actor, options: ExportOptions = {}): Promise<string> {
  const emails = new Map((await listUsers(deps.store.db)).map((u) => [u.id, u.email]));
  const rows: Record<string, string>[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAccounts(deps, actor, { cursor, limit: 500, archived: options.includeArchived ? 'include' : 'exclude' });
    for (const a of page.items) rows.push(accountToCsvRow(a, a.ownerId ? (emails.get(a.ownerId) ?? null) : null));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return toCsv(rows, ACCOUNT_COLUMNS, options.bom ?? false);
}

/** Every contact of the accounts the actor may see, as CSV with the import's columns. */
export async function exportContacts(deps: Deps, actor: Actor, options: Pick<ExportOptions, 'bom'> = {}): Promise<string> {
  const rows: Record<string, string>[] = [];
  let cursor: string | undefined;
  const accountKeys = new Map<string, string>();
  do {
    const page = await listAccounts(deps, actor, { cursor, limit: 500, archived: 'include' });
    for (const a of page.items) accountKeys.set(a.id, a.externalId ?? a.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  let after: { name: string; id: string } | undefined;
  for (;;) {
    const page = await listContactRows(deps.store.db, { scopeUserIds: null, accountIds: undefined }, { limit: 500, after });
    for (const c of page) {
      const key = accountKeys.get(c.accountId);
      if (key) rows.push(contactToCsvRow(c, key));
    }
    const last = page[page.length - 1];
    if (page.length < 500 || !last) break;
    after = { name: last.name.toLowerCase(), id: last.id };
  }
  return toCsv(rows, CONTACT_COLUMNS, options.bom ?? false);
}
