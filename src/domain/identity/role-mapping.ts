import { z } from 'zod';
import { ROLES, type Role } from '../model.ts';

/** One row of the admin's table: an IdP claim value or group name, and the Cadence role it grants. */
export interface RoleMapping {
  value: string;
  role: Role;
}

export const RoleMappingSchema = z.strictObject({
  value: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  role: z.enum(ROLES),
});

export const RoleMappingsReplaceSchema = z.strictObject({
  mappings: z
    .array(RoleMappingSchema)
    .max(200, 'must have at most 200 rows')
    .refine((rows) => new Set(rows.map((r) => r.value)).size === rows.length, 'each claim value may appear once'),
});
export type RoleMappingsReplace = z.infer<typeof RoleMappingsReplaceSchema>;

// The most powerful role wins when a person is in several mapped groups.
const RANK: Record<Role, number> = { viewer: 0, csm: 1, manager: 2, admin: 3 };

/**
 * The values a claim holds, as strings: a string, a list of strings, or a dotted path into nested
 * objects (Keycloak puts realm roles at `realm_access.roles`). Anything else holds no value.
 */
export function claimValues(claims: Record<string, unknown>, claimPath: string): string[] {
  let node: unknown = claims;
  // An IdP may also use a flat key with dots in it (URIs in Entra and Okta claims).
  if (Object.hasOwn(claims, claimPath)) node = claims[claimPath];
  else {
    for (const part of claimPath.split('.')) {
      if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
      node = (node as Record<string, unknown>)[part];
    }
  }
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The role the mapping table grants for these claim values or groups; null when none is mapped. */
export function mappedRole(values: readonly string[], mappings: readonly RoleMapping[]): Role | null {
  const held = new Set(values);
  let best: Role | null = null;
  for (const m of mappings) {
    if (held.has(m.value) && (best === null || RANK[m.role] > RANK[best])) best = m.role;
  }
  return best;
}

/**
 * The role a person has after signing in through the IdP. A mapped value decides (the IdP is the
 * source of truth); without one, a known user keeps the role an admin gave them, and a new user
 * gets the default role, or no access when the default is `none`.
 */
export function roleAfterSignIn(input: { mapped: Role | null; current: Role | null; defaultRole: Role | null }): Role | null {
  return input.mapped ?? input.current ?? input.defaultRole;
}
