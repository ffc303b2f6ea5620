import type { Executor } from './database.ts';

export type TrackerTable = 'support_tickets' | 'feature_requests';

/** What a new ticket or request row leaves empty until the tracker or the CSM fills it in. */
const NEW_ROW = { external_id: null, raw_status: null, url: null, raised_in_meeting_id: null, dismissed_reason: null, opened_at: null, closed_at: null } as const;

/** A ticket or feature request the customer raised in a call, waiting to be opened in the tracker. */
export async function insertRaisedRequest(db: Executor, table: TrackerTable, r: { id: string; accountId: string; meetingId: string; title: string; priority: string | null; at: string }): Promise<void> {
  await db
    .insertInto(table)
    .values({ ...NEW_ROW, id: r.id, account_id: r.accountId, source: 'meeting', title: r.title, status: 'to_open', priority: r.priority, raised_in_meeting_id: r.meetingId, created_at: r.at, updated_at: r.at })
    .execute();
}

export async function findRaisedRequest(db: Executor, id: string) {
  for (const table of ['support_tickets', 'feature_requests'] as const) {
    const row = await db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    if (row) return { table, row };
  }
  return undefined;
}

/** Records the tracker's id and URL of an opened request, or why it was dismissed. */
export async function settleRaisedRequest(db: Executor, table: TrackerTable, id: string, settle: { externalId: string | null; url: string | null; source?: string; dismissedReason: string | null; at: string }): Promise<void> {
  await db
    .updateTable(table)
    .set({
      external_id: settle.externalId,
      url: settle.url,
      ...(settle.source ? { source: settle.source } : {}),
      dismissed_reason: settle.dismissedReason,
      status: settle.dismissedReason ? 'dismissed' : table === 'support_tickets' ? 'new' : 'open',
      opened_at: settle.dismissedReason ? null : settle.at,
      updated_at: settle.at,
    })
    .where('id', '=', id)
    .execute();
}

/** A ticket or feature request as a tracker reports it (sync, CSV or demo data). */
export async function insertTrackerItem(
  db: Executor,
  table: TrackerTable,
  r: { id: string; accountId: string; source: string; externalId: string; title: string; status: string; priority: string | null; url: string | null; openedAt: string; at: string },
): Promise<void> {
  await db
    .insertInto(table)
    .values({
      ...NEW_ROW,
      id: r.id,
      account_id: r.accountId,
      source: r.source,
      external_id: r.externalId,
      title: r.title,
      status: r.status,
      raw_status: r.status,
      priority: r.priority,
      url: r.url,
      opened_at: r.openedAt,
      created_at: r.openedAt,
      updated_at: r.at,
    })
    .execute();
}

export async function insertFinding(db: Executor, f: { id: string; accountId: string; deliveryId: string | null; kind: string; title: string; severity: string | null; detail: string | null; foundAt: string; at: string }): Promise<void> {
  await db.insertInto('product_findings').values({ id: f.id, account_id: f.accountId, delivery_id: f.deliveryId, kind: f.kind, title: f.title, severity: f.severity, detail: f.detail, found_at: f.foundAt, created_at: f.at }).execute();
}

export async function insertObjective(
  db: Executor,
  o: { id: string; accountId: string; title: string; kind: 'outcome' | 'initiative'; ownerName: string | null; targetDate: string | null; status: string; progress: number; at: string },
): Promise<void> {
  await db
    .insertInto('success_objectives')
    .values({
      id: o.id,
      account_id: o.accountId,
      title: o.title,
      kind: o.kind,
      description: null,
      owner_name: o.ownerName,
      target_date: o.targetDate,
      status: o.status,
      progress: o.progress,
      customer_visible: 1,
      created_at: o.at,
      updated_at: o.at,
    })
    .execute();
}
