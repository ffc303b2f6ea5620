import type { Executor } from './database.ts';
import type { SavedViewsTable } from './schema.ts';

export interface SavedViewRecord {
  id: string;
  name: string;
  ownerId: string;
  teamId: string | null;
  shared: 'private' | 'team';
  columns: string[];
  filters: Record<string, unknown>;
  sort: string | null;
  createdAt: string;
  updatedAt: string;
}

function toView(row: SavedViewsTable): SavedViewRecord {
  return {
    id: row.id,
    name: row.name,
    ownerId: row.owner_id,
    teamId: row.team_id,
    shared: row.shared === 'team' ? 'team' : 'private',
    columns: JSON.parse(row.columns) as string[],
    filters: JSON.parse(row.filters) as Record<string, unknown>,
    sort: row.sort,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(v: SavedViewRecord): SavedViewsTable {
  return {
    id: v.id,
    name: v.name,
    owner_id: v.ownerId,
    team_id: v.teamId,
    shared: v.shared,
    columns: JSON.stringify(v.columns),
    filters: JSON.stringify(v.filters),
    sort: v.sort,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
  };
}

export async function findSavedView(db: Executor, id: string): Promise<SavedViewRecord | undefined> {
  const row = await db.selectFrom('saved_views').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toView(row) : undefined;
}

/**
 * The views a person sees: their own, and those shared with their team (`teamId`), or every
 * shared one (`allShared`, for admins); by name.
 */
export async function listSavedViews(db: Executor, who: { ownerId: string; teamId: string | null; allShared: boolean }): Promise<SavedViewRecord[]> {
  const rows = await db
    .selectFrom('saved_views')
    .selectAll()
    .where((eb) => {
      const shared = who.allShared ? eb('shared', '=', 'team') : who.teamId ? eb.and([eb('shared', '=', 'team'), eb('team_id', '=', who.teamId)]) : null;
      return shared ? eb.or([eb('owner_id', '=', who.ownerId), shared]) : eb('owner_id', '=', who.ownerId);
    })
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toView);
}

export async function insertSavedView(db: Executor, view: SavedViewRecord): Promise<void> {
  await db.insertInto('saved_views').values(toRow(view)).execute();
}

export async function updateSavedView(db: Executor, view: SavedViewRecord): Promise<void> {
  const { id, ...columns } = toRow(view);
  await db.updateTable('saved_views').set(columns).where('id', '=', id).execute();
}

export async function deleteSavedView(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('saved_views').where('id', '=', id).execute();
}
