import type { ObjectiveStatus } from '../domain/meeting/meeting.ts';
import type { Objective, ObjectiveOwner } from '../domain/account/success-plan.ts';
import type { Executor } from './database.ts';
import type { SuccessObjectivesTable } from './schema.ts';

export function toObjective(row: SuccessObjectivesTable): Objective {
  const owner: ObjectiveOwner | null = row.owner_name ? { kind: (row.owner_kind as ObjectiveOwner['kind'] | null) ?? 'name', id: row.owner_ref, name: row.owner_name } : null;
  return {
    id: row.id,
    accountId: row.account_id,
    title: row.title,
    kind: row.kind === 'initiative' ? 'initiative' : 'outcome',
    description: row.description,
    owner,
    targetDate: row.target_date,
    status: row.status as ObjectiveStatus,
    progress: Number(row.progress),
    customerVisible: row.customer_visible === 1,
    internalNotes: row.internal_notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(o: Objective): SuccessObjectivesTable {
  return {
    id: o.id,
    account_id: o.accountId,
    title: o.title,
    kind: o.kind,
    description: o.description,
    owner_name: o.owner?.name ?? null,
    owner_kind: o.owner?.kind ?? null,
    owner_ref: o.owner?.id ?? null,
    target_date: o.targetDate,
    status: o.status,
    progress: o.progress,
    customer_visible: o.customerVisible ? 1 : 0,
    internal_notes: o.internalNotes,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

/** The account's success plan, oldest objective first (the order it was written in). */
export async function listAccountObjectives(db: Executor, accountId: string): Promise<Objective[]> {
  const rows = await db.selectFrom('success_objectives').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toObjective);
}

/** Objectives of many accounts (reviews), chunked for SQLite's parameter cap. */
export async function listObjectivesOf(db: Executor, accountIds: readonly string[]): Promise<Objective[]> {
  const out: Objective[] = [];
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows = await db
      .selectFrom('success_objectives')
      .selectAll()
      .where('account_id', 'in', accountIds.slice(i, i + 500))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const r of rows) out.push(toObjective(r));
  }
  return out;
}

export async function findObjective(db: Executor, id: string): Promise<Objective | undefined> {
  const row = await db.selectFrom('success_objectives').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toObjective(row) : undefined;
}

export async function insertObjectives(db: Executor, objectives: readonly Objective[]): Promise<void> {
  if (objectives.length) await db.insertInto('success_objectives').values(objectives.map(toRow)).execute();
}

export async function saveObjective(db: Executor, o: Objective): Promise<void> {
  const { id, ...columns } = toRow(o);
  await db.updateTable('success_objectives').set(columns).where('id', '=', id).execute();
}

export async function deleteObjective(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('success_objectives').where('id', '=', id).execute();
}
