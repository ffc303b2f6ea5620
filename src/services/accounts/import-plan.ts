import type { z } from 'zod';
import { AccountCreateSchema, AccountUpdateSchema, ContactCreateSchema, ContactUpdateSchema, changedFields } from '../../domain/account/accounts.ts';
import type { ImportKind } from '../../domain/import/fields.ts';
import { mapRow, proposeMapping, type ImportMapping, type MappedRow, type Proposal } from '../../domain/import/mapping.ts';
import type { PresetName } from '../../domain/import/presets.ts';
import type { LineProblem } from '../../domain/import/table.ts';
import { keyOf } from '../../domain/import/values.ts';
import type { Account, Actor, Contact, User } from '../../domain/model.ts';
import { controlCharacterIn, firstIssue } from '../../domain/validation.ts';
import type { Deps } from '../../deps.ts';
import { canAssignOwner, canEditAccount, canReadAccount, defaultOwnerFor } from '../../policies/accounts.policy.ts';
import { findAccountIdsByDomains } from '../../store/account-domains.repo.ts';
import { findAccount, findAccountsByExternalIds, listAccountNames } from '../../store/accounts.repo.ts';
import { findContactsByExternalIds } from '../../store/contacts.repo.ts';
import { listUsers } from '../../store/users.repo.ts';
import { applyAccountUpdate, newAccount } from './accounts.ts';
import { readImportFile, yieldToEventLoop, type ReadFile } from './read-import-file.ts';

export interface ImportOptions {
  dryRun: boolean;
  mapping?: ImportMapping;
  preset?: PresetName;
}

/** A file read and mapped: the rows in Cadence's terms and every problem found so far. */
export interface PreparedImport {
  kind: ImportKind;
  file: ReadFile | null;
  proposal: Proposal | null;
  rows: MappedRow[];
  errors: LineProblem[];
}

export const MAX_ROWS = 100_000;
const BATCH = 500;

/**
 * Reads the file, proposes (or applies) the mapping and maps every row, letting the event loop
 * through between batches. Rows with a bad cell are reported and left out.
 */
export async function prepareImport(kind: ImportKind, source: string | Uint8Array, options: Pick<ImportOptions, 'mapping' | 'preset'>): Promise<PreparedImport> {
  const read = await readImportFile(source);
  if (!read.ok) return { kind, file: null, proposal: null, rows: [], errors: read.problems };
  const { table } = read.file;
  const errors = [...table.problems];
  if (!table.header.length) return { kind, file: read.file, proposal: null, rows: [], errors };
  const proposal = proposeMapping(kind, table.header, table.rows, { ...options, headerLine: table.headerLine });
  errors.push(...proposal.problems);
  if (table.rows.length > MAX_ROWS) errors.push({ line: table.headerLine, message: `the file has ${table.rows.length} rows; at most ${MAX_ROWS} per import` });
  const idColumn = Object.entries(proposal.mapping.columns).find(([, t]) => t === 'external_id')?.[0];
  if (!idColumn && proposal.problems.length === 0) errors.push({ line: table.headerLine, message: 'no column gives an external id (Record ID, Account ID…); map one to external_id so a re-import updates instead of duplicating' });
  const rows: MappedRow[] = [];
  if (proposal.problems.length) return { kind, file: read.file, proposal, rows, errors };
  for (let i = 0; i < table.rows.length; i += BATCH) {
    for (const raw of table.rows.slice(i, i + BATCH)) {
      const row = mapRow(proposal.mapping, table.header, raw, errors);
      if (row) rows.push(row);
    }
    await yieldToEventLoop();
  }
  duplicateKeys(rows, idColumn ?? 'external_id', errors);
  return { kind, file: read.file, proposal, rows, errors };
}

function duplicateKeys(rows: MappedRow[], column: string, errors: LineProblem[]): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = row.externalId?.trim();
    if (!key) {
      errors.push({ line: row.line, message: `${column} is required so a re-import updates instead of duplicating` });
      continue;
    }
    const first = seen.get(key);
    if (first) errors.push({ line: row.line, message: `${column} '${key}' already appears on line ${first}` });
    else seen.set(key, row.line);
  }
}

/**
 * A key worth looking up. One with a control character is refused with its line (mapRow), and
 * PostgreSQL cannot even compare a NUL: looking it up first answered a 500 instead of the line.
 */
const lookable = (key: string): boolean => key !== '' && !controlCharacterIn(key);

export type Plan<T> = { kind: 'create'; record: T; line: number; domain: string | null } | { kind: 'update'; before: T; after: T; line: number; domain: string | null } | { kind: 'same'; record: T; line: number; domain: string | null };

