import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isAllowedDomain } from '../../domain/identity/sign-in-rules.ts';
import { parsePatchOperations, parseScimFilter, scimBoolean, scimPage, ScimError, SCIM_LIST, SCIM_USER } from '../../domain/identity/scim.ts';
import type { Actor, User } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../store/database.ts';
import {
  deleteIdentityLinksOfUser,
  findActiveScimToken,
  findLinkedUserId,
  findSubjectOfUser,
  insertIdentityLink,
  insertScimToken,
  listGroupsOfUser,
  listScimTokens,
  listUsersPage,
  revokeScimToken,
  touchScimToken,
  updateUserProfile,
} from '../../store/identity.repo.ts';
import { findUser, findUserByEmail, insertUser } from '../../store/users.repo.ts';
import { fromDatabaseError } from '../../store/db-errors.ts';
import { recordChange } from '../record-change.ts';
import { deactivateUser, reactivateUser } from '../users/user-lifecycle.ts';
import { sha256 } from '../users/users.ts';

/** Who SCIM writes are recorded as: the IdP, trusted like an admin for users and groups only. */
export const SCIM_ACTOR: Actor = { id: null, role: 'admin', reportIds: [], label: 'scim' };

/** Creates a SCIM bearer token for the IdP; shown once, only its hash is kept. */
export async function createScimToken(deps: Deps, actor: Actor, name: string): Promise<{ id: string; token: string }> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'only an admin may create a SCIM token');
  const token = `scim_${randomBytes(32).toString('base64url')}`;
  const id = deps.newId();
  await deps.store.db.transaction().execute(async (tx) => {
    await insertScimToken(tx, { id, name, tokenHash: sha256(token), createdAt: deps.now().toISOString() });
    await recordChange(tx, deps, actor, { accountId: null, action: 'scim_token.created', entityType: 'scim_token', entityId: id, before: null, after: { name }, summary: `SCIM token ${name} created` });
  });
  return { id, token };
}

export async function listScimTokensFor(deps: Deps, actor: Actor) {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'only an admin may list SCIM tokens');
  return (await listScimTokens(deps.store.db)).map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at }));
}

export async function revokeScimTokenById(deps: Deps, actor: Actor, id: string): Promise<void> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'only an admin may revoke a SCIM token');
  if (!(await revokeScimToken(deps.store.db, id, deps.now().toISOString()))) throw new AppError('not_found', `no active SCIM token ${id}`);
}

/** Whether a SCIM request's bearer token is a live SCIM token (never an API token). */
export async function checkScimToken(deps: Deps, authorization: string | undefined): Promise<void> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
  const row = token ? await findActiveScimToken(deps.store.db, sha256(token)) : undefined;
  if (!row) throw new ScimError(401, 'send a SCIM token as Authorization: Bearer (create one with `cadence scim token create`)');
  const now = deps.now();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) await touchScimToken(deps.store.db, row.id, now.toISOString());
}

// RFC 7643 §4.1 attributes Cadence keeps; everything else an IdP sends is ignored, as §3.3 allows.
const ScimUserInputSchema = z.looseObject({
  userName: z.string().trim().min(1).max(254),
  externalId: z.string().max(500).nullish(),
  displayName: z.string().max(200).nullish(),
  name: z.looseObject({ formatted: z.string().max(200).nullish(), givenName: z.string().max(200).nullish(), familyName: z.string().max(200).nullish() }).nullish(),
  emails: z
    .array(z.looseObject({ value: z.string().max(254), primary: z.union([z.boolean(), z.string()]).nullish() }))
    .max(20)
    .nullish(),
  active: z.union([z.boolean(), z.string()]).nullish(),
});
type ScimUserInput = z.infer<typeof ScimUserInputSchema>;

function parseUser(body: unknown): ScimUserInput {
  const parsed = ScimUserInputSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ScimError(400, `${issue.path.join('.') || 'body'}: ${issue.message}`, issue.path[0] === 'userName' && issue.code === 'invalid_type' ? 'invalidValue' : 'invalidSyntax');
  }
  return parsed.data;
}

/** The sign-in email: the userName when it is one (Entra, Okta), else the primary email. */
function emailOf(input: ScimUserInput): string {
  const candidates = [input.userName, ...(input.emails ?? []).sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary))).map((e) => e.value)];
  const email = candidates.find((c) => z.email().safeParse(c.trim()).success);
  if (!email) throw new ScimError(400, 'userName or emails must hold an email address: Cadence signs people in by email', 'invalidValue');
  return email.trim().toLowerCase();
}

function nameOf(input: ScimUserInput, email: string): string {
  const parts = [input.name?.givenName, input.name?.familyName].filter((p): p is string => Boolean(p?.trim()));
  return (input.displayName?.trim() || input.name?.formatted?.trim() || parts.join(' ') || email).slice(0, 200);
}

export interface ScimUserResource {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  displayName: string;
  name: { formatted: string };
  emails: { value: string; primary: boolean; type: string }[];
  active: boolean;
  groups: { value: string; display: string; $ref: string }[];
  meta: { resourceType: 'User'; created: string; lastModified: string; location: string };
}

