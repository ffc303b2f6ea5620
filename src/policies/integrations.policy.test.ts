import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/model.ts';
import { admin, csm, manager, viewer } from './actors.test-support.ts';
import { canManageIntegrations } from './integrations.policy.ts';

describe("who may manage integrations (they hold the team's credentials)", () => {
  it.each<[string, Actor, boolean]>([
    ['an admin manages integrations', admin, true],
    ['a manager manages integrations', manager, true],
    ['a CSM does not manage integrations', csm, false],
    ['a viewer does not manage integrations', viewer, false],
  ])('%s', (_name, actor, expected) => {
    expect(canManageIntegrations(actor)).toBe(expected);
  });
});
