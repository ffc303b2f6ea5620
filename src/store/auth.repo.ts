import type { Executor } from './database.ts';

export async function insertSession(db: Executor, s: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string; userAgent: string | null }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt, last_seen_at: s.createdAt, user_agent: s.userAgent }).execute();
}

export async function findSession(db: Executor, id: string, now: string) {
  return db.selectFrom('sessions').select(['id', 'user_id', 'csrf_token', 'created_at', 'expires_at', 'last_seen_at']).where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
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

export async function findActiveApiToken(db: Executor, tokenHash: string) {
  return db.selectFrom('api_tokens').select(['id', 'user_id', 'last_used_at']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
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