async function userResource(db: Executor, deps: Deps, user: User): Promise<ScimUserResource> {
  const externalId = await findSubjectOfUser(db, 'scim', user.id);
  const groups = await listGroupsOfUser(db, user.id);
  const base = deps.config.baseUrl;
  return {
    schemas: [SCIM_USER],
    id: user.id,
    ...(externalId ? { externalId } : {}),
    userName: user.email,
    displayName: user.name,
    name: { formatted: user.name },
    emails: [{ value: user.email, primary: true, type: 'work' }],
    active: user.active,
    groups: groups.map((g) => ({ value: g.id, display: g.displayName, $ref: `${base}/scim/v2/Groups/${g.id}` })),
    meta: { resourceType: 'User', created: user.createdAt, lastModified: user.updatedAt, location: `${base}/scim/v2/Users/${user.id}` },
  };
}

async function loadUser(db: Executor, id: string): Promise<User> {
  const user = await findUser(db, id);
  if (!user) throw new ScimError(404, `no user ${id}`);
  return user;
}

export async function getScimUser(deps: Deps, id: string): Promise<ScimUserResource> {
  return userResource(deps.store.db, deps, await loadUser(deps.store.db, id));
}

/** RFC 7644 §3.4.2: `filter=userName eq "…"` (or externalId, id, emails.value), `startIndex`, `count`. */
export async function listScimUsers(deps: Deps, query: { filter?: string; startIndex?: string; count?: string }) {
  const filter = parseScimFilter(query.filter, ['userName', 'externalId', 'id', 'emails.value', 'emails']);
  const page = scimPage(query.startIndex, query.count);
  const db = deps.store.db;
  let total: number;
  let ids: string[];
  if (filter?.attribute === 'externalId' || filter?.attribute === 'id') {
    const id = filter.attribute === 'id' ? filter.value : await findLinkedUserId(db, 'scim', filter.value);
    const found = id ? await findUser(db, id) : undefined;
    total = found ? 1 : 0;
    ids = found && page.offset === 0 && page.limit > 0 ? [found.id] : [];
  } else {
    ({ total, ids } = await listUsersPage(db, filter ? { email: filter.value } : {}, page));
  }
  const users = await Promise.all(ids.map((id) => loadUser(db, id)));
  const Resources = await Promise.all(users.map((u) => userResource(db, deps, u)));
  return { schemas: [SCIM_LIST], totalResults: total, startIndex: page.startIndex, itemsPerPage: Resources.length, Resources };
}

/** Provisions a user the IdP assigned to Cadence: 409 uniqueness when the email is taken. */
/**
 * Two IdP requests for one person at once both pass the existence check, and the later insert
 * clashes in the database: the same 409 as if it had come after the first.
 */
export function scimClash(err: unknown, detail: string): never {
  if (fromDatabaseError(err)) throw new ScimError(409, detail, 'uniqueness');
  throw err;
}

export async function createScimUser(deps: Deps, body: unknown): Promise<ScimUserResource> {
  const input = parseUser(body);
  const email = emailOf(input);
  if (!isAllowedDomain(email, deps.config.identity.allowedDomains)) throw new ScimError(400, `${email} is not in one of the email domains allowed to sign in here`, 'invalidValue');
  const active = input.active === undefined || input.active === null ? true : scimBoolean(input.active, 'active');
  const created = await deps.store.db
    .transaction()
    .execute(async (tx) => {
      if (await findUserByEmail(tx, email)) throw new ScimError(409, `a user with userName ${email} already exists`, 'uniqueness');
      if (input.externalId && (await findLinkedUserId(tx, 'scim', input.externalId))) throw new ScimError(409, `a user with externalId ${input.externalId} already exists`, 'uniqueness');
      const at = deps.now().toISOString();
      const user: User = { id: deps.newId(), email, name: nameOf(input, email), role: deps.config.identity.defaultRole ?? 'viewer', timezone: 'UTC', managerId: null, active, createdAt: at, updatedAt: at };
      await insertUser(tx, user, null);
      if (input.externalId) await insertIdentityLink(tx, { provider: 'scim', subject: input.externalId, userId: user.id, createdAt: at });
      await recordChange(tx, deps, SCIM_ACTOR, { accountId: null, action: 'user.created', entityType: 'user', entityId: user.id, before: null, after: user, summary: `User ${email} provisioned by SCIM as ${user.role}` });
      return user;
    })
    .catch((err: unknown) => scimClash(err, `a user with userName ${email} already exists`));
  return getScimUser(deps, created.id);
}

interface UserChange {
  email?: string;
  name?: string;
  externalId?: string | null;
  active?: boolean;
}

