import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/model.ts';
import type { AccountPeople } from './access.ts';
import { canAssignOwner, canEditAccount, canReadAccount, defaultOwnerFor } from './accounts.policy.ts';
import { accountSamWorksOn, admin, csm, manager, olgasAccount, operator, samsAccount, viewer } from './actors.test-support.ts';

type Row = [string, Actor, AccountPeople, boolean];

describe('who may read an account', () => {
  it.each<Row>([
    ['an admin reads an account of another team', admin, olgasAccount, true],
    ['a manager reads an account her CSM owns', manager, samsAccount, true],
    ['a manager reads an account her CSM sits on the team of', manager, accountSamWorksOn, true],
    ['a manager does not read an account of another team', manager, olgasAccount, false],
    ['a CSM reads their own account', csm, samsAccount, true],
    ['a CSM reads an account they sit on the team of', csm, accountSamWorksOn, true],
    ["a CSM does not read another CSM's account", csm, olgasAccount, false],
    ['a viewer reads any account (escalations need the notes)', viewer, olgasAccount, true],
  ])('%s', (_name, actor, account, expected) => {
    expect(canReadAccount(actor, account)).toBe(expected);
  });
});

describe('who may change an account and what belongs to it', () => {
  it.each<Row>([
    ['an admin changes any account', admin, olgasAccount, true],
    ['the CLI operator changes any account', operator, olgasAccount, true],
    ['a manager changes an account her CSM owns', manager, samsAccount, true],
    ['a manager does not change an account of another team', manager, olgasAccount, false],
    ['a CSM changes their own account', csm, samsAccount, true],
    ['a CSM changes an account they sit on the team of', csm, accountSamWorksOn, true],
    ["a CSM does not change another CSM's account", csm, olgasAccount, false],
    ['a viewer changes no account, not even one they read', viewer, samsAccount, false],
  ])('%s', (_name, actor, account, expected) => {
    expect(canEditAccount(actor, account)).toBe(expected);
  });
});

describe('who may give an account an owner', () => {
  it.each<[string, Actor, string | null, boolean]>([
    ['an admin gives an account to anyone', admin, 'olga', true],
    ['an admin leaves an account without an owner', admin, null, true],
    ['a manager gives an account to her CSM', manager, 'sam', true],
    ['a manager takes an account herself', manager, 'maria', true],
    ['a manager leaves an account without an owner', manager, null, true],
    ['a manager does not give an account to a CSM of another team', manager, 'olga', false],
    ['a CSM takes an account themself', csm, 'sam', true],
    ['a CSM does not give an account to a colleague', csm, 'olga', false],
    ['a CSM does not leave an account without an owner', csm, null, false],
    ['a viewer gives no account an owner', viewer, 'vic', false],
  ])('%s', (_name, actor, ownerId, expected) => {
    expect(canAssignOwner(actor, ownerId)).toBe(expected);
  });
});

describe('the owner of an account created without one', () => {
  it('a CSM who creates an account owns it', () => {
    expect(defaultOwnerFor(csm)).toBe('sam');
  });

  it('an account a manager or an admin creates has no owner until they give it one', () => {
    expect(defaultOwnerFor(manager)).toBeNull();
    expect(defaultOwnerFor(admin)).toBeNull();
  });
});
