import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AccountCreateSchema, AccountUpdateSchema, ContactCreateSchema, ContactUpdateSchema, changedFields, summariseChange } from '../../domain/account/accounts.ts';
import { ACCOUNT_COLUMNS, ACCOUNT_FIELD_OF, CONTACT_COLUMNS, CONTACT_FIELD_OF, accountToCsvRow, contactToCsvRow, readCell } from '../../domain/account/csv-columns.ts';
import type { Account, Actor, Contact } from '../../domain/model.ts';
import { controlCharacterIn, controlCharacterMessage, firstIssue } from '../../domain/validation.ts';
import type { Deps } from '../../deps.ts';
import { canAssignOwner, canEditAccount, canReadAccount, defaultOwnerFor } from '../../policies/accounts.policy.ts';
import { findAccountsByExternalIds, insertAccount, saveAccount } from '../../store/accounts.repo.ts';
import { findContactsByExternalIds, insertContact, listContacts as listContactRows, saveContact } from '../../store/contacts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findUsersByEmails, listUsers } from '../../store/users.repo.ts';
import { applyAccountUpdate, listAccounts, newAccount } from './accounts.ts';
import { recordChange } from '../record-change.ts';

export interface LineProblem {
  line: number;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: LineProblem[];
}

interface ParsedRow {
  line: number;
  cells: Record<string, string>;
}

const MAX_ROWS = 100_000;

/** Parses the CSV text, reporting a broken file by its line; the header is line 1. */
function parseCsv(text: string, known: readonly string[], required: readonly string[]): { rows: ParsedRow[]; errors: LineProblem[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: false,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { rows: [], errors: [{ line: e.lines ?? 1, message: (e.message ?? 'the file is not valid CSV').replace(/^Invalid Record Length: /, '') }] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const errors: LineProblem[] = [];
  if (records.length === 0) errors.push({ line: 1, message: 'the file has no rows under its header' });
  const unknown = header.filter((h) => !known.includes(h));
  if (unknown.length) errors.push({ line: 1, message: `unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (expected ${known.join(', ')})` });
  const missing = records.length ? required.filter((r) => !header.includes(r)) : [];
  if (missing.length) errors.push({ line: 1, message: `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` });
  if (records.length > MAX_ROWS) errors.push({ line: 1, message: `the file has ${records.length} rows; at most ${MAX_ROWS} per import` });
  return { rows: records.map((r) => ({ line: r.info.lines, cells: r.record })), errors };
}

/**
 * A key worth looking up. One with a control character is refused with its line (readRow), and
 * PostgreSQL cannot even compare a NUL: looking it up first answered a 500 instead of the line.
 */
const lookable = (key: string): boolean => key !== '' && !controlCharacterIn(key);

/** Reads a row's cells into API fields, collecting every bad cell of the line. */
function readRow(row: ParsedRow, specs: typeof ACCOUNT_FIELD_OF, errors: LineProblem[]): Record<string, unknown> | null {
  const input: Record<string, unknown> = {};
  let ok = true;
  for (const [column, raw] of Object.entries(row.cells)) {
    const spec = specs[column];
    if (!spec) continue;
    const control = controlCharacterIn(raw ?? '');
    if (control) {
      errors.push({ line: row.line, message: `${column} ${controlCharacterMessage(control)}` });
      ok = false;
      continue;
    }
    const cell = readCell(column, raw ?? '', spec);
    if (!cell.ok) {
      errors.push({ line: row.line, message: cell.message });
      ok = false;
    } else if (cell.value !== undefined) input[spec.field] = cell.value;
  }
  return ok ? input : null;
}

/** Says which cell a zod problem is about, in the file's own column names and values. */
function describeIssue(row: ParsedRow, specs: typeof ACCOUNT_FIELD_OF, issue: { field: string | undefined; message: string }): string {
  const fieldName = issue.field?.split('.')[0];
  const column = Object.keys(specs).find((c) => specs[c]?.field === fieldName);
  if (!column) return issue.message;
  const raw = row.cells[column] ?? '';
  const message = fieldName ? issue.message.replace(new RegExp(`^${issue.field?.replace('.', '\\.')} `), '') : issue.message;
  return `${column} '${raw}' ${message}`;
}

function duplicateKeys(rows: ParsedRow[], errors: LineProblem[]): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = row.cells.external_id?.trim();
    if (!key) {
      errors.push({ line: row.line, message: 'external_id is required so a re-import updates instead of duplicating' });
      continue;
    }
    const first = seen.get(key);
    if (first) errors.push({ line: row.line, message: `external_id '${key}' already appears on line ${first}` });
    else seen.set(key, row.line);
  }
}

