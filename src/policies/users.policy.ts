import type { Actor } from '../domain/model.ts';

/** Users and their API tokens. */

/** Adding users, and acting on anyone's tokens, is for admins. */
export function canManageUsers(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** Everyone may hold tokens of their own; only an admin makes one for somebody else. */
export function canCreateTokenFor(actor: Actor, userId: string): boolean {
  return actor.id === userId || canManageUsers(actor);
}
