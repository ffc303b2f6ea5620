import type { Executor } from './database.ts';

/** Google and Microsoft calendar sign-ins under way, and the compare-and-set that stores a connection's refreshed tokens. */

export interface CalendarOAuthState {
  stateHash: string;
  provider: string;
  userId: string;
  sessionId: string | null;
  /** "enc:v1:…" PKCE verifier. */
  verifier: string;
  expiresAt: string;
  createdAt: string;
}

export async function insertCalendarOAuthState(db: Executor, s: CalendarOAuthState): Promise<void> {
  await db.insertInto('calendar_oauth_states').values({ state_hash: s.stateHash, provider: s.provider, user_id: s.userId, session_id: s.sessionId, verifier: s.verifier, expires_at: s.expiresAt, created_at: s.createdAt }).execute();
}

/** Reads and deletes a sign-in's state: a state is used once, whoever comes second finds nothing. */
export async function takeCalendarOAuthState(db: Executor, stateHash: string): Promise<CalendarOAuthState | undefined> {
  const row = await db.selectFrom('calendar_oauth_states').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
  if (!row) return undefined;
  const r = await db.deleteFrom('calendar_oauth_states').where('state_hash', '=', stateHash).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return undefined;
  return { stateHash: row.state_hash, provider: row.provider, userId: row.user_id, sessionId: row.session_id, verifier: row.verifier, expiresAt: row.expires_at, createdAt: row.created_at };
}

export async function deleteExpiredCalendarOAuthStates(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('calendar_oauth_states').where('expires_at', '<=', now).execute();
}

/**
 * Stores a connection's new encrypted tokens only if the stored ones are still `previous`: of two
 * refreshes at once, one wins and the other reads the winner's tokens.
 */
export async function swapCalendarConnectionSecret(db: Executor, id: string, previous: string, next: string, at: string): Promise<boolean> {
  const r = await db.updateTable('calendar_connections').set({ secret: next, updated_at: at }).where('id', '=', id).where('secret', '=', previous).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function readCalendarConnectionSecret(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('calendar_connections').select('secret').where('id', '=', id).executeTakeFirst())?.secret;
}
