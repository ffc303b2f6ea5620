import type { Actor } from '../domain/model.ts';

/** Who a saved view belongs to, and who it is shared with. */
export interface ViewPeople {
  ownerId: string;
  /** The manager whose team sees the view when it is shared; null when the creator has no team. */
  teamId: string | null;
  shared: 'private' | 'team';
}

/** A person's team, as saved views share by it: a manager's own team, everyone else their manager's. */
export function teamIdOf(user: { id: string; role: string; managerId: string | null }): string | null {
  return user.role === 'manager' ? user.id : user.managerId;
}

/** The creator sees their views; the team sees its shared ones; admins see every shared view. */
export function canSeeView(actor: Actor, actorTeamId: string | null, view: ViewPeople): boolean {
  if (view.ownerId === actor.id) return true;
  if (view.shared !== 'team') return false;
  return actor.role === 'admin' || (view.teamId !== null && view.teamId === actorTeamId);
}

/** Only the creator, the team's manager and admins change or delete a view. */
export function canEditView(actor: Actor, view: ViewPeople): boolean {
  if (view.ownerId === actor.id) return true;
  if (view.shared !== 'team') return false;
  return actor.role === 'admin' || (actor.role === 'manager' && view.teamId === actor.id);
}
