import type { Actor } from '../domain/model.ts';
import type { Executor } from '../store/database.ts';
import { insertAuditEntries, insertAuditEntry, insertTimelineEntries, insertTimelineEntry } from '../store/history.repo.ts';
import type { Deps } from '../deps.ts';

export interface Change {
  /** The account whose timeline shows the change; null for changes outside any account. */
  accountId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /** One line a CSM reads on the timeline, e.g. "Stage changed from onboarding to adoption". */
  summary: string;
  timelineKind?: string;
}

/**
 * Writes the audit entry (who, when, what, before and after) and the account's timeline entry.
 * Callers pass their open transaction so the change and its record commit together or not at all.
 */
/** The audit and timeline entries of a record just born: nothing before, the whole record after. */
export async function recordCreation(tx: Executor, deps: Pick<Deps, 'now' | 'newId'>, actor: Actor, created: { accountId: string; action: string; entityType: string; record: { id: string }; summary: string }): Promise<void> {
  const { record, ...change } = created;
  await recordChange(tx, deps, actor, { ...change, entityId: record.id, before: null, after: record });
}

export async function recordChange(tx: Executor, deps: Pick<Deps, 'now' | 'newId'>, actor: Actor, change: Change): Promise<void> {
  const at = deps.now().toISOString();
  await insertAuditEntry(tx, {
    id: deps.newId(),
    actorId: actor.id,
    actorLabel: actor.label,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: change.before,
    after: change.after,
    at,
  });
  if (change.accountId) {
    await insertTimelineEntry(tx, {
      id: deps.newId(),
      accountId: change.accountId,
      kind: change.timelineKind ?? change.action,
      summary: change.summary,
      detail: { entityType: change.entityType, entityId: change.entityId },
      actorId: actor.id,
      occurredAt: at,
    });
  }
}

/** recordChange for many changes by one actor at once (a calendar's first sync): the same entries, in a few statements. */
export async function recordChanges(tx: Executor, deps: Pick<Deps, 'now' | 'newId'>, actor: Actor, changes: Change[]): Promise<void> {
  const at = deps.now().toISOString();
  const audit: Parameters<typeof insertAuditEntries>[1] = [];
  const timeline: Parameters<typeof insertTimelineEntries>[1] = [];
  for (const change of changes) {
    audit.push({ id: deps.newId(), actorId: actor.id, actorLabel: actor.label, action: change.action, entityType: change.entityType, entityId: change.entityId, before: change.before, after: change.after, at });
    if (change.accountId) {
      timeline.push({
        id: deps.newId(),
        accountId: change.accountId,
        kind: change.timelineKind ?? change.action,
        summary: change.summary,
        detail: { entityType: change.entityType, entityId: change.entityId },
        actorId: actor.id,
        occurredAt: at,
      });
    }
  }
  await insertAuditEntries(tx, audit);
  await insertTimelineEntries(tx, timeline);
}
