import type { Actor } from '../domain/model.ts';

/** The outbox (what is queued to leave, the dead letters and their retry) is for admins: it names every recipient. */
export function canManageOutbox(actor: Actor): boolean {
  return actor.role === 'admin';
}
