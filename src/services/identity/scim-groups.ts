import { z } from 'zod';
import { mappedRole } from '../../domain/identity/role-mapping.ts';
import { memberFilterOf, memberIds, parsePatchOperations, parseScimFilter, scimPage, ScimError, SCIM_GROUP, SCIM_LIST, type PatchOperation } from '../../domain/identity/scim.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../store/database.ts';
import {
  addGroupMembers,
  deleteScimGroup,
  existingUserIds,
  findScimGroup,
  insertScimGroup,
  listGroupMembers,
  listGroupsOfUser,
  listRoleMappings,
  listScimGroups,
  listScimManagedUserIds,
  removeGroupMembers,
  updateScimGroup,
  type ScimGroupRow,
} from '../../store/identity.repo.ts';
import { recordChange } from '../record-change.ts';
import { findUser } from '../../store/users.repo.ts';
import { SCIM_ACTOR, scimClash } from './scim.ts';
import { changeRole } from './sso-sign-in.ts';

/**
 * Gives each SCIM-managed user the role their groups map to (the most powerful one). A user in no
 * mapped group falls back to the default role; with no default (`none`) they keep theirs, so
 * leaving a group never locks an admin out by surprise. `userIds` null: every SCIM-managed user.
 */
export async function applyGroupRoles(tx: Executor, deps: Deps, actor: Actor, userIds: readonly string[] | null): Promise<void> {
  const mappings = await listRoleMappings(tx);
  const ids = userIds ?? (await listScimManagedUserIds(tx));
  const at = deps.now().toISOString();
  for (const id of new Set(ids)) {
    const user = await findUser(tx, id);
    if (!user) continue;
    const groups = await listGroupsOfUser(tx, id);
    const role =
      mappedRole(
        groups.map((g) => g.displayName),
        mappings,
      ) ??
      deps.config.identity.defaultRole ??
      user.role;
    if (role !== user.role) await changeRole(tx, deps, actor, user, role, at);
  }
}

export interface ScimGroupResource {
  schemas: string[];
  id: string;
  externalId?: string;
  displayName: string;
  members: { value: string; display: string; $ref: string }[];
  meta: { resourceType: 'Group'; created: string; lastModified: string; location: string };
}

const GroupInputSchema = z.looseObject({
  displayName: z.string().trim().min(1).max(200),
  externalId: z.string().max(500).nullish(),
  members: z
    .array(z.looseObject({ value: z.string().min(1).max(64) }))
    .max(10_000)
    .nullish(),
});

function parseGroup(body: unknown) {
  const parsed = GroupInputSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ScimError(400, `${issue.path.join('.') || 'body'}: ${issue.message}`, 'invalidValue');
  }
  return parsed.data;
}

async function groupResource(db: Executor, deps: Deps, group: ScimGroupRow): Promise<ScimGroupResource> {
  const base = deps.config.baseUrl;
  const members = await listGroupMembers(db, group.id);
  return {
    schemas: [SCIM_GROUP],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    members: members.map((m) => ({ value: m.id, display: m.email, $ref: `${base}/scim/v2/Users/${m.id}` })),
    meta: { resourceType: 'Group', created: group.createdAt, lastModified: group.updatedAt, location: `${base}/scim/v2/Groups/${group.id}` },
  };
}

async function loadGroup(db: Executor, id: string): Promise<ScimGroupRow> {
  const group = await findScimGroup(db, id);
  if (!group) throw new ScimError(404, `no group ${id}`);
  return group;
}

async function checkMembers(db: Executor, ids: readonly string[]): Promise<void> {
  const known = await existingUserIds(db, ids);
  const unknown = ids.find((id) => !known.has(id));
  if (unknown) throw new ScimError(400, `members: no user ${unknown}`, 'invalidValue');
}

export async function getScimGroup(deps: Deps, id: string): Promise<ScimGroupResource> {
  return groupResource(deps.store.db, deps, await loadGroup(deps.store.db, id));
}

export async function listScimGroupsPage(deps: Deps, query: { filter?: string; startIndex?: string; count?: string }) {
  const filter = parseScimFilter(query.filter, ['displayName', 'externalId', 'id']);
  const page = scimPage(query.startIndex, query.count);
  const db = deps.store.db;
  let groups: ScimGroupRow[];
  let total: number;
  if (filter && filter.attribute !== 'displayName') {
    const all = (await listScimGroups(db, {}, { offset: 0, limit: 100_000 })).groups.filter((g) => (filter.attribute === 'id' ? g.id : g.externalId) === filter.value);
    total = all.length;
    groups = all.slice(page.offset, page.offset + page.limit);
  } else ({ total, groups } = await listScimGroups(db, filter ? { displayName: filter.value } : {}, page));
  const Resources = await Promise.all(groups.map((g) => groupResource(db, deps, g)));
  return { schemas: [SCIM_LIST], totalResults: total, startIndex: page.startIndex, itemsPerPage: Resources.length, Resources };
}

