import type { Actor, Role } from '../domain/model.ts';

/**
 * Which accounts an actor may see. Admins and viewers read the whole book (viewers are the
 * executives and support staff who look notes up in an escalation); a manager sees the accounts
 * of their team; a CSM the accounts they own or sit on the team of.
 */
export type AccountScope = { kind: 'all' } | { kind: 'users'; userIds: string[] };

export function accountScopeFor(actor: Actor): AccountScope {
  if (actor.role === 'admin' || actor.role === 'viewer' || actor.id === null) return { kind: 'all' };
  if (actor.role === 'manager') return { kind: 'users', userIds: [actor.id, ...actor.reportIds] };
  return { kind: 'users', userIds: [actor.id] };
}

/** The people whose presence on an account (as owner or team member) puts it in the scope. */
export interface AccountPeople {
  ownerId: string | null;
  team: { userId: string }[];
}

export function inScope(scope: AccountScope, account: AccountPeople): boolean {
  if (scope.kind === 'all') return true;
  const ids = new Set(scope.userIds);
  return (account.ownerId !== null && ids.has(account.ownerId)) || account.team.some((m) => ids.has(m.userId));
}

export function canReadAccount(actor: Actor, account: AccountPeople): boolean {
  return inScope(accountScopeFor(actor), account);
}

/** A viewer never writes; the others write what they may see (an admin: everything). */
export function canEditAccount(actor: Actor, account: AccountPeople): boolean {
  if (actor.role === 'viewer') return false;
  if (actor.role === 'admin') return true;
  return inScope(accountScopeFor(actor), account);
}

/** Who may own an account an actor creates or reassigns: a CSM themself, a manager their team. */
export function canAssignOwner(actor: Actor, ownerId: string | null): boolean {
  if (actor.role === 'viewer') return false;
  if (actor.role === 'admin') return true;
  if (ownerId === null) return actor.role === 'manager';
  if (actor.role === 'manager') return ownerId === actor.id || actor.reportIds.includes(ownerId);
  return ownerId === actor.id;
}

export function canManageUsers(actor: Actor): boolean {
  return actor.role === 'admin';
}

export function canWrite(role: Role): boolean {
  return role !== 'viewer';
}
