import type { Actor } from '../domain/model.ts';

// The account scope: the one home of "who sees which accounts". Stores filter lists by it and
// accounts.policy.ts builds read and edit rights on it.

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
