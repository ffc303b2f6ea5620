import { describe, expect, it } from 'vitest';
import { accountScopeFor, inScope } from './access.ts';
import { accountSamWorksOn, admin, csm, manager, olgasAccount, operator, samsAccount, viewer } from './actors.test-support.ts';

describe('the account scope', () => {
  it('admins, viewers and the CLI operator see the whole book', () => {
    for (const actor of [admin, viewer, operator]) expect(accountScopeFor(actor)).toEqual({ kind: 'all' });
  });

  it("a manager sees her own accounts and her team's", () => {
    expect(accountScopeFor(manager)).toEqual({ kind: 'users', userIds: ['maria', 'sam'] });
  });

  it('a CSM sees the accounts they own or sit on the team of, and no other', () => {
    const scope = accountScopeFor(csm);
    expect(inScope(scope, samsAccount)).toBe(true);
    expect(inScope(scope, accountSamWorksOn)).toBe(true);
    expect(inScope(scope, olgasAccount)).toBe(false);
  });
});
