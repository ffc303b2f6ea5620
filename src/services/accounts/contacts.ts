import { type ContactCreate, type ContactUpdate, changedFields, summariseChange } from '../../domain/account/accounts.ts';
import type { Actor, Contact } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { findContact, insertContact, listContacts as listContactRows, saveContact } from '../../store/contacts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { getAccount } from './accounts.ts';
import { rescoreAccount } from '../health/health.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { recordChange } from '../record-change.ts';

/** A contact the actor may see (through its account); otherwise reported as missing. */
export async function getContact(deps: Deps, actor: Actor, id: string, db: Executor = deps.store.db): Promise<Contact> {
  const contact = await findContact(db, id);
  if (!contact) throw notFound('contact');
  try {
    await getAccount(deps, actor, contact.accountId, db);
  } catch {
    throw notFound('contact');
  }
  return contact;
}

/** Who is on file, in which role and whether they are still there feeds health (an active champion, the economic buyer). */
const HEALTH_FIELDS: readonly (keyof Contact)[] = ['role', 'status', 'archivedAt'];

export async function createContact(deps: Deps, actor: Actor, input: ContactCreate): Promise<Contact> {
  const created = await deps.store.db.transaction().execute(async (tx) => {
    const account = await getAccount(deps, actor, input.accountId, tx);
    authorize(canEditAccount(actor, account), 'you may not add contacts to this account');
    const at = deps.now().toISOString();
    const contact: Contact = {
      id: deps.newId(),
      accountId: account.id,
      name: input.name,
      email: input.email?.toLowerCase() ?? null,
      title: input.title ?? null,
      role: input.role,
      status: input.status,
      phone: input.phone ?? null,
      externalId: input.externalId ?? null,
      archivedAt: null,
      createdAt: at,
      updatedAt: at,
    };
    await insertContact(tx, contact);
    await recordChange(tx, deps, actor, {
      accountId: account.id,
      action: 'contact.created',
      entityType: 'contact',
      entityId: contact.id,
      before: null,
      after: contact,
      summary: `Contact ${contact.name} added${contact.role !== 'user' ? ` as ${contact.role.replace('_', ' ')}` : ''}`,
    });
    return contact;
  });
  await rescoreAccount(deps, created.accountId, 'a contact was added');
  return created;
}

async function saveContactChange(deps: Deps, actor: Actor, id: string, change: (c: Contact, at: string) => Contact, action: string): Promise<Contact> {
  let rescore = false;
  const saved = await deps.store.db.transaction().execute(async (tx) => {
    const before = await getContact(deps, actor, id, tx);
    const account = await getAccount(deps, actor, before.accountId, tx);
    authorize(canEditAccount(actor, account), 'you may not edit contacts of this account');
    const after = change(before, deps.now().toISOString());
    const fields = changedFields(before, after).filter((f) => f !== 'updatedAt');
    if (fields.length === 0) return before;
    rescore = fields.some((f) => HEALTH_FIELDS.includes(f));
    await saveContact(tx, after);
    // A champion who leaves is a risk the CSM must see on the timeline at once.
    const championLeft = before.role === 'champion' && before.status === 'active' && after.status === 'left';
    await recordChange(tx, deps, actor, {
      accountId: after.accountId,
      action: championLeft ? 'contact.champion_left' : action,
      entityType: 'contact',
      entityId: id,
      before: Object.fromEntries(fields.map((f) => [f, before[f]])),
      after: Object.fromEntries(fields.map((f) => [f, after[f]])),
      summary: championLeft ? `Champion ${after.name} has left` : `Contact ${after.name}: ${summariseChange(before, after, fields)}`,
    });
    return after;
  });
  if (rescore) await rescoreAccount(deps, saved.accountId, 'a contact changed');
  return saved;
}

export async function updateContact(deps: Deps, actor: Actor, id: string, patch: ContactUpdate): Promise<Contact> {
  return saveContactChange(
    deps,
    actor,
    id,
    (c, at) => ({
      ...c,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      email: patch.email === undefined ? c.email : (patch.email?.toLowerCase() ?? null),
      updatedAt: at,
    }),
    'contact.updated',
  );
}

export async function setContactArchived(deps: Deps, actor: Actor, id: string, archived: boolean): Promise<Contact> {
  return saveContactChange(deps, actor, id, (c, at) => ({ ...c, archivedAt: archived ? (c.archivedAt ?? at) : null, updatedAt: at }), archived ? 'contact.archived' : 'contact.restored');
}

export interface ContactListQuery {
  accountId?: string;
  q?: string;
  role?: string[];
  status?: string[];
  includeArchived?: boolean;
  cursor?: string;
  limit?: number;
}

export async function listContacts(deps: Deps, actor: Actor, query: ContactListQuery): Promise<{ items: Contact[]; nextCursor: string | null }> {
  if (query.accountId) await getAccount(deps, actor, query.accountId);
  const scope = accountScopeFor(actor);
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor, 'contact-name') : undefined;
  const rows = await listContactRows(
    deps.store.db,
    {
      accountIds: query.accountId ? [query.accountId] : undefined,
      scopeUserIds: scope.kind === 'all' ? null : scope.userIds,
      q: query.q?.trim() || undefined,
      role: query.role,
      status: query.status,
      includeArchived: query.includeArchived,
    },
    { limit: limit + 1, after: after ? { name: String(after.value), id: after.id } : undefined },
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor('contact-name', last.name.toLowerCase(), last.id) : null };
}
