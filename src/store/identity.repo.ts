import type { Role } from '../domain/model.ts';
import type { RoleMapping } from '../domain/identity/role-mapping.ts';
import { sql } from 'kysely';
import type { Dialect, Executor } from './database.ts';

/** Single sign-on links, the role-mapping table, SCIM tokens and SCIM groups. */

export async function findLinkedUserId(db: Executor, provider: string, subject: string): Promise<string | undefined> {
  const row = await db.selectFrom('identity_links').select('user_id').where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
  return row?.user_id;
}

export async function insertIdentityLink(db: Executor, link: { provider: string; subject: string; userId: string; createdAt: string }): Promise<void> {
  await db.insertInto('identity_links').values({ provider: link.provider, subject: link.subject, user_id: link.userId, created_at: link.createdAt }).execute();
}

export async function findSubjectOfUser(db: Executor, provider: string, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('identity_links').select('subject').where('provider', '=', provider).where('user_id', '=', userId).executeTakeFirst();
  return row?.subject;
}

export async function deleteIdentityLinksOfUser(db: Executor, provider: string, userId: string): Promise<void> {
  await db.deleteFrom('identity_links').where('provider', '=', provider).where('user_id', '=', userId).execute();
}

export async function listRoleMappings(db: Executor): Promise<RoleMapping[]> {
  const rows = await db.selectFrom('role_mappings').select(['value', 'role']).orderBy('value').execute();
  return rows.map((r) => ({ value: r.value, role: r.role as Role }));
}

/**
 * Holds the table for the rest of the transaction, so two admins saving at once are applied one
 * after the other (the last save wins) instead of both inserting the same value. SQLite's one
 * writer already serialises them.
 */
export async function lockRoleMappings(db: Executor, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`lock table role_mappings in share row exclusive mode`.execute(db);
}

export async function replaceRoleMappings(db: Executor, mappings: readonly RoleMapping[], at: string): Promise<void> {
  await db.deleteFrom('role_mappings').execute();
  if (mappings.length)
    await db
      .insertInto('role_mappings')
      .values(mappings.map((m) => ({ value: m.value, role: m.role, updated_at: at })))
      .execute();
}

export async function setUserRole(db: Executor, userId: string, role: Role, at: string): Promise<void> {
  await db.updateTable('users').set({ role, updated_at: at }).where('id', '=', userId).execute();
}

export async function updateUserProfile(db: Executor, userId: string, profile: { email: string; name: string }, at: string): Promise<void> {
  await db.updateTable('users').set({ email: profile.email, name: profile.name, updated_at: at }).where('id', '=', userId).execute();
}

export async function insertScimToken(db: Executor, t: { id: string; name: string; tokenHash: string; createdAt: string }): Promise<void> {
  await db.insertInto('scim_tokens').values({ id: t.id, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt }).execute();
}

export async function findActiveScimToken(db: Executor, tokenHash: string) {
  return db.selectFrom('scim_tokens').select(['id', 'last_used_at']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function touchScimToken(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('scim_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function listScimTokens(db: Executor) {
  return db.selectFrom('scim_tokens').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).orderBy('created_at', 'desc').execute();
}

export async function revokeScimToken(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('scim_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface ScimGroupRow {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

function toGroup(r: { id: string; display_name: string; external_id: string | null; created_at: string; updated_at: string }): ScimGroupRow {
  return { id: r.id, displayName: r.display_name, externalId: r.external_id, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function insertScimGroup(db: Executor, g: ScimGroupRow): Promise<void> {
  await db.insertInto('scim_groups').values({ id: g.id, display_name: g.displayName, external_id: g.externalId, created_at: g.createdAt, updated_at: g.updatedAt }).execute();
}

export async function findScimGroup(db: Executor, id: string): Promise<ScimGroupRow | undefined> {
  const row = await db.selectFrom('scim_groups').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toGroup(row) : undefined;
}

export async function listScimGroups(db: Executor, filter: { displayName?: string }, page: { offset: number; limit: number }): Promise<{ total: number; groups: ScimGroupRow[] }> {
  let q = db.selectFrom('scim_groups');
  if (filter.displayName !== undefined) q = q.where('display_name', '=', filter.displayName);
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = page.limit > 0 ? await q.selectAll().orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute() : [];
  return { total: Number(count.n), groups: rows.map(toGroup) };
}

export async function updateScimGroup(db: Executor, id: string, g: { displayName: string; externalId: string | null }, at: string): Promise<void> {
  await db.updateTable('scim_groups').set({ display_name: g.displayName, external_id: g.externalId, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteScimGroup(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('scim_group_members').where('group_id', '=', id).execute();
  await db.deleteFrom('scim_groups').where('id', '=', id).execute();
}

export async function listGroupMembers(db: Executor, groupId: string) {
  return db
    .selectFrom('scim_group_members')
    .innerJoin('users', 'users.id', 'scim_group_members.user_id')
    .select(['users.id as id', 'users.email as email'])
    .where('scim_group_members.group_id', '=', groupId)
    .orderBy('users.email')
    .execute();
}

export async function addGroupMembers(db: Executor, groupId: string, userIds: readonly string[]): Promise<void> {
  const existing = new Set((await db.selectFrom('scim_group_members').select('user_id').where('group_id', '=', groupId).execute()).map((r) => r.user_id));
  const fresh = [...new Set(userIds)].filter((id) => !existing.has(id));
  if (fresh.length)
    await db
      .insertInto('scim_group_members')
      .values(fresh.map((userId) => ({ group_id: groupId, user_id: userId })))
      .execute();
}

export async function removeGroupMembers(db: Executor, groupId: string, userIds: readonly string[] | 'all'): Promise<void> {
  let q = db.deleteFrom('scim_group_members').where('group_id', '=', groupId);
  if (userIds !== 'all') {
    if (userIds.length === 0) return;
    q = q.where('user_id', 'in', [...userIds]);
  }
  await q.execute();
}

export async function listGroupsOfUser(db: Executor, userId: string): Promise<{ id: string; displayName: string }[]> {
  const rows = await db
    .selectFrom('scim_group_members')
    .innerJoin('scim_groups', 'scim_groups.id', 'scim_group_members.group_id')
    .select(['scim_groups.id as id', 'scim_groups.display_name as displayName'])
    .where('scim_group_members.user_id', '=', userId)
    .orderBy('scim_groups.display_name')
    .execute();
  return rows;
}

export async function existingUserIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function listUsersPage(db: Executor, filter: { email?: string }, page: { offset: number; limit: number }) {
  let q = db.selectFrom('users');
  if (filter.email !== undefined) q = q.where('email', '=', filter.email.toLowerCase());
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ids = page.limit > 0 ? await q.select('id').orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute() : [];
  return { total: Number(count.n), ids: ids.map((r) => r.id) };
}

/** Users whose role SCIM groups decide: in a group now, or provisioned through SCIM. */
export async function listScimManagedUserIds(db: Executor): Promise<string[]> {
  const inGroups = await db.selectFrom('scim_group_members').select('user_id').distinct().execute();
  const linked = await db.selectFrom('identity_links').select('user_id').where('provider', '=', 'scim').execute();
  return [...new Set([...inGroups, ...linked].map((r) => r.user_id))];
}
