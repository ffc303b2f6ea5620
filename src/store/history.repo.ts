import type { AuditEntry, TimelineEntry } from '../domain/model.ts';
import type { Executor } from './database.ts';

export async function insertTimelineEntry(db: Executor, e: TimelineEntry): Promise<void> {
  await insertTimelineEntries(db, [e]);
}

/** Many timeline entries in a few statements (a calendar's first sync). */
export async function insertTimelineEntries(db: Executor, entries: TimelineEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 200) {
    await db
      .insertInto('timeline_entries')
      .values(
        entries.slice(i, i + 200).map((e) => ({
          id: e.id,
          account_id: e.accountId,
          kind: e.kind,
          summary: e.summary,
          detail: e.detail === undefined ? null : JSON.stringify(e.detail),
          actor_id: e.actorId,
          occurred_at: e.occurredAt,
        })),
      )
      .execute();
  }
}

/** Many audit entries in a few statements. */
export async function insertAuditEntries(db: Executor, entries: (AuditEntry & { actorLabel: string })[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 200) {
    await db
      .insertInto('audit_log')
      .values(
        entries.slice(i, i + 200).map((e) => ({
          id: e.id,
          actor_id: e.actorId,
          actor_label: e.actorLabel,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId,
          before: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
          after: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
          at: e.at,
        })),
      )
      .execute();
  }
}

export async function insertAuditEntry(db: Executor, e: AuditEntry & { actorLabel: string }): Promise<void> {
  await insertAuditEntries(db, [e]);
}

/** The account's timeline, newest first; `before` is the id of the last entry already shown. */
export async function listTimeline(db: Executor, accountId: string, limit: number, before?: string): Promise<TimelineEntry[]> {
  let q = db.selectFrom('timeline_entries').selectAll().where('account_id', '=', accountId);
  if (before) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    kind: r.kind,
    summary: r.summary,
    detail: r.detail === null ? null : JSON.parse(r.detail),
    actorId: r.actor_id,
    occurredAt: r.occurred_at,
  }));
}

export async function listAudit(db: Executor, entityType: string, entityId: string): Promise<(AuditEntry & { actorLabel: string })[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    at: r.at,
  }));
}
