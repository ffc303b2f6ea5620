import type { Actor, User } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { conflict, notFound } from '../../errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { canManageUsers } from '../../policies/users.policy.ts';
import { deleteSessionsOfUser, revokeApiTokensOfUser } from '../../store/auth.repo.ts';
import type { UserUpdate } from '../../domain/users.ts';
import { countActiveAdmins, findUser, listAccountsOwnedByInactiveUsers, setUserActive, updateUserProfile } from '../../store/users.repo.ts';
import { recordChange } from '../record-change.ts';
import { announceAccessChange } from '../live-notes/access-changes.ts';

/**
 * Deactivates a user who left: they cannot sign in, and their sessions end and API tokens are
 * revoked in the same transaction, so every node refuses them on the next request. Their accounts
 * keep the owner (history stays readable) and appear in the "needs a new owner" list.
 * Used by the admin API, the CLI and SCIM deprovisioning.
 */
export async function deactivateUser(deps: Deps, actor: Actor, userId: string): Promise<User> {
  authorize(canManageUsers(actor), 'only an admin may deactivate users');
  if (actor.id === userId) throw conflict('you cannot deactivate yourself; ask another admin');
  const deactivated = await deps.store.db.transaction().execute(async (tx) => {
    const user = await findUser(tx, userId);
    if (!user) throw notFound('user');
    if (!user.active) return user;
    const at = deps.now().toISOString();
    await setUserActive(tx, userId, false, at);
    const sessionsEnded = await deleteSessionsOfUser(tx, userId);
    const tokensRevoked = await revokeApiTokensOfUser(tx, userId, at);
    const after = { ...user, active: false, updatedAt: at };
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'user.deactivated',
      entityType: 'user',
      entityId: userId,
      before: user,
      after: { ...after, sessionsEnded, tokensRevoked },
      summary: `User ${user.email} deactivated`,
    });
    return after;
  });
  // Their open live notes close now, on every node, not at the next periodic check.
  await announceAccessChange(deps, { userIds: [userId] });
  return deactivated;
}

/** Lets a returning user sign in again; revoked API tokens stay revoked (they make new ones). */
export async function reactivateUser(deps: Deps, actor: Actor, userId: string): Promise<User> {
  authorize(canManageUsers(actor), 'only an admin may reactivate users');
  return deps.store.db.transaction().execute(async (tx) => {
    const user = await findUser(tx, userId);
    if (!user) throw notFound('user');
    if (user.active) return user;
    const at = deps.now().toISOString();
    await setUserActive(tx, userId, true, at);
    const after = { ...user, active: true, updatedAt: at };
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'user.reactivated',
      entityType: 'user',
      entityId: userId,
      before: user,
      after,
      summary: `User ${user.email} reactivated`,
    });
    return after;
  });
}

/**
 * An admin corrects a user's name or changes their role. The last active admin keeps the admin
 * role, or nobody could manage users any more.
 */
export async function updateUser(deps: Deps, actor: Actor, userId: string, changes: UserUpdate): Promise<User> {
  authorize(canManageUsers(actor), 'only an admin may edit users');
  let roleChanged = false;
  const updated = await deps.store.db.transaction().execute(async (tx) => {
    const user = await findUser(tx, userId);
    if (!user) throw notFound('user');
    const name = changes.name ?? user.name;
    const role = changes.role ?? user.role;
    if (name === user.name && role === user.role) return user;
    if (user.role === 'admin' && role !== 'admin' && user.active && (await countActiveAdmins(tx)) <= 1) {
      throw conflict('this is the last active admin; make someone else an admin first', 'role');
    }
    const at = deps.now().toISOString();
    await updateUserProfile(tx, userId, { name, role }, at);
    const after = { ...user, name, role, updatedAt: at };
    roleChanged = role !== user.role;
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: role === user.role ? 'user.renamed' : 'user.role_changed',
      entityType: 'user',
      entityId: userId,
      before: user,
      after,
      summary: role === user.role ? `User ${user.email} renamed` : `User ${user.email} is now ${role} (was ${user.role})`,
    });
    return after;
  });
  // A new role changes which notes they may open and whether they may write in them.
  if (roleChanged) await announceAccessChange(deps, { userIds: [userId] });
  return updated;
}

export interface AccountNeedingOwner {
  accountId: string;
  accountName: string;
  owner: { id: string; email: string; name: string };
}

/** Accounts whose owner was deactivated, for an admin to hand over. */
export async function listAccountsNeedingNewOwner(deps: Deps, actor: Actor): Promise<AccountNeedingOwner[]> {
  authorize(canManageUsers(actor) || actor.role === 'manager', 'only admins and managers see accounts that need a new owner');
  const rows = await listAccountsOwnedByInactiveUsers(deps.store.db);
  // A manager hands over accounts of their own team only.
  const visible = actor.role === 'admin' ? rows : rows.filter((r) => actor.reportIds.includes(r.ownerId));
  return visible.map((r) => ({ accountId: r.accountId, accountName: r.accountName, owner: { id: r.ownerId, email: r.ownerEmail, name: r.ownerName } }));
}
