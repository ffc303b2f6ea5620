import type { Actor } from '../domain/model.ts';
import { accountScopeFor, inScope, type AccountPeople } from './access.ts';

/**
 * Accounts, and every record that belongs to one (contacts, meetings, action items, risks,
 * findings, health inputs, success plans): who may read and change them.
 */

/** Reading follows the account scope: an account out of scope is reported as missing, not forbidden. */
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

/** The owner of an account created without one: a CSM's own account is theirs; others leave it open. */
export function defaultOwnerFor(actor: Actor): string | null {
  return actor.role === 'csm' ? actor.id : null;
}