/**
 * Says which cell a validation problem is about, in the file's own column names and values and in
 * words: a missing value "is required", an unknown one names the values allowed; never zod's
 * own "Invalid input: expected string, received undefined".
 */
function describeIssue(row: MappedRow, cells: Record<string, unknown>, error: z.ZodError): string {
  const issue = error.issues[0];
  const { field, message } = firstIssue(error);
  const fieldName = field?.split('.')[0];
  const raw = fieldName ? cells[fieldName] : undefined;
  let words = field ? message.replace(new RegExp(`^${field.replace(/\./g, '\\.')} `), '') : message;
  if (issue?.code === 'invalid_type' && raw === undefined) words = 'is required';
  else if (issue?.code === 'invalid_type') words = 'is not valid here';
  else if (issue?.code === 'invalid_value' && 'values' in issue) words = `is not one of ${issue.values.map(String).join(', ')}`;
  const column = fieldName ? row.columnOf[fieldName] : undefined;
  if (!fieldName) return words;
  if (!column) return `${fieldName} ${words}`;
  const shown = Array.isArray(raw) ? raw.join(';') : raw === undefined || raw === null ? '' : String(raw);
  return `${column} '${shown}' ${words}`;
}

/** Owners as files write them: an email, or a user's name ("Sam Carter"), matched case and accents aside. */
function ownerResolver(users: User[]): (ref: string) => { ok: true; id: string } | { ok: false; why: string } {
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const byName = new Map<string, User[]>();
  for (const u of users) byName.set(keyOf(u.name), [...(byName.get(keyOf(u.name)) ?? []), u]);
  return (ref) => {
    if (ref.includes('@')) {
      const user = byEmail.get(ref.toLowerCase());
      return user ? { ok: true, id: user.id } : { ok: false, why: 'is not a user' };
    }
    const named = byName.get(keyOf(ref)) ?? [];
    if (named.length === 1 && named[0]) return { ok: true, id: named[0].id };
    return { ok: false, why: named.length ? `names ${named.length} users; map it to one email under values.owner` : 'is not a user (by email or name); add the user, or map the name to an email under values.owner' };
  };
}

/** Plans an accounts import: each row a create, an update or nothing, every refusal with its line. */
export async function planAccounts(deps: Deps, actor: Actor, prepared: PreparedImport): Promise<Plan<Account>[]> {
  const { rows, errors } = prepared;
  const db = deps.store.db;
  const existing = await findAccountsByExternalIds(db, rows.map((r) => r.externalId?.trim() ?? '').filter(lookable));
  const resolveOwner = ownerResolver(rows.some((r) => r.owner) ? await listUsers(db) : []);
  const defaults = prepared.proposal?.mapping.defaults ?? {};
  const at = deps.now().toISOString();
  const plans: Plan<Account>[] = [];
  for (const [i, row] of rows.entries()) {
    if (i % BATCH === BATCH - 1) await yieldToEventLoop();
    const input = { ...row.input };
    const before = existing.get(row.externalId?.trim() ?? '');
    if (row.owner) {
      const owner = resolveOwner(row.owner);
      if (!owner.ok) {
        errors.push({ line: row.line, message: `${row.columnOf.ownerId ?? 'owner'} '${row.owner}' ${owner.why}` });
        continue;
      }
      input.ownerId = owner.id;
    }
    if (!before) for (const [k, v] of Object.entries(defaults)) if (input[k] === undefined && v !== undefined) input[k] = v;
    if (before && Array.isArray(input.tags) && !row.columnOf.tags) input.tags = [...new Set([...before.tags, ...(input.tags as string[])])];
    const parsed = before ? AccountUpdateSchema.safeParse(input) : AccountCreateSchema.safeParse(input);
    if (!parsed.success) {
      errors.push({ line: row.line, message: describeIssue(row, input, parsed.error) });
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
        errors.push({ line: row.line, message: `${row.columnOf.ownerId ?? 'owner'}: you may not give this account to that owner` });
        continue;
      }
      const changed = changedFields(before, after).some((f) => f !== 'updatedAt');
      plans.push(changed ? { kind: 'update', before, after, line: row.line, domain: row.domain } : { kind: 'same', record: before, line: row.line, domain: row.domain });
    } else {
      const record = newAccount(parsed.data as never, deps.newId(), at, defaultOwnerFor(actor));
      if (!canAssignOwner(actor, record.ownerId)) {
        errors.push({ line: row.line, message: `${row.columnOf.ownerId ?? 'owner'}: you may not create an account for that owner` });
        continue;
      }
      plans.push({ kind: 'create', record, line: row.line, domain: row.domain });
    }
  }
  return plans;
}

