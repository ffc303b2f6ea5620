import type { Executor } from './database.ts';

export async function insertShareLink(db: Executor, link: { id: string; meetingId: string; tokenHash: string; createdBy: string | null; expiresAt: string; createdAt: string }): Promise<void> {
  await db.insertInto('share_links').values({ id: link.id, meeting_id: link.meetingId, token_hash: link.tokenHash, created_by: link.createdBy, expires_at: link.expiresAt, revoked_at: null, created_at: link.createdAt }).execute();
}

/** The link a token's hash names, revoked, expired or not (the service decides whether it opens). */
export async function findShareLinkByToken(db: Executor, tokenHash: string) {
  return db.selectFrom('share_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function listShareLinks(db: Executor, meetingId: string) {
  return db.selectFrom('share_links').select(['id', 'expires_at', 'revoked_at', 'created_at']).where('meeting_id', '=', meetingId).orderBy('created_at', 'desc').execute();
}

export async function revokeShareLink(db: Executor, meetingId: string, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('share_links').set({ revoked_at: at }).where('id', '=', id).where('meeting_id', '=', meetingId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
