import type { Executor } from './database.ts';

export async function insertSession(db: Executor, s: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt }).execute();
}

export async function findSession(db: Executor, id: string, now: string) {
  return db.selectFrom('sessions').select(['id', 'user_id', 'csrf_token', 'expires_at']).where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
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
