import { createHash, randomBytes } from 'node:crypto';
import type { Actor, User } from '../../domain/model.ts';
import type { Login, TokenCreate, UserCreate } from '../../domain/users.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict, invalid, notFound } from '../../errors.ts';
import { canCreateTokenFor, canManageUsers } from '../../policies/users.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { deleteSession, findActiveApiTokenWithUser, findSessionWithUser, insertApiToken, insertSession, listApiTokens, revokeApiToken, touchApiToken, touchSession } from '../../store/auth.repo.ts';
import { findUser, findUserByEmail, insertUser, listReportIds, listUsers } from '../../store/users.repo.ts';
import { assertPasswordNotCommon, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { recordChange } from '../record-change.ts';

/** A session lives at most 14 days from sign-in, and ends after 12 hours without a request. */
export const SESSION_DAYS = 14;
export const SESSION_IDLE_HOURS = 12;
/** How stale `last_seen_at` may get before a request writes it again (reads stay reads). */
const SEEN_PRECISION_MS = 60_000;

/** The CLI operator on the server's own machine: trusted like an admin, recorded as "cli". */
export const LOCAL_OPERATOR: Actor = { id: null, role: 'admin', reportIds: [], label: 'cli' };

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function actorFor(deps: Deps, user: User): Promise<Actor> {
  const reportIds = user.role === 'manager' ? await listReportIds(deps.store.db, user.id) : [];
  return { id: user.id, role: user.role, reportIds, label: user.email };
}

export async function addUser(deps: Deps, actor: Actor, input: UserCreate): Promise<User> {
  authorize(canManageUsers(actor), 'only an admin may add users');
  if (input.password) assertPasswordNotCommon(input.password, 'password');
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return deps.store.db.transaction().execute(async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw conflict(`a user with email ${input.email} already exists`, 'email');
    if (input.managerId && !(await findUser(tx, input.managerId))) throw invalid('managerId is not a user', 'managerId');
    const at = deps.now().toISOString();
    const user: User = {
      id: deps.newId(),
      email: input.email,
      name: input.name,
      role: input.role,
      timezone: input.timezone,
      managerId: input.managerId ?? null,
      active: true,
      createdAt: at,
      updatedAt: at,
    };
    await insertUser(tx, user, passwordHash);
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      before: null,
      after: user,
      summary: `User ${user.email} added as ${user.role}`,
    });
    return user;
  });
}

/** Everyone in the workspace, by name: any colleague needs them to pick owners and attendees. */
export async function listColleagues(deps: Deps): Promise<User[]> {
  return listUsers(deps.store.db);
}

/** The signed-in user behind a request (the local operator has none: it is not signed in). */
export async function getSignedInUser(deps: Deps, actor: Actor): Promise<User> {
  const user = actor.id ? await findUser(deps.store.db, actor.id) : undefined;
  if (!user) throw new AppError('unauthenticated', 'sign in or send an API token');
  return user;
}

export async function getUserByEmail(deps: Deps, email: string): Promise<User> {
  const found = await findUserByEmail(deps.store.db, email);
  if (!found) throw notFound(`user ${email}`);
  const { passwordHash: _ignored, ...user } = found;
  return user;
}

/**
 * Signs in with email and password; the same answer, in the same time, for an unknown email, a
 * deactivated user and a wrong password (an unknown email is checked against a dummy hash).
 */
export async function signIn(deps: Deps, input: Login, meta: SessionMeta = {}): Promise<{ user: User; sessionToken: string; csrfToken: string }> {
  const found = await findUserByEmail(deps.store.db, input.email);
  const ok = found?.passwordHash ? await verifyPassword(input.password, found.passwordHash) : await verifyAgainstDummy(input.password);
  if (!found || !ok || !found.active) throw new AppError('unauthenticated', 'email or password is wrong');
  const { passwordHash: _ignored, ...user } = found;
  return { user, ...(await startSession(deps, user, meta)) };
}

export interface SessionMeta {
  /** The browser's User-Agent, so a user can tell their sessions apart in the list. */
  userAgent?: string | undefined;
}

/**
 * Starts a server-side session for a user who proved who they are (a password here, single sign-on
 * elsewhere): the cookie value is returned once and only its hash is stored, so every node sees a
 * sign-out at once.
 */
export async function startSession(deps: Deps, user: User, meta: SessionMeta = {}): Promise<{ sessionToken: string; csrfToken: string }> {
  if (!user.active) throw new AppError('unauthenticated', 'this user is deactivated');
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = deps.now();
  await insertSession(deps.store.db, {
    id: sha256(sessionToken),
    userId: user.id,
    csrfToken,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { sessionToken, csrfToken };
}

export async function signOut(deps: Deps, sessionToken: string): Promise<void> {
  await deleteSession(deps.store.db, sha256(sessionToken));
}

/** The session's stored id: the hash of the cookie value. */
export function sessionIdOf(sessionToken: string): string {
  return sha256(sessionToken);
}

/** The user behind a session cookie, or undefined when it expired, went idle, or the user was deactivated. */
export async function resolveSession(deps: Deps, sessionToken: string): Promise<{ user: User; csrfToken: string; sessionId: string } | undefined> {
  const now = deps.now();
  const session = await findSessionWithUser(deps.store.db, sha256(sessionToken), now.toISOString());
  if (!session) return undefined;
  const lastSeen = Date.parse(session.last_seen_at ?? session.created_at);
  if (now.getTime() - lastSeen > SESSION_IDLE_HOURS * 3_600_000) {
    await deleteSession(deps.store.db, session.id);
    return undefined;
  }
  const user = session.user;
  if (!user.active) return undefined;
  if (now.getTime() - lastSeen > SEEN_PRECISION_MS) await touchSession(deps.store.db, session.id, now.toISOString());
  return { user, csrfToken: session.csrf_token, sessionId: session.id };
}

export async function resolveApiToken(deps: Deps, token: string): Promise<User | undefined> {
  const row = await findActiveApiTokenWithUser(deps.store.db, sha256(token));
  if (!row) return undefined;
  const user = row.user;
  if (!user.active) return undefined;
  const now = deps.now();
  // Writing on every request would turn reads into writes; once a minute is precise enough.
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await touchApiToken(deps.store.db, row.id, now.toISOString());
  }
  return user;
}

/** Creates an API token for a user; the token is shown once and only its hash is kept. */
export async function createApiToken(deps: Deps, actor: Actor, userId: string, input: TokenCreate): Promise<{ id: string; token: string }> {
  authorize(canCreateTokenFor(actor, userId), 'you may only create tokens for yourself');
  if (!(await findUser(deps.store.db, userId))) throw notFound('user');
  const token = `cad_${randomBytes(32).toString('base64url')}`;
  const id = deps.newId();
  await deps.store.db.transaction().execute(async (tx) => {
    await insertApiToken(tx, { id, userId, name: input.name, tokenHash: sha256(token), createdAt: deps.now().toISOString() });
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'token.created',
      entityType: 'api_token',
      entityId: id,
      before: null,
      after: { userId, name: input.name },
      summary: `API token ${input.name} created`,
    });
  });
  return { id, token };
}

export async function listTokens(deps: Deps, actor: Actor) {
  if (!actor.id) return [];
  return (await listApiTokens(deps.store.db, actor.id)).map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  }));
}

export async function revokeToken(deps: Deps, actor: Actor, tokenId: string): Promise<void> {
  const ok = await revokeApiToken(deps.store.db, tokenId, canManageUsers(actor) ? null : actor.id, deps.now().toISOString());
  if (!ok) throw notFound('token');
}
