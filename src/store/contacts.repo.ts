import { sql } from 'kysely';
import type { Contact, ContactRole, ContactStatus } from '../domain/model.ts';
import { scopedAccountIds } from './accounts.repo.ts';
import type { Executor } from './database.ts';
import type { ContactsTable } from './schema.ts';

export function toContact(row: ContactsTable): Contact {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    email: row.email,
    title: row.title,
    role: row.role as ContactRole,
    status: row.status as ContactStatus,
    phone: row.phone,
    externalId: row.external_id,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(c: Contact): ContactsTable {
  return {
    id: c.id,
    account_id: c.accountId,
    name: c.name,
    email: c.email,
    title: c.title,
    role: c.role,
    status: c.status,
    phone: c.phone,
    external_id: c.externalId,
    archived_at: c.archivedAt,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export async function findContact(db: Executor, id: string): Promise<Contact | undefined> {
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toContact(row) : undefined;
}

export async function findContactsByExternalIds(db: Executor, externalIds: string[]): Promise<Map<string, Contact>> {
  const found = new Map<string, Contact>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db
      .selectFrom('contacts')
      .selectAll()
      .where('external_id', 'in', externalIds.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.external_id) found.set(r.external_id, toContact(r));
  }
  return found;
}

export async function insertContact(db: Executor, contact: Contact): Promise<void> {
  await db.insertInto('contacts').values(toRow(contact)).execute();
}

export async function saveContact(db: Executor, contact: Contact): Promise<void> {
  const { id, ...columns } = toRow(contact);
  await db.updateTable('contacts').set(columns).where('id', '=', id).execute();
}

export interface ContactFilter {
  accountIds?: string[];
  /** Restricts to accounts these users own or sit on the team of (null: every account). */
  scopeUserIds: string[] | null;
  q?: string;
  role?: string[];
  status?: string[];
  includeArchived?: boolean;
}

export async function listContacts(db: Executor, filter: ContactFilter, page: { limit: number; after?: { name: string; id: string } }): Promise<Contact[]> {
  let query = db.selectFrom('contacts').selectAll('contacts');
  if (filter.scopeUserIds) {
    const ids = filter.scopeUserIds;
    query = query.where('contacts.account_id', 'in', scopedAccountIds(db, ids));
  }
  if (filter.accountIds?.length) query = query.where('contacts.account_id', 'in', filter.accountIds);
  if (filter.role?.length) query = query.where('contacts.role', 'in', filter.role);
  if (filter.status?.length) query = query.where('contacts.status', 'in', filter.status);
  if (!filter.includeArchived) query = query.where('contacts.archived_at', 'is', null);
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(contacts.name)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(coalesce(contacts.email, ''))`, 'like', sql`${pattern} escape '\\'`)]));
  }
  if (page.after) {
    const { name, id } = page.after;
    query = query.where((eb) => eb.or([eb(sql`lower(contacts.name)`, '>', name), eb.and([eb(sql`lower(contacts.name)`, '=', name), eb('contacts.id', '>', id)])]));
  }
  const rows = await query
    .orderBy(sql`lower(contacts.name)`)
    .orderBy('contacts.id')
    .limit(page.limit)
    .execute();
  return rows.map(toContact);
}