/** A group the IdP pushes; its displayName is what the role-mapping table maps to a role. */
export async function createScimGroup(deps: Deps, body: unknown): Promise<ScimGroupResource> {
  const input = parseGroup(body);
  const id = await deps.store.db
    .transaction()
    .execute(async (tx) => {
      if ((await listScimGroups(tx, { displayName: input.displayName }, { offset: 0, limit: 1 })).total > 0) throw new ScimError(409, `a group named ${input.displayName} already exists`, 'uniqueness');
      const members = (input.members ?? []).map((m) => m.value);
      await checkMembers(tx, members);
      const at = deps.now().toISOString();
      const group: ScimGroupRow = { id: deps.newId(), displayName: input.displayName, externalId: input.externalId ?? null, createdAt: at, updatedAt: at };
      await insertScimGroup(tx, group);
      await addGroupMembers(tx, group.id, members);
      await recordChange(tx, deps, SCIM_ACTOR, {
        accountId: null,
        action: 'scim_group.created',
        entityType: 'scim_group',
        entityId: group.id,
        before: null,
        after: { ...group, members },
        summary: `Group ${group.displayName} provisioned by SCIM`,
      });
      await applyGroupRoles(tx, deps, SCIM_ACTOR, members);
      return group.id;
    })
    .catch((err: unknown) => scimClash(err, `a group named ${input.displayName} already exists`));
  return getScimGroup(deps, id);
}

async function changeGroup(deps: Deps, id: string, edit: (tx: Executor, group: ScimGroupRow) => Promise<{ displayName: string; externalId: string | null; add: string[]; remove: string[] | 'all' }>): Promise<ScimGroupResource> {
  await deps.store.db.transaction().execute(async (tx) => {
    const group = await loadGroup(tx, id);
    const before = (await listGroupMembers(tx, id)).map((m) => m.id);
    const next = await edit(tx, group);
    if (next.displayName !== group.displayName && (await listScimGroups(tx, { displayName: next.displayName }, { offset: 0, limit: 1 })).total > 0) {
      throw new ScimError(409, `a group named ${next.displayName} already exists`, 'uniqueness');
    }
    await checkMembers(tx, next.add);
    const at = deps.now().toISOString();
    await updateScimGroup(tx, id, { displayName: next.displayName, externalId: next.externalId }, at);
    await removeGroupMembers(tx, id, next.remove);
    await addGroupMembers(tx, id, next.add);
    const after = (await listGroupMembers(tx, id)).map((m) => m.id);
    await recordChange(tx, deps, SCIM_ACTOR, {
      accountId: null,
      action: 'scim_group.updated',
      entityType: 'scim_group',
      entityId: id,
      before: { displayName: group.displayName, members: before },
      after: { displayName: next.displayName, members: after },
      summary: `Group ${next.displayName} updated by SCIM`,
    });
    // A renamed group may map to another role, so everyone in it before or after is looked at again.
    await applyGroupRoles(tx, deps, SCIM_ACTOR, [...before, ...after]);
  });
  return getScimGroup(deps, id);
}

export async function replaceScimGroup(deps: Deps, id: string, body: unknown): Promise<ScimGroupResource> {
  const input = parseGroup(body);
  return changeGroup(deps, id, async () => ({ displayName: input.displayName, externalId: input.externalId ?? null, add: (input.members ?? []).map((m) => m.value), remove: 'all' }));
}

/** PATCH members (add, remove by `members[value eq "…"]` or a value list, replace) and displayName. */
export async function patchScimGroup(deps: Deps, id: string, body: unknown): Promise<ScimGroupResource> {
  const ops = parsePatchOperations(body, SCIM_GROUP);
  return changeGroup(deps, id, async (tx, group) => {
    let displayName = group.displayName;
    let externalId = group.externalId;
    const current = new Set((await listGroupMembers(tx, id)).map((m) => m.id));
    const apply = (path: string, value: unknown, op: PatchOperation['op']) => {
      if (path === 'displayname') {
        if (typeof value !== 'string' || !value.trim() || value.length > 200) throw new ScimError(400, 'displayName must be a non-empty string', 'invalidValue');
        displayName = value.trim();
        return;
      }
      if (path === 'externalid') {
        externalId = op === 'remove' ? null : typeof value === 'string' ? value : externalId;
        return;
      }
      const target = memberFilterOf(path);
      if (target === undefined) throw new ScimError(400, `cannot change ${path} of a group`, 'invalidPath');
      if (op === 'remove') {
        const gone = target !== null ? [target] : value === undefined ? [...current] : memberIds(value);
        for (const m of gone) current.delete(m);
      } else {
        if (op === 'replace') current.clear();
        for (const m of memberIds(value)) current.add(m);
      }
    };
    for (const op of ops) {
      if (op.path === null) {
        for (const [k, v] of Object.entries((op.value ?? {}) as Record<string, unknown>)) apply(k.toLowerCase(), v, op.op);
      } else apply(op.path, op.value, op.op);
    }
    return { displayName, externalId, add: [...current], remove: 'all' };
  });
}

export async function deleteScimGroupById(deps: Deps, id: string): Promise<void> {
  await deps.store.db.transaction().execute(async (tx) => {
    const group = await loadGroup(tx, id);
    const members = (await listGroupMembers(tx, id)).map((m) => m.id);
    await deleteScimGroup(tx, id);
    await recordChange(tx, deps, SCIM_ACTOR, { accountId: null, action: 'scim_group.deleted', entityType: 'scim_group', entityId: id, before: { ...group, members }, after: null, summary: `Group ${group.displayName} removed by SCIM` });
    await applyGroupRoles(tx, deps, SCIM_ACTOR, members);
  });
}