type Plan<T> = { kind: 'create'; record: T; line: number } | { kind: 'update'; before: T; after: T; line: number } | { kind: 'same' };

/**
 * Imports accounts from CSV. Every bad line is reported; with any error, or on a dry run,
 * nothing is written. Otherwise all lines commit in one transaction, each change recorded.
 */
export async function importAccounts(deps: Deps, actor: Actor, csv: string, options: { dryRun: boolean }): Promise<ImportReport> {
  const { rows, errors } = parseCsv(csv, ACCOUNT_COLUMNS, ['external_id', 'name']);
  duplicateKeys(rows, errors);
  const db = deps.store.db;
  const existing = await findAccountsByExternalIds(db, rows.map((r) => r.cells.external_id?.trim() ?? '').filter(lookable));
  const emails = [...new Set(rows.map((r) => r.cells.owner_email?.trim().toLowerCase() ?? '').filter(lookable))];
  const users = await findUsersByEmails(db, emails);
  const at = deps.now().toISOString();
  const plans: Plan<Account>[] = [];

  for (const row of rows) {
    const before = existing.get(row.cells.external_id?.trim() ?? '');
    const input = readRow(row, ACCOUNT_FIELD_OF, errors);
    if (!input) continue;
    if (typeof input.ownerId === 'string') {
      const owner = users.get(input.ownerId.toLowerCase());
      if (!owner) {
        errors.push({ line: row.line, message: `owner_email '${input.ownerId}' is not a user` });
        continue;
      }
      input.ownerId = owner.id;
    }
    const parsed = before ? AccountUpdateSchema.safeParse(input) : AccountCreateSchema.safeParse(input);
    if (!parsed.success) {
      errors.push({ line: row.line, message: describeIssue(row, ACCOUNT_FIELD_OF, firstIssue(parsed.error)) });
      continue;
    }
    if (before) {
      if (!canEditAccount(actor, before)) {
        // Out of scope, the name is not the importer's to learn; in scope, it helps them find the row.
        errors.push({ line: row.line, message: canReadAccount(actor, before) ? `you may not edit account ${before.name}` : `no account you can see has external id '${before.externalId ?? ''}'; it belongs to someone else` });
        continue;
      }
      const after = applyAccountUpdate(before, parsed.data, at);
      if (after.ownerId !== before.ownerId && !canAssignOwner(actor, after.ownerId)) {
        errors.push({ line: row.line, message: 'owner_email: you may not give this account to that owner' });
        continue;
      }
      plans.push(changedFields(before, after).some((f) => f !== 'updatedAt') ? { kind: 'update', before, after, line: row.line } : { kind: 'same' });
    } else {
      const record = newAccount(parsed.data as never, deps.newId(), at, defaultOwnerFor(actor));
      if (!canAssignOwner(actor, record.ownerId)) {
        errors.push({ line: row.line, message: 'owner_email: you may not create an account for that owner' });
        continue;
      }
      plans.push({ kind: 'create', record, line: row.line });
    }
  }
  const report = summarise(rows.length, plans, errors, options.dryRun);
  if (errors.length || options.dryRun) return report;

  await db.transaction().execute(async (tx) => {
    for (const plan of plans) {
      if (plan.kind === 'create') {
        await insertAccount(tx, plan.record);
        await recordImport(tx, deps, actor, plan.record.id, 'account', null, plan.record, `Account ${plan.record.name} imported`);
      } else if (plan.kind === 'update') {
        await saveAccount(tx, plan.before, plan.after);
        const fields = changedFields(plan.before, plan.after).filter((f) => f !== 'updatedAt');
        await recordImport(tx, deps, actor, plan.after.id, 'account', pick(plan.before, fields), pick(plan.after, fields), `Import: ${summariseChange(plan.before, plan.after, fields)}`);
      }
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

function summarise<T>(rows: number, plans: Plan<T>[], errors: LineProblem[], dryRun: boolean): ImportReport {
  return {
    dryRun,
    rows,
    created: plans.filter((p) => p.kind === 'create').length,
    updated: plans.filter((p) => p.kind === 'update').length,
    unchanged: plans.filter((p) => p.kind === 'same').length,
    errors: errors.sort((a, b) => a.line - b.line),
  };
}

/** Imports contacts from CSV, each tied to an account by the account's external id. */
export async function importContacts(deps: Deps, actor: Actor, csv: string, options: { dryRun: boolean }): Promise<ImportReport> {
  const { rows, errors } = parseCsv(csv, CONTACT_COLUMNS, ['external_id', 'account_external_id', 'name']);
  duplicateKeys(rows, errors);
  const db = deps.store.db;
  const accounts = await findAccountsByExternalIds(db, [...new Set(rows.map((r) => r.cells.account_external_id?.trim() ?? '').filter(lookable))]);
  const existing = await findContactsByExternalIds(db, rows.map((r) => r.cells.external_id?.trim() ?? '').filter(lookable));
  const at = deps.now().toISOString();
  const plans: Plan<Contact>[] = [];

  for (const row of rows) {
    const input = readRow(row, CONTACT_FIELD_OF, errors);
    if (!input) continue;
    const accountKey = String(input.accountId ?? '');
    const account = accounts.get(accountKey);
    if (!account || !canReadAccount(actor, account)) {
      errors.push({ line: row.line, message: `account_external_id: no account you can see has external id '${accountKey}'` });
      continue;
    }
    if (!canEditAccount(actor, account)) {
      errors.push({ line: row.line, message: `you may not edit contacts of ${account.name}` });
      continue;
    }
    input.accountId = account.id;
    const before = existing.get(String(input.externalId));
    if (before) {
      const { accountId: _moved, ...patch } = input;
      const parsed = ContactUpdateSchema.safeParse(patch);
      if (!parsed.success) {
        errors.push({ line: row.line, message: describeIssue(row, CONTACT_FIELD_OF, firstIssue(parsed.error)) });
        continue;
      }
      const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
      const after: Contact = { ...before, ...defined, email: parsed.data.email === undefined ? before.email : (parsed.data.email?.toLowerCase() ?? null), accountId: account.id, updatedAt: at };
      plans.push(changedFields(before, after).some((f) => f !== 'updatedAt') ? { kind: 'update', before, after, line: row.line } : { kind: 'same' });
    } else {
      const parsed = ContactCreateSchema.safeParse(input);
      if (!parsed.success) {
        errors.push({ line: row.line, message: describeIssue(row, CONTACT_FIELD_OF, firstIssue(parsed.error)) });
        continue;
      }
      const c = parsed.data;
      plans.push({
        kind: 'create',
        line: row.line,
        record: {
          id: deps.newId(),
          accountId: account.id,
          name: c.name,
          email: c.email?.toLowerCase() ?? null,
          title: c.title ?? null,
          role: c.role,
          status: c.status,
          phone: c.phone ?? null,
          externalId: c.externalId ?? null,
          archivedAt: null,
          createdAt: at,
          updatedAt: at,
        },
      });
    }
  }
  const report = summarise(rows.length, plans, errors, options.dryRun);
  if (errors.length || options.dryRun) return report;

  await db.transaction().execute(async (tx) => {
    for (const plan of plans) {
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

/** Every account the actor may see, as CSV with the import's columns. */
export async function exportAccounts(deps: Deps, actor: Actor, options: { includeArchived?: boolean } = {}): Promise<string> {
  const emails = new Map((await listUsers(deps.store.db)).map((u) => [u.id, u.email]));
  const rows: Record<string, string>[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAccounts(deps, actor, { cursor, limit: 500, archived: options.includeArchived ? 'include' : 'exclude' });
    for (const a of page.items) rows.push(accountToCsvRow(a, a.ownerId ? (emails.get(a.ownerId) ?? null) : null));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return stringify(rows, { header: true, columns: [...ACCOUNT_COLUMNS] });
}

/** Every contact of the accounts the actor may see, as CSV with the import's columns. */
export async function exportContacts(deps: Deps, actor: Actor): Promise<string> {
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
  return stringify(rows, { header: true, columns: [...CONTACT_COLUMNS] });
}
