import type { RoleMapping, RoleMappingsReplace } from '../../domain/identity/role-mapping.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { authorize } from '../../policies/authorize.ts';
import { canManageUsers } from '../../policies/users.policy.ts';
import { listRoleMappings, lockRoleMappings, replaceRoleMappings } from '../../store/identity.repo.ts';
import { recordChange } from '../record-change.ts';
import { applyGroupRoles } from './scim-groups.ts';

/** The role-mapping table (IdP claim value or group → Cadence role), for admins. */
export async function getRoleMappings(deps: Deps, actor: Actor): Promise<RoleMapping[]> {
  authorize(canManageUsers(actor), 'only an admin may see the single sign-on role mapping');
  return listRoleMappings(deps.store.db);
}

/**
 * Replaces the table in one transaction, and re-applies it at once to everyone in a SCIM group
 * (a sign-in applies it to SSO users the next time they sign in).
 */
export async function saveRoleMappings(deps: Deps, actor: Actor, input: RoleMappingsReplace): Promise<RoleMapping[]> {
  authorize(canManageUsers(actor), 'only an admin may change the single sign-on role mapping');
  return deps.store.db.transaction().execute(async (tx) => {
    await lockRoleMappings(tx, deps.store.dialect);
    const before = await listRoleMappings(tx);
    await replaceRoleMappings(tx, input.mappings, deps.now().toISOString());
    const after = await listRoleMappings(tx);
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'sso.role_mapping_changed',
      entityType: 'role_mapping',
      entityId: 'role-mapping',
      before,
      after,
      summary: `Single sign-on role mapping saved (${after.length} rows)`,
    });
    await applyGroupRoles(tx, deps, actor, null);
    return after;
  });
}
