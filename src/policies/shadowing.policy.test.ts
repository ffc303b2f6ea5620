import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/model.ts';
import { admin, csm, manager, operator, otherCsm, viewer } from './actors.test-support.ts';
import { canPairAsNewCsm, canPairCsms, canSeePairing, canWorkOnPairing, canWriteShadowingNotes, type PairingPeople } from './shadowing.policy.ts';

/** Sam (Maria's report) shadows Olga (another team). */
const samShadowsOlga: PairingPeople = { newCsmId: 'sam', seniorCsmId: 'olga' };
const otherPair: PairingPeople = { newCsmId: 'nina', seniorCsmId: 'otto' };

describe('who may see and work on a shadowing pairing', () => {
  it.each<[string, Actor, PairingPeople, boolean, boolean]>([
    ['the new CSM sees and works on their pairing', csm, samShadowsOlga, true, true],
    ['the senior CSM sees and works on the pairing', otherCsm, samShadowsOlga, true, true],
    ["the new CSM's manager sees and works on the pairing", manager, samShadowsOlga, true, true],
    ['a manager neither sees nor works on a pairing outside her team', manager, otherPair, false, false],
    ['a CSM neither sees nor works on a pairing they are not in', csm, otherPair, false, false],
    ['an admin sees and works on any pairing', admin, otherPair, true, true],
    ['the CLI operator sees and works on any pairing', operator, otherPair, true, true],
    ['a viewer sees a pairing but records nothing in it', viewer, otherPair, true, false],
  ])('%s', (_name, actor, pairing, sees, works) => {
    expect(canSeePairing(actor, pairing)).toBe(sees);
    expect(canWorkOnPairing(actor, pairing)).toBe(works);
  });
});

describe('who may pair CSMs', () => {
  it.each<[string, Actor, boolean]>([
    ['an admin pairs CSMs', admin, true],
    ['a manager pairs CSMs', manager, true],
    ['a CSM does not pair CSMs', csm, false],
    ['a viewer does not pair CSMs', viewer, false],
  ])('%s', (_name, actor, expected) => {
    expect(canPairCsms(actor)).toBe(expected);
  });

  it.each<[string, Actor, string, boolean]>([
    ['a manager pairs her own CSM as the new CSM', manager, 'sam', true],
    ['a manager does not pair a CSM of another team as the new CSM', manager, 'olga', false],
    ['an admin pairs anyone as the new CSM', admin, 'olga', true],
  ])('%s', (_name, actor, newCsmId, expected) => {
    expect(canPairAsNewCsm(actor, newCsmId)).toBe(expected);
  });
});

describe("who writes one side's shadowing notes", () => {
  it.each<[string, Actor, string, boolean]>([
    ['the senior CSM writes the senior notes', otherCsm, 'olga', true],
    ["the new CSM does not write the senior's notes", csm, 'olga', false],
    ["the new CSM's manager writes the new CSM's notes", manager, 'sam', true],
    ["a manager does not write the notes of another team's CSM", manager, 'olga', false],
    ['an admin writes either side', admin, 'olga', true],
    ['a viewer writes neither side', viewer, 'olga', false],
  ])('%s', (_name, actor, sideCsmId, expected) => {
    expect(canWriteShadowingNotes(actor, sideCsmId)).toBe(expected);
  });
});
