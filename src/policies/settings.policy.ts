import type { Actor } from '../domain/model.ts';

/**
 * Team-wide settings: they change every CSM's book at once, so they belong to the people who run
 * the team (managers) and to admins.
 */
const runsTheTeam = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'manager';

/** The cadence policy, holidays and playbook rules. */
export function canChangeCadencePolicy(actor: Actor): boolean {
  return runsTheTeam(actor);
}

/** Running the playbook by hand makes tasks in everyone's list, so it is the same people's call. */
export function canRunPlaybook(actor: Actor): boolean {
  return runsTheTeam(actor);
}

/** The health scorecards (measures and weights per stage). */
export function canChangeScorecards(actor: Actor): boolean {
  return runsTheTeam(actor);
}

/** The suggested-topic library and the hot sheet the agendas draw on. */
export function canCurateTopics(actor: Actor): boolean {
  return runsTheTeam(actor);
}

/** The fiscal year moves every forecast and review quarter: admins only. */
export function canSetFiscalYear(actor: Actor): boolean {
  return actor.role === 'admin';
}
