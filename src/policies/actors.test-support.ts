import type { Actor } from '../domain/model.ts';
import type { AccountPeople } from './access.ts';

/**
 * The people of the policy role matrices: Maria manages Sam; Olga is a CSM of another team.
 * Shared by the `*.policy.test.ts` files only.
 */
export const admin: Actor = { id: 'ada', role: 'admin', reportIds: [], label: 'ada' };
export const manager: Actor = { id: 'maria', role: 'manager', reportIds: ['sam'], label: 'maria' };
export const csm: Actor = { id: 'sam', role: 'csm', reportIds: [], label: 'sam' };
export const viewer: Actor = { id: 'vic', role: 'viewer', reportIds: [], label: 'vic' };
export const otherCsm: Actor = { id: 'olga', role: 'csm', reportIds: [], label: 'olga' };
/** The local operator running the CLI. */
export const operator: Actor = { id: null, role: 'admin', reportIds: [], label: 'cli' };

/** Sam's own account; an account Olga owns with Sam on its team; one Olga holds alone. */
export const samsAccount: AccountPeople = { ownerId: 'sam', team: [] };
export const accountSamWorksOn: AccountPeople = { ownerId: 'olga', team: [{ userId: 'sam' }] };
export const olgasAccount: AccountPeople = { ownerId: 'olga', team: [] };
export const unownedAccount: AccountPeople = { ownerId: null, team: [] };
