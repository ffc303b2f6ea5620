import type { User } from '../domain/model.ts';
import { compiledOnce } from './compiled-once.ts';
import type { Executor } from './database.ts';
import { toUser } from './users.repo.ts';

// A request's sign-in is one query, not a look-up of the session or token and then of its user
// (issue #16: every API request pays for it).
const USER_COLUMNS = ['users.id as u_id', 'users.email', 'users.name', 'users.role', 'users.timezone', 'users.manager_id', 'users.active', 'users.created_at as u_created_at', 'users.updated_at as u_updated_at'] as const;

function userOf(row: { u_id: string; email: string; name: string; role: string; timezone: string; manager_id: string | null; active: number; u_created_at: string; u_updated_at: string }): User {
  return toUser({ id: row.u_id, email: row.email, name: row.name, role: row.role, timezone: row.timezone, manager_id: row.manager_id, active: row.active, created_at: row.u_created_at, updated_at: row.u_updated_at, password_hash: null });
}

export async function insertSession(db: Executor, s: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string; userAgent: string | null }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt, last_seen_at: s.createdAt, user_agent: s.userAgent }).execute();
}

// Every request signs in with one of these two: built once, each run with its values (issue #16).
const sessionQuery = compiledOnce((db: Executor, [id, now]: readonly string[]) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.csrf_token', 'sessions.created_at', 'sessions.last_seen_at', ...USER_COLUMNS])
    .where('sessions.id', '=', id!)
    .where('sessions.expires_at', '>', now!),
);
const apiTokenQuery = compiledOnce((db: Executor, [tokenHash]: readonly string[]) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.last_used_at', ...USER_COLUMNS])
    .where('api_tokens.token_hash', '=', tokenHash!)
    .where('api_tokens.revoked_at', 'is', null),
);

/** An unexpired session with its user. */
export async function findSessionWithUser(db: Executor, id: string, now: string) {
  const [row] = await sessionQuery(db, [id, now]);
  return row ? { id: row.id, csrf_token: row.csrf_token, created_at: row.created_at, last_seen_at: row.last_seen_at, user: userOf(row) } : undefined;
}

export async function touchSession(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** A user's sessions that have not expired, newest first (idle ones are filtered by the caller). */
export async function listSessionsOfUser(db: Executor, userId: string, now: string) {
  return db.selectFrom('sessions').select(['id', 'user_id', 'created_at', 'expires_at', 'last_seen_at', 'user_agent']).where('user_id', '=', userId).where('expires_at', '>', now).orderBy('created_at', 'desc').execute();
}

export async function findSessionById(db: Executor, id: string) {
  return db.selectFrom('sessions').select(['id', 'user_id']).where('id', '=', id).executeTakeFirst();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function insertApiToken(db: Executor, t: { id: string; userId: string; name: string; tokenHash: string; createdAt: string }): Promise<void> {
  await db.insertInto('api_tokens').values({ id: t.id, user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt }).execute();
}

/** A token that is not revoked, with its user. */
export async function findActiveApiTokenWithUser(db: Executor, tokenHash: string) {
  const [row] = await apiTokenQuery(db, [tokenHash]);
  return row ? { id: row.id, last_used_at: row.last_used_at, user: userOf(row) } : undefined;
}

export async function touchApiToken(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function listApiTokens(db: Executor, userId: string) {
  return db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function revokeApiToken(db: Executor, id: string, userId: string | null, at: string): Promise<boolean> {
  let q = db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null);
  if (userId) q = q.where('user_id', '=', userId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every session of a user (deactivation, a password change keeps `exceptId`). */
export async function deleteSessionsOfUser(db: Executor, userId: string, exceptId?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function revokeApiTokensOfUser(db: Executor, userId: string, at: string): Promise<number> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertPasswordReset(db: Executor, r: { id: string; userId: string; createdAt: string; expiresAt: string }): Promise<void> {
  await db.insertInto('password_resets').values({ id: r.id, user_id: r.userId, created_at: r.createdAt, expires_at: r.expiresAt, used_at: null }).execute();
}

export async function findPasswordReset(db: Executor, id: string) {
  return db.selectFrom('password_resets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Uses a reset link up; false when another request used it first. */
export async function markPasswordResetUsed(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('password_resets').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
