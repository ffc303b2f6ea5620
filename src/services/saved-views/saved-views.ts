import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound } from '../../errors.ts';
import { canEditView, canSeeView, teamIdOf } from '../../policies/saved-views.policy.ts';
import { deleteSavedView, findSavedView, insertSavedView, listSavedViews as listViewRows, updateSavedView, type SavedViewRecord } from '../../store/saved-views.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { parseSort } from '../accounts/accounts.ts';

/** A saved view as its reader gets it: whether they may change it, and who made it. */
export interface SavedView {
  id: string;
  name: string;
  columns: string[];
  filters: Record<string, unknown>;
  sort: string | null;
  shared: 'private' | 'team';
  ownerId: string;
  canEdit: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SavedViewInput {
  name: string;
  columns: string[];
  filters: Record<string, unknown>;
  sort?: string | null;
  shared?: 'private' | 'team';
}

async function teamOf(deps: Deps, actor: Actor): Promise<{ id: string; teamId: string | null }> {
  if (actor.id === null) throw forbidden('saved views belong to a person: sign in to keep one');
  const user = await findUser(deps.store.db, actor.id);
  return { id: actor.id, teamId: user ? teamIdOf(user) : null };
}

function present(actor: Actor, v: SavedViewRecord): SavedView {
  return { id: v.id, name: v.name, columns: v.columns, filters: v.filters, sort: v.sort, shared: v.shared, ownerId: v.ownerId, canEdit: canEditView(actor, v), createdAt: v.createdAt, updatedAt: v.updatedAt };
}

/** The actor's views and their team's shared ones (every shared one for an admin), by name. */
export async function listSavedViews(deps: Deps, actor: Actor): Promise<SavedView[]> {
  const me = await teamOf(deps, actor);
  const rows = await listViewRows(deps.store.db, { ownerId: me.id, teamId: me.teamId, allShared: actor.role === 'admin' });
  return rows.map((v) => present(actor, v));
}

/** Saves the book's columns, filters and sort under a name, for the actor alone or their team. */
export async function createSavedView(deps: Deps, actor: Actor, input: SavedViewInput): Promise<SavedView> {
  const me = await teamOf(deps, actor);
  if (input.sort) parseSort(input.sort);
  const at = deps.now().toISOString();
  const view: SavedViewRecord = {
    id: deps.newId(),
    name: input.name.trim(),
    ownerId: me.id,
    teamId: me.teamId,
    shared: input.shared ?? 'private',
    columns: [...new Set(input.columns)],
    filters: input.filters,
    sort: input.sort ?? null,
    createdAt: at,
    updatedAt: at,
  };
  await insertSavedView(deps.store.db, view);
  return present(actor, view);
}

async function loadForEdit(deps: Deps, actor: Actor, id: string): Promise<SavedViewRecord> {
  const me = await teamOf(deps, actor);
  const view = await findSavedView(deps.store.db, id);
  // A view the actor cannot see does not exist for them; one they see but did not make is not theirs to change.
  if (!view || !canSeeView(actor, me.teamId, view)) throw notFound('saved view');
  if (!canEditView(actor, view)) throw forbidden('only the person who saved this view, or their manager, may change it');
  return view;
}

/** Renames a view or changes what it shows or who sees it. */
export async function updateSavedViewFor(deps: Deps, actor: Actor, id: string, input: Partial<SavedViewInput>): Promise<SavedView> {
  const before = await loadForEdit(deps, actor, id);
  if (input.sort) parseSort(input.sort);
  const after: SavedViewRecord = {
    ...before,
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.columns !== undefined ? { columns: [...new Set(input.columns)] } : {}),
    ...(input.filters !== undefined ? { filters: input.filters } : {}),
    ...(input.sort !== undefined ? { sort: input.sort } : {}),
    ...(input.shared !== undefined ? { shared: input.shared } : {}),
    updatedAt: deps.now().toISOString(),
  };
  await updateSavedView(deps.store.db, after);
  return present(actor, after);
}

export async function deleteSavedViewFor(deps: Deps, actor: Actor, id: string): Promise<void> {
  await loadForEdit(deps, actor, id);
  await deleteSavedView(deps.store.db, id);
}
