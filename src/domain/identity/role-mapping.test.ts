import { describe, expect, it } from 'vitest';
import { claimValues, mappedRole, roleAfterSignIn, RoleMappingsReplaceSchema } from './role-mapping.ts';

describe('role mapping', () => {
  const table = [
    { value: 'cs-team', role: 'csm' as const },
    { value: 'cs-leads', role: 'manager' as const },
    { value: 'it-admins', role: 'admin' as const },
  ];

  it('a person in several mapped groups gets the most powerful role', () => {
    expect(mappedRole(['cs-team', 'cs-leads'], table)).toBe('manager');
    expect(mappedRole(['it-admins', 'cs-team'], table)).toBe('admin');
  });

  it('a person in no mapped group gets no mapped role', () => {
    expect(mappedRole(['marketing'], table)).toBeNull();
    expect(mappedRole([], table)).toBeNull();
  });

  it('reads a claim as a string, a list, or a Keycloak-style nested path', () => {
    expect(claimValues({ role: 'csm' }, 'role')).toEqual(['csm']);
    expect(claimValues({ groups: ['a', 'b', 3] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValues({ realm_access: { roles: ['cs-leads'] } }, 'realm_access.roles')).toEqual(['cs-leads']);
    expect(claimValues({ 'http://schemas.example/claims/groups': ['x'] }, 'http://schemas.example/claims/groups')).toEqual(['x']);
    expect(claimValues({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(claimValues({}, 'groups.nested')).toEqual([]);
  });

  it('a mapped value decides; otherwise a known user keeps their role and a new one gets the default', () => {
    expect(roleAfterSignIn({ mapped: 'viewer', current: 'admin', defaultRole: 'csm' })).toBe('viewer');
    expect(roleAfterSignIn({ mapped: null, current: 'manager', defaultRole: 'viewer' })).toBe('manager');
    expect(roleAfterSignIn({ mapped: null, current: null, defaultRole: 'viewer' })).toBe('viewer');
    expect(roleAfterSignIn({ mapped: null, current: null, defaultRole: null })).toBeNull();
  });

  it('the admin table refuses a claim value twice and an unknown role', () => {
    expect(
      RoleMappingsReplaceSchema.safeParse({
        mappings: [
          { value: 'a', role: 'csm' },
          { value: 'a', role: 'admin' },
        ],
      }).success,
    ).toBe(false);
    expect(RoleMappingsReplaceSchema.safeParse({ mappings: [{ value: 'a', role: 'owner' }] }).success).toBe(false);
    expect(RoleMappingsReplaceSchema.safeParse({ mappings: [{ value: ' a ', role: 'csm' }] }).data?.mappings[0]?.value).toBe('a');
  });
});
