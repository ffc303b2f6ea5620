import type { FeatureRequest, FeatureRequestStatus, FindingKind, FindingSeverity, ObjectiveStatus, ProductFinding, Risk, SuccessObjective, SupportTicket, TicketPriority, TicketStatus } from '../domain/meeting/meeting.ts';
import { OPEN_FEATURE_REQUEST_STATUSES, OPEN_TICKET_STATUSES } from '../domain/meeting/meeting.ts';
import type { Executor } from './database.ts';
import { toRiskRecord } from './risks.repo.ts';
import type { FeatureRequestsTable, TrackerItemsTable } from './schema.ts';

/** What the agenda, follow-up and reviews draw on beside action items: open tickets and requests, findings, objectives, open risks, requests raised in a call. */

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
    customerVisible: Number(r.customer_visible) === 1,
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
