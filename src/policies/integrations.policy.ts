import type { Actor } from '../domain/model.ts';

/** Integration settings hold the team's credentials: admins and managers only. */
export function canManageIntegrations(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager';
}
