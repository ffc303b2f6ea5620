import type { ActionItem, ActionItemStatus } from '../domain/meeting/meeting.ts';
import type { Side } from '../domain/model.ts';
import type { Executor } from './database.ts';
import type { ActionItemsTable } from './schema.ts';

export function toActionItem(row: ActionItemsTable): ActionItem {
  return {
    id: row.id,
    accountId: row.account_id,
    meetingId: row.meeting_id,
    text: row.text,
    owner: row.owner_user_id ? { kind: 'user', id: row.owner_user_id, name: row.owner_name ?? '' } : { kind: 'contact', id: row.owner_contact_id ?? '', name: row.owner_name ?? '' },
    side: row.side as Side,
    dueDate: row.due_date,
    status: row.status as ActionItemStatus,
    lastUpdate: row.update_note,
    expectedUpdateOn: row.expected_update_on,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export function toActionItemRow(a: ActionItem, updatedAt: string, source: string | null = 'manual'): ActionItemsTable {
  return {
    id: a.id,
    account_id: a.accountId,
    meeting_id: a.meetingId,
    text: a.text,
    side: a.side,
    owner_user_id: a.owner.kind === 'user' ? a.owner.id : null,
    owner_contact_id: a.owner.kind === 'contact' && a.owner.id ? a.owner.id : null,
    owner_name: a.owner.name,
    due_date: a.dueDate,
    status: a.status,
    update_note: a.lastUpdate,
    expected_update_on: a.expectedUpdateOn,
    source,
    completed_at: a.completedAt,
    created_at: a.createdAt,
    updated_at: updatedAt,
  };
}

/**
 * Oldest first, ties by id. With `page`, at most `limit` items after the one the previous page
 * ended on: the keyset follows the same order, so pages never skip or repeat an item.
 */
export async function listActionItems(db: Executor, filter: { accountId?: string; meetingId?: string; status?: ActionItemStatus[] }, page?: { limit: number; after?: { createdAt: string; id: string } | undefined }): Promise<ActionItem[]> {
  let q = db.selectFrom('action_items').selectAll();
  if (filter.accountId) q = q.where('account_id', '=', filter.accountId);
  if (filter.meetingId) q = q.where('meeting_id', '=', filter.meetingId);
  if (filter.status?.length) q = q.where('status', 'in', filter.status);
  if (page?.after) {
    const { createdAt, id } = page.after;
    q = q.where((eb) => eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]));
  }
  q = q.orderBy('created_at').orderBy('id');
  if (page) q = q.limit(page.limit);
  return (await q.execute()).map(toActionItem);
}

export async function findActionItem(db: Executor, id: string): Promise<ActionItem | undefined> {
  const row = await db.selectFrom('action_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toActionItem(row) : undefined;
}

export async function insertActionItem(db: Executor, item: ActionItem, source = 'manual'): Promise<void> {
  await db
    .insertInto('action_items')
    .values(toActionItemRow(item, item.createdAt, source))
    .execute();
}

export async function saveActionItem(db: Executor, item: ActionItem, at: string): Promise<void> {
  const { id, created_at: _c, source: _s, ...columns } = toActionItemRow(item, at);
  await db.updateTable('action_items').set(columns).where('id', '=', id).execute();
}
