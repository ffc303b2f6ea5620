import type { Actor } from '../domain/model.ts';

/**
 * A CSM's MBR pack: the CSM themself, their manager, and admins and viewers (who read the whole
 * book) may prepare it. QBR and CBR packs need no rule of their own: they hold only the accounts
 * the asker may read (the account scope).
 */
export function canPrepareMbr(actor: Actor, csmId: string): boolean {
  if (actor.role === 'admin' || actor.role === 'viewer') return true;
  return actor.id === csmId || (actor.role === 'manager' && actor.reportIds.includes(csmId));
}