/** Applies profile changes in one transaction, then (de)activation through the one lifecycle every surface uses. */
async function applyUserChange(deps: Deps, id: string, change: UserChange): Promise<ScimUserResource> {
  await deps.store.db.transaction().execute(async (tx) => {
    const user = await loadUser(tx, id);
    const email = change.email ?? user.email;
    const name = change.name ?? user.name;
    if (email !== user.email) {
      if (!isAllowedDomain(email, deps.config.identity.allowedDomains)) throw new ScimError(400, `${email} is not in one of the email domains allowed to sign in here`, 'invalidValue');
      const other = await findUserByEmail(tx, email);
      if (other && other.id !== id) throw new ScimError(409, `a user with userName ${email} already exists`, 'uniqueness');
    }
    const at = deps.now().toISOString();
    if (email !== user.email || name !== user.name) {
      await updateUserProfile(tx, id, { email, name }, at);
      await recordChange(tx, deps, SCIM_ACTOR, { accountId: null, action: 'user.updated', entityType: 'user', entityId: id, before: { email: user.email, name: user.name }, after: { email, name }, summary: `User ${email} updated by SCIM` });
    }
    if (change.externalId !== undefined) {
      const current = await findSubjectOfUser(tx, 'scim', id);
      if ((current ?? null) !== change.externalId) {
        if (change.externalId && (await findLinkedUserId(tx, 'scim', change.externalId))) throw new ScimError(409, `a user with externalId ${change.externalId} already exists`, 'uniqueness');
        await deleteIdentityLinksOfUser(tx, 'scim', id);
        if (change.externalId) await insertIdentityLink(tx, { provider: 'scim', subject: change.externalId, userId: id, createdAt: at });
      }
    }
  });
  if (change.active === false) await deactivateUser(deps, SCIM_ACTOR, id);
  if (change.active === true) await reactivateUser(deps, SCIM_ACTOR, id);
  return getScimUser(deps, id);
}

/** PUT replaces the attributes Cadence keeps (RFC 7644 §3.5.1). */
export async function replaceScimUser(deps: Deps, id: string, body: unknown): Promise<ScimUserResource> {
  const input = parseUser(body);
  const email = emailOf(input);
  return applyUserChange(deps, id, { email, name: nameOf(input, email), externalId: input.externalId ?? null, active: input.active === undefined || input.active === null ? true : scimBoolean(input.active, 'active') });
}

/** PATCH (RFC 7644 §3.5.2): active, userName, displayName, name.*, externalId, emails; with or without a path. */
export async function patchScimUser(deps: Deps, id: string, body: unknown): Promise<ScimUserResource> {
  const current = await loadUser(deps.store.db, id);
  const change: UserChange = {};
  const given: { givenName?: string; familyName?: string } = {};
  const set = (path: string, value: unknown, op: string) => {
    const text = (field: string) => {
      if (typeof value !== 'string' || value.length > 254) throw new ScimError(400, `${field} must be a string`, 'invalidValue');
      return value.trim();
    };
    switch (path) {
      case 'active':
        change.active = op === 'remove' ? false : scimBoolean(value, 'active');
        return;
      case 'username':
        change.email = text('userName').toLowerCase();
        if (!z.email().safeParse(change.email).success) throw new ScimError(400, 'userName must be an email address', 'invalidValue');
        return;
      case 'displayname':
      case 'name.formatted':
        change.name = text(path).slice(0, 200) || current.name;
        return;
      case 'name.givenname':
        given.givenName = text('name.givenName');
        return;
      case 'name.familyname':
        given.familyName = text('name.familyName');
        return;
      case 'externalid':
        change.externalId = op === 'remove' ? null : text('externalId');
        return;
      case 'name':
        for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) set(`name.${k.toLowerCase()}`, v, op);
        return;
      default:
        // emails[type eq "work"].value and friends: Cadence's email is the userName, so keep them in step.
        if (path.startsWith('emails')) {
          const v = Array.isArray(value) ? (value[0] as { value?: unknown } | undefined)?.value : typeof value === 'object' && value ? (value as { value?: unknown }).value : value;
          if (typeof v === 'string' && z.email().safeParse(v.trim()).success) change.email ??= v.trim().toLowerCase();
          return;
        }
        // Attributes Cadence does not keep (title, phoneNumbers, enterprise extension …) are accepted and ignored.
        return;
    }
  };
  for (const op of parsePatchOperations(body, SCIM_USER)) {
    if (op.path === null) {
      if (!op.value || typeof op.value !== 'object') throw new ScimError(400, 'an operation without a path needs an object value', 'invalidValue');
      for (const [k, v] of Object.entries(op.value as Record<string, unknown>)) set(k.toLowerCase().replace(`${SCIM_USER.toLowerCase()}:`, ''), v, op.op);
    } else set(op.path, op.value, op.op);
  }
  if (given.givenName !== undefined || given.familyName !== undefined) {
    const [first, ...rest] = current.name.split(' ');
    change.name ??= [given.givenName ?? first, given.familyName ?? rest.join(' ')].filter(Boolean).join(' ').slice(0, 200);
  }
  return applyUserChange(deps, id, change);
}

/** DELETE deactivates: a person's meetings, notes and accounts stay, with a colleague to hand them to. */
export async function deleteScimUser(deps: Deps, id: string): Promise<void> {
  await loadUser(deps.store.db, id);
  await deactivateUser(deps, SCIM_ACTOR, id);
}
