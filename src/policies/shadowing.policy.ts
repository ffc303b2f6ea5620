import type { Actor } from '../domain/model.ts';

/** The two people of a shadowing pairing. */
export interface PairingPeople {
  newCsmId: string;
  seniorCsmId: string;
}

/** Who may see a pairing: its two CSMs, their managers, admins and viewers. */
export function canSeePairing(actor: Actor, pairing: PairingPeople): boolean {
  if (actor.role === 'admin' || actor.role === 'viewer' || actor.id === null) return true;
  const people = [pairing.newCsmId, pairing.seniorCsmId];
  return people.includes(actor.id) || (actor.role === 'manager' && people.some((id) => actor.reportIds.includes(id)));
}

/** Who may record sessions: the two CSMs, their managers and admins. */
export function canWorkOnPairing(actor: Actor, pairing: PairingPeople): boolean {
  return actor.role !== 'viewer' && canSeePairing(actor, pairing);
}

/** Pairing CSMs is a manager's (or an admin's) decision. */
export function canPairCsms(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager';
}

/** A manager pairs only CSMs of their team (or themself) as the new CSM; an admin anyone. */
export function canPairAsNewCsm(actor: Actor, newCsmId: string): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'manager' && (newCsmId === actor.id || actor.reportIds.includes(newCsmId));
}

/** One side's notes of a shadowed call: written by that side's CSM, their manager or an admin. */
export function canWriteShadowingNotes(actor: Actor, sideCsmId: string): boolean {
  return actor.id === sideCsmId || actor.role === 'admin' || (actor.role === 'manager' && actor.reportIds.includes(sideCsmId));
}
