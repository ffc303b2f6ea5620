import type { Actor } from '../../domain/model.ts';
import type { PasswordChange } from '../../domain/users.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { canManageUsers } from '../../policies/users.policy.ts';
import { deleteSession, deleteSessionsOfUser, findSessionById, listSessionsOfUser } from '../../store/auth.repo.ts';
import { findUser, findUserByEmail, updatePasswordHash } from '../../store/users.repo.ts';
import { recordChange } from '../record-change.ts';
import { assertPasswordNotCommon, hashPassword, verifyPassword } from './passwords.ts';
import { SESSION_IDLE_HOURS } from './users.ts';

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  /** The session this request came with. */
  current: boolean;
}

/** A user's live sessions (not expired, not idle), for them or an admin to end. */
export async function listSessions(deps: Deps, actor: Actor, userId: string, currentSessionId: string | null): Promise<SessionView[]> {
  authorize(actor.id === userId || canManageUsers(actor), "only an admin may see another user's sessions");
  if (!(await findUser(deps.store.db, userId))) throw notFound('user');
  const now = deps.now();
  const idleBefore = now.getTime() - SESSION_IDLE_HOURS * 3_600_000;
  const rows = await listSessionsOfUser(deps.store.db, userId, now.toISOString());
  return rows
    .filter((r) => Date.parse(r.last_seen_at ?? r.created_at) >= idleBefore)
    .map((r) => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at ?? r.created_at, expiresAt: r.expires_at, userAgent: r.user_agent ?? null, current: r.id === currentSessionId }));
}

/** Ends one session: your own, or anyone's for an admin. Someone else's session answers 404 to a non-admin. */
export async function endSession(deps: Deps, actor: Actor, sessionId: string): Promise<void> {
  const session = await findSessionById(deps.store.db, sessionId);
  if (!session || (session.user_id !== actor.id && !canManageUsers(actor))) throw notFound('session');
  await deleteSession(deps.store.db, sessionId);
}

/** Ends every session of a user (an admin's "sign out everywhere"); returns how many ended. */
export async function endAllSessions(deps: Deps, actor: Actor, userId: string): Promise<number> {
  authorize(actor.id === userId || canManageUsers(actor), "only an admin may end another user's sessions");
  if (!(await findUser(deps.store.db, userId))) throw notFound('user');
  return deleteSessionsOfUser(deps.store.db, userId);
}

/**
 * Changes the signed-in user's own password after checking the current one, and ends their other
 * sessions (a stolen cookie stops working), keeping the one the change came from.
 */
export async function changeOwnPassword(deps: Deps, actor: Actor, input: PasswordChange, currentSessionId: string | null): Promise<{ sessionsEnded: number }> {
  const user = actor.id ? await findUser(deps.store.db, actor.id) : undefined;
  if (!user) throw new AppError('unauthenticated', 'sign in to change your password');
  const found = await findUserByEmail(deps.store.db, user.email);
  const ok = found?.passwordHash ? await verifyPassword(input.currentPassword, found.passwordHash) : false;
  if (!ok) throw new AppError('invalid', 'currentPassword is wrong', { field: 'currentPassword' });
  assertPasswordNotCommon(input.newPassword, 'newPassword');
  const hash = await hashPassword(input.newPassword);
  return deps.store.db.transaction().execute(async (tx) => {
    const at = deps.now().toISOString();
    await updatePasswordHash(tx, user.id, hash, at);
    const sessionsEnded = await deleteSessionsOfUser(tx, user.id, currentSessionId ?? undefined);
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'user.password_changed',
      entityType: 'user',
      entityId: user.id,
      before: null,
      after: { sessionsEnded },
      summary: `User ${user.email} changed their password`,
    });
    return { sessionsEnded };
  });
}
