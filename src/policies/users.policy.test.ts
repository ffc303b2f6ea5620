import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/model.ts';
import { admin, csm, manager, viewer } from './actors.test-support.ts';
import { canCreateTokenFor, canManageUsers } from './users.policy.ts';

describe('who may manage users', () => {
  it.each<[string, Actor, boolean]>([
    ['an admin adds users', admin, true],
    ['a manager does not add users', manager, false],
    ['a CSM does not add users', csm, false],
    ['a viewer does not add users', viewer, false],
  ])('%s', (_name, actor, expected) => {
    expect(canManageUsers(actor)).toBe(expected);
  });
});

describe('who may create an API token for a user', () => {
  it.each<[string, Actor, string, boolean]>([
    ['anyone creates a token of their own, a viewer too', viewer, 'vic', true],
    ['a CSM creates a token of their own', csm, 'sam', true],
    ['a manager does not create a token for her CSM', manager, 'sam', false],
    ['an admin creates a token for anyone', admin, 'sam', true],
  ])('%s', (_name, actor, userId, expected) => {
    expect(canCreateTokenFor(actor, userId)).toBe(expected);
  });
});
