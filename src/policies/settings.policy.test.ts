import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/model.ts';
import { admin, csm, manager, viewer } from './actors.test-support.ts';
import { canChangeCadencePolicy, canChangeScorecards, canCurateTopics, canRunPlaybook, canSetFiscalYear } from './settings.policy.ts';

/** The team-wide settings managers and admins own, each with what it lets them do. */
const teamSettings: [string, (actor: Actor) => boolean][] = [
  ['change the cadence policy', canChangeCadencePolicy],
  ['run the playbook by hand', canRunPlaybook],
  ['change the health scorecards', canChangeScorecards],
  ['curate the topic library and the hot sheet', canCurateTopics],
];

describe.each(teamSettings)('who may %s', (what, allowed) => {
  it.each<[string, Actor, boolean]>([
    ['an admin may', admin, true],
    ['a manager may', manager, true],
    ['a CSM may not', csm, false],
    ['a viewer may not', viewer, false],
  ])(`%s ${what}`, (_sentence, actor, expected) => {
    expect(allowed(actor)).toBe(expected);
  });
});

describe('who may set the fiscal year', () => {
  it.each<[string, Actor, boolean]>([
    ['an admin sets the fiscal year', admin, true],
    ['a manager does not set the fiscal year', manager, false],
    ['a CSM does not set the fiscal year', csm, false],
    ['a viewer does not set the fiscal year', viewer, false],
  ])('%s', (_name, actor, expected) => {
    expect(canSetFiscalYear(actor)).toBe(expected);
  });
});
