import type {
  ActionItem,
  ActionItemStatus,
  FeatureRequest,
  FeatureRequestStatus,
  FindingKind,
  FindingSeverity,
  ObjectiveStatus,
  ProductFinding,
  Risk,
  SuccessObjective,
  SupportTicket,
  TicketPriority,
  TicketStatus,
} from '../domain/meeting.ts';
import { OPEN_FEATURE_REQUEST_STATUSES, OPEN_TICKET_STATUSES } from '../domain/meeting.ts';
import type { Side } from '../domain/model.ts';
import type { Executor } from './database.ts';
import { toRiskRecord } from './risks.repo.ts';
import type { ActionItemsTable, FeatureRequestsTable, TrackerItemsTable } from './schema.ts';

/** Everything the store knows about an account that the agenda, follow-up and reviews draw on. */

export function toActionItem(row: ActionItemsTable): ActionItem {
  return {
    id: row.id,
    accountId: row.account_id,
    meetingId: row.meeting_id,
    text: row.text,
    owner: row.owner_user_id
      ? { kind: 'user', id: row.owner_user_id, name: row.owner_name ?? '' }
      : { kind: 'contact', id: row.owner_contact_id ?? '', name: row.owner_name ?? '' },
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

export async function listActionItems(db: Executor, filter: { accountId?: string; meetingId?: string; status?: ActionItemStatus[] }): Promise<ActionItem[]> {
  let q = db.selectFrom('action_items').selectAll();
  if (filter.accountId) q = q.where('account_id', '=', filter.accountId);
  if (filter.meetingId) q = q.where('meeting_id', '=', filter.meetingId);
  if (filter.status?.length) q = q.where('status', 'in', filter.status);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toActionItem);
}

export async function findActionItem(db: Executor, id: string): Promise<ActionItem | undefined> {
  const row = await db.selectFrom('action_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toActionItem(row) : undefined;
}

export async function insertActionItem(db: Executor, item: ActionItem, source = 'manual'): Promise<void> {
  await db.insertInto('action_items').values(toActionItemRow(item, item.createdAt, source)).execute();
}

export async function saveActionItem(db: Executor, item: ActionItem, at: string): Promise<void> {
  const { id, created_at: _c, source: _s, ...columns } = toActionItemRow(item, at);
  await db.updateTable('action_items').set(columns).where('id', '=', id).execute();
}

function toTicket(row: TrackerItemsTable): SupportTicket {
  return {
    id: row.id,
    accountId: row.account_id ?? '',
    title: row.title,
    priority: (row.priority ?? 'normal') as TicketPriority,
    status: row.status as TicketStatus,
    externalId: row.external_id,
    url: row.url,
    openedAt: row.opened_at ?? row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRequest(row: FeatureRequestsTable): FeatureRequest {
  return {
    id: row.id,
    accountId: row.account_id ?? '',
    title: row.title,
    status: row.status as FeatureRequestStatus,
    externalId: row.external_id,
    url: row.url,
    shippedIn: row.shipped_in,
    shippedAt: row.shipped_at,
    createdAt: row.created_at,
  };
}


export async function listOpenTickets(db: Executor, accountId: string): Promise<SupportTicket[]> {
  const rows = await db.selectFrom('support_tickets').selectAll().where('account_id', '=', accountId).where('status', 'in', OPEN_TICKET_STATUSES).orderBy('opened_at').execute();
  return rows.map(toTicket);
}

export async function listOpenRequests(db: Executor, accountId: string): Promise<FeatureRequest[]> {
  const rows = await db.selectFrom('feature_requests').selectAll().where('account_id', '=', accountId).where('status', 'in', OPEN_FEATURE_REQUEST_STATUSES).orderBy('created_at').execute();
  return rows.map(toRequest);
}

export async function listFindingsSince(db: Executor, accountId: string, since: string | null): Promise<ProductFinding[]> {
  let q = db.selectFrom('product_findings').selectAll().where('account_id', '=', accountId);
  if (since) q = q.where('found_at', '>', since);
  const rows = await q.orderBy('found_at', 'desc').limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    kind: r.kind as FindingKind,
    severity: (r.severity ?? 'info') as FindingSeverity,
    title: r.title,
    foundAt: r.found_at,
  }));
}

export async function listObjectives(db: Executor, accountId: string): Promise<SuccessObjective[]> {
  const rows = await db.selectFrom('success_objectives').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    title: r.title,
    kind: r.kind === 'initiative' ? 'initiative' : 'outcome',
    status: r.status as ObjectiveStatus,
    progress: r.progress,
    targetDate: r.target_date,
  }));
}

export async function listOpenRisks(db: Executor, accountId: string): Promise<Risk[]> {
  const rows = await db.selectFrom('risks').selectAll().where('account_id', '=', accountId).where('status', '!=', 'closed').orderBy('created_at').execute();
  return rows.map(toRiskRecord);
}

/** Tickets and feature requests raised in a meeting (to open in the tracker, or opened). */
export async function listRequestsRaised(db: Executor, meetingId: string) {
  const [tickets, requests] = await Promise.all([
    db.selectFrom('support_tickets').selectAll().where('raised_in_meeting_id', '=', meetingId).execute(),
    db.selectFrom('feature_requests').selectAll().where('raised_in_meeting_id', '=', meetingId).execute(),
  ]);
  const raised = (kind: 'ticket' | 'feature_request') => (r: TrackerItemsTable) => ({
    id: r.id,
    meetingId,
    kind,
    title: r.title,
    externalId: r.external_id,
    url: r.url,
    dismissedReason: r.dismissed_reason,
  });
  return [...tickets.map(raised('ticket')), ...requests.map(raised('feature_request'))];
}
