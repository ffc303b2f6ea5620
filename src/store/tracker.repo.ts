import type { Executor } from './database.ts';

export type TrackerTable = 'support_tickets' | 'feature_requests';

/** A ticket or feature request the customer raised in a call, waiting to be opened in the tracker. */
export async function insertRaisedRequest(
  db: Executor,
  table: TrackerTable,
  r: { id: string; accountId: string; meetingId: string; title: string; priority: string | null; at: string },
): Promise<void> {
  await db
    .insertInto(table)
    .values({
      id: r.id,
      account_id: r.accountId,
      source: 'meeting',
      external_id: null,
      title: r.title,
      status: 'to_open',
      raw_status: null,
      priority: r.priority,
      url: null,
      raised_in_meeting_id: r.meetingId,
      dismissed_reason: null,
      opened_at: null,
      closed_at: null,
      created_at: r.at,
      updated_at: r.at,
    })
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
export async function settleRaisedRequest(
  db: Executor,
  table: TrackerTable,
  id: string,
  settle: { externalId: string | null; url: string | null; source?: string; dismissedReason: string | null; at: string },
): Promise<void> {
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

export async function insertRisk(
  db: Executor,
  r: { id: string; accountId: string; meetingId: string | null; type: string; severity: string; arrAtRisk: number | null; evidence: string; ownerId: string | null; at: string },
): Promise<void> {
  await db
    .insertInto('risks')
    .values({
      id: r.id,
      account_id: r.accountId,
      meeting_id: r.meetingId,
      type: r.type,
      severity: r.severity,
      arr_at_risk: r.arrAtRisk,
      evidence: r.evidence,
      status: 'open',
      owner_id: r.ownerId,
      resolution: null,
      created_at: r.at,
      updated_at: r.at,
      closed_at: null,
    })
    .execute();
}
