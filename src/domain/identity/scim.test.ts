import { describe, expect, it } from 'vitest';
import { memberFilterOf, parsePatchOperations, parseScimFilter, scimBoolean, scimPage, ScimError, SCIM_USER } from './scim.ts';

describe('SCIM requests', () => {
  it('an IdP looking a user up by userName gets an equality filter', () => {
    expect(parseScimFilter('userName eq "ana@acme.com"', ['userName', 'externalId'])).toEqual({ attribute: 'userName', value: 'ana@acme.com' });
    expect(parseScimFilter('USERNAME EQ "a\\"b"', ['userName'])).toEqual({ attribute: 'userName', value: 'a"b' });
    expect(parseScimFilter(undefined, ['userName'])).toBeNull();
  });

  it('a filter Cadence cannot answer is an invalidFilter error, not an empty list', () => {
    const bad = () => parseScimFilter('userName co "ana"', ['userName']);
    expect(bad).toThrow(ScimError);
    try {
      bad();
    } catch (err) {
      expect((err as ScimError).body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    }
    expect(() => parseScimFilter('title eq "x"', ['userName'])).toThrow(/not supported/);
  });

  it('pages start at 1 and hold at most 200', () => {
    expect(scimPage(undefined, undefined)).toEqual({ offset: 0, limit: 100, startIndex: 1 });
    expect(scimPage('0', '-5')).toEqual({ offset: 0, limit: 0, startIndex: 1 });
    expect(scimPage('11', '5000')).toEqual({ offset: 10, limit: 200, startIndex: 11 });
  });

  it("Entra's capitalised Replace and string booleans deactivate a user like anyone's", () => {
    const ops = parsePatchOperations({ schemas: [], Operations: [{ op: 'Replace', path: `${SCIM_USER}:active`, value: 'False' }] }, SCIM_USER);
    expect(ops).toEqual([{ op: 'replace', path: 'active', value: 'False' }]);
    expect(scimBoolean(ops[0]!.value, 'active')).toBe(false);
    expect(() => scimBoolean('no', 'active')).toThrow(/true or false/);
  });

  it('a remove without a path and an unknown op are refused', () => {
    expect(() => parsePatchOperations({ Operations: [{ op: 'remove' }] }, SCIM_USER)).toThrow(/needs a path/);
    expect(() => parsePatchOperations({ Operations: [{ op: 'move', path: 'x' }] }, SCIM_USER)).toThrow(/add, replace or remove/);
    expect(() => parsePatchOperations({}, SCIM_USER)).toThrow(/Operations/);
  });

  it('a member filter path names the member to remove', () => {
    expect(memberFilterOf('members[value eq "u1"]')).toBe('u1');
    expect(memberFilterOf('members')).toBeNull();
    expect(memberFilterOf('displayname')).toBeUndefined();
  });
});