/** How a contact's account is found: its external id, else its name, else the domain of the contact's email. */
async function accountFinder(deps: Deps, rows: MappedRow[]): Promise<(row: MappedRow) => Account | undefined> {
  const db = deps.store.db;
  const byKey = await findAccountsByExternalIds(db, [...new Set(rows.map((r) => String(r.input.accountId ?? '').trim()).filter(lookable))]);
  const wanted = new Set(rows.filter((r) => !r.input.accountId && r.accountName).map((r) => keyOf(r.accountName ?? '')));
  const domains = [...new Set(rows.filter((r) => !r.input.accountId && !r.accountName && typeof r.input.email === 'string').map((r) => String(r.input.email).split('@')[1]?.toLowerCase() ?? ''))].filter(lookable);
  const ids = new Map<string, string>();
  if (wanted.size) for (const a of await listAccountNames(db)) if (wanted.has(keyOf(a.name)) && !ids.has(`name:${keyOf(a.name)}`)) ids.set(`name:${keyOf(a.name)}`, a.id);
  for (const [domain, id] of await findAccountIdsByDomains(db, domains)) ids.set(`domain:${domain}`, id);
  const loaded = new Map<string, Account>();
  for (const id of new Set(ids.values())) {
    const account = await findAccount(db, id);
    if (account) loaded.set(id, account);
  }
  return (row) => {
    if (row.input.accountId) return byKey.get(String(row.input.accountId).trim());
    const key = row.accountName ? `name:${keyOf(row.accountName)}` : typeof row.input.email === 'string' ? `domain:${String(row.input.email).split('@')[1]?.toLowerCase() ?? ''}` : '';
    const id = ids.get(key);
    return id ? loaded.get(id) : undefined;
  };
}

function accountNotFound(row: MappedRow): string {
  if (row.input.accountId) return `${row.columnOf.accountId ?? 'account_external_id'}: no account you can see has external id '${String(row.input.accountId)}'`;
  if (row.accountName) return `no account you can see is named '${row.accountName}'`;
  if (typeof row.input.email === 'string') return `no account you can see has the domain of ${row.input.email}; give the account's external id or name`;
  return "the row names no account (external id, name or the contact's email)";
}

/** Plans a contacts import, each contact tied to an account it can be found by. */
export async function planContacts(deps: Deps, actor: Actor, prepared: PreparedImport): Promise<Plan<Contact>[]> {
  const { rows, errors } = prepared;
  const accountOf = await accountFinder(deps, rows);
  const existing = await findContactsByExternalIds(deps.store.db, rows.map((r) => r.externalId?.trim() ?? '').filter(lookable));
  const at = deps.now().toISOString();
  const plans: Plan<Contact>[] = [];
  for (const [i, row] of rows.entries()) {
    if (i % BATCH === BATCH - 1) await yieldToEventLoop();
    const account = accountOf(row);
    if (!account || !canReadAccount(actor, account)) {
      errors.push({ line: row.line, message: accountNotFound(row) });
      continue;
    }
    if (!canEditAccount(actor, account)) {
      errors.push({ line: row.line, message: `you may not edit contacts of ${account.name}` });
      continue;
    }
    const input: Record<string, unknown> = { ...row.input, accountId: account.id };
    const before = existing.get(row.externalId?.trim() ?? '');
    if (before) {
      const { accountId: _moved, ...patch } = input;
      const parsed = ContactUpdateSchema.safeParse(patch);
      if (!parsed.success) {
        errors.push({ line: row.line, message: describeIssue(row, input, parsed.error) });
        continue;
      }
      const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
      const after: Contact = { ...before, ...defined, email: parsed.data.email === undefined ? before.email : (parsed.data.email?.toLowerCase() ?? null), accountId: account.id, updatedAt: at };
      const changed = changedFields(before, after).some((f) => f !== 'updatedAt');
      plans.push(changed ? { kind: 'update', before, after, line: row.line, domain: null } : { kind: 'same', record: before, line: row.line, domain: null });
    } else {
      const parsed = ContactCreateSchema.safeParse(input);
      if (!parsed.success) {
        errors.push({ line: row.line, message: describeIssue(row, input, parsed.error) });
        continue;
      }
      const c = parsed.data;
      const record: Contact = {
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
      };
      plans.push({ kind: 'create', line: row.line, record, domain: null });
    }
  }
  return plans;
}
