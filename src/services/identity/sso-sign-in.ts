import type { Actor, Role, User } from '../../domain/model.ts';
import { mappedRole, roleAfterSignIn } from '../../domain/identity/role-mapping.ts';
import { isAllowedDomain } from '../../domain/identity/sign-in-rules.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { findLinkedUserId, insertIdentityLink, listRoleMappings, setUserRole } from '../../store/identity.repo.ts';
import { findUser, findUserByEmail, insertUser } from '../../store/users.repo.ts';
import { recordChange } from '../record-change.ts';
import { startSession, type SessionMeta } from '../users/users.ts';

/** What an identity provider vouched for, whichever protocol carried it. */
export interface VouchedIdentity {
  provider: 'oidc' | 'saml';
  /** The IdP's stable id for the person (OIDC `sub`, SAML NameID). */
  subject: string;
  email: string;
  /** False when the IdP says the email is not verified; such an email never claims an existing user. */
  emailVerified: boolean;
  name: string;
  /** The role claim's values or the person's groups, looked up in the mapping table. */
  roleValues: string[];
}

/** A sign-in the IdP allowed but Cadence refuses: shown to the person as a page, never a stack trace. */
export class SignInDenied extends AppError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

const actorOf = (provider: string): Actor => ({ id: null, role: 'admin', reportIds: [], label: provider });

/**
 * Signs a person in from an IdP's answer: checks the allowed domains, finds them by their IdP
 * subject (or, the first time, by a verified email), creates them just in time, applies the role
 * mapping, and starts the same server-side session a password sign-in starts.
 */
export async function signInWithIdentity(deps: Deps, who: VouchedIdentity, meta: SessionMeta = {}): Promise<{ user: User; sessionToken: string; csrfToken: string }> {
  const identity = deps.config.identity;
  const email = who.email.trim().toLowerCase();
  if (!email || !email.includes('@')) throw new SignInDenied('your identity provider did not send an email address; ask your administrator to release the email claim');
  if (!isAllowedDomain(email, identity.allowedDomains)) throw new SignInDenied(`${email.slice(email.lastIndexOf('@') + 1)} is not one of the email domains allowed to sign in here`);
  const user = await deps.store.db.transaction().execute(async (tx) => {
    const mappings = await listRoleMappings(tx);
    const mapped = mappedRole(who.roleValues, mappings);
    const linkedId = await findLinkedUserId(tx, who.provider, who.subject);
    let existing = linkedId ? await findUser(tx, linkedId) : undefined;
    if (!existing) {
      const byEmail = await findUserByEmail(tx, email);
      if (byEmail) {
        if (!who.emailVerified) throw new SignInDenied('your identity provider has not verified your email address, so it cannot claim an existing Cadence user');
        const { passwordHash: _ignored, ...found } = byEmail;
        existing = found;
      }
      if (existing) await insertIdentityLink(tx, { provider: who.provider, subject: who.subject, userId: existing.id, createdAt: deps.now().toISOString() });
    }
    if (existing && !existing.active) throw new SignInDenied('your Cadence user is deactivated; ask an admin to reactivate it');
    const role = roleAfterSignIn({ mapped, current: existing?.role ?? null, defaultRole: identity.defaultRole });
    if (!role) throw new SignInDenied('none of your groups is mapped to a Cadence role; ask an admin to add it to the role mapping in Settings');
    const at = deps.now().toISOString();
    if (existing) {
      if (existing.role !== role) await changeRole(tx, deps, actorOf(who.provider), existing, role, at);
      return existing.role === role ? existing : { ...existing, role, updatedAt: at };
    }
    const created: User = { id: deps.newId(), email, name: who.name.trim().slice(0, 200) || email, role, timezone: 'UTC', managerId: null, active: true, createdAt: at, updatedAt: at };
    await insertUser(tx, created, null);
    await insertIdentityLink(tx, { provider: who.provider, subject: who.subject, userId: created.id, createdAt: at });
    await recordChange(tx, deps, actorOf(who.provider), {
      accountId: null,
      action: 'user.created',
      entityType: 'user',
      entityId: created.id,
      before: null,
      after: created,
      summary: `User ${created.email} added as ${role} at their first ${who.provider.toUpperCase()} sign-in`,
    });
    return created;
  });
  return { user, ...(await startSession(deps, user, meta)) };
}

/** A role change the IdP caused, recorded like any other. */
export async function changeRole(tx: Parameters<typeof setUserRole>[0], deps: Deps, actor: Actor, user: User, role: Role, at: string): Promise<void> {
  await setUserRole(tx, user.id, role, at);
  await recordChange(tx, deps, actor, {
    accountId: null,
    action: 'user.role_changed',
    entityType: 'user',
    entityId: user.id,
    before: { role: user.role },
    after: { role },
    summary: `User ${user.email} is now ${role} (mapped from ${actor.label})`,
  });
}
