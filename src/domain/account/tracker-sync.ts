import type { FeatureRequestStatus, TicketStatus } from '../meeting/meeting.ts';

/**
 * How a tracker item synced from Zendesk, Jira, GitLab or GitHub lands in Cadence's support
 * tickets and feature requests. Pure: the sync service loads the rows, these rules decide, the
 * store writes.
 */
export type TrackerTableName = 'support_tickets' | 'feature_requests';

/** The fields of a synced item that Cadence stores (a subset of the integrations' TrackerItem). */
export interface SyncedItem {
  source: string;
  externalId: string;
  kind: 'ticket' | 'feature_request';
  title: string;
  status: 'open' | 'pending' | 'closed';
  rawStatus: string;
  priority: string | null;
  url: string;
  createdAt: string;
  closedAt: string | null;
  deleted?: boolean;
}

export interface TrackerRowValues {
  accountId: string | null;
  title: string;
  status: string;
  rawStatus: string | null;
  priority: string | null;
  url: string | null;
  closedAt: string | null;
}

/** The stored row's fields the sync may change, as they are now. */
export interface StoredTrackerRow extends TrackerRowValues {
  id: string;
  table: TrackerTableName;
  raisedInMeetingId: string | null;
}

export type TrackerPlan =
  | { kind: 'create'; table: TrackerTableName; values: TrackerRowValues }
  | { kind: 'update'; table: TrackerTableName; id: string; values: TrackerRowValues }
  /** The tracker now files it under the other kind (a feature label was added or removed). */
  | { kind: 'move'; from: TrackerTableName; id: string; table: TrackerTableName; values: TrackerRowValues }
  | { kind: 'same' };

const DECLINED = /declin|won'?t|not[ _-]?planned|reject|duplicate|invalid|obsolete/i;

/** Zendesk's six words map one to one; other trackers' words fall back on open/pending/closed. */
export function ticketStatus(item: Pick<SyncedItem, 'status' | 'rawStatus' | 'deleted'>): TicketStatus {
  if (item.deleted) return 'closed';
  const raw = item.rawStatus.trim().toLowerCase();
  if (item.status === 'closed') return raw === 'solved' ? 'solved' : 'closed';
  if (raw === 'hold' || raw === 'on hold' || raw === 'on_hold') return 'on_hold';
  if (item.status === 'pending') return 'pending';
  return raw === 'new' ? 'new' : 'open';
}

/**
 * A feature request closed upstream was either declined (the tracker says so in words) or done;
 * one Cadence already marked shipped (with its release) or declined keeps that.
 */
export function featureRequestStatus(item: Pick<SyncedItem, 'status' | 'rawStatus' | 'deleted'>, current: string | null): FeatureRequestStatus {
  const closed = item.deleted || item.status === 'closed';
  if (!closed) return current === 'under_review' || current === 'planned' || current === 'in_progress' ? current : 'open';
  if (current === 'shipped' || current === 'declined') return current;
  return item.deleted || DECLINED.test(item.rawStatus) ? 'declined' : 'shipped';
}

export function tableFor(kind: SyncedItem['kind']): TrackerTableName {
  return kind === 'feature_request' ? 'feature_requests' : 'support_tickets';
}

function valuesFor(item: SyncedItem, table: TrackerTableName, accountId: string | null, current: StoredTrackerRow | undefined, now: string): TrackerRowValues {
  const status = table === 'support_tickets' ? ticketStatus(item) : featureRequestStatus(item, current?.table === table ? current.status : null);
  const closed = item.deleted || item.status === 'closed';
  return {
    accountId,
    title: item.title.slice(0, 1000),
    status,
    rawStatus: item.deleted ? 'deleted' : item.rawStatus,
    priority: item.priority,
    url: item.url || current?.url || null,
    closedAt: closed ? (current?.closedAt ?? item.closedAt ?? now) : null,
  };
}

function differs(a: TrackerRowValues, b: StoredTrackerRow): boolean {
  return a.accountId !== b.accountId || a.title !== b.title || a.status !== b.status || a.rawStatus !== b.rawStatus || a.priority !== b.priority || a.url !== b.url || a.closedAt !== b.closedAt;
}

/**
 * What to do with one synced item. An item no rule matches keeps the account it had (set by a
 * person, or raised in a call); a request raised in a call stays where the call filed it.
 * An unchanged item writes nothing, so a re-run changes nothing.
 */
export function planTrackerItem(item: SyncedItem, current: StoredTrackerRow | undefined, matchedAccountId: string | null, now: string): TrackerPlan {
  const accountId = matchedAccountId ?? current?.accountId ?? null;
  if (!current) {
    if (item.deleted) return { kind: 'same' };
    const table = tableFor(item.kind);
    return { kind: 'create', table, values: valuesFor(item, table, accountId, undefined, now) };
  }
  const wanted = current.raisedInMeetingId ? current.table : tableFor(item.kind);
  const values = valuesFor(item, wanted, accountId, current, now);
  if (wanted !== current.table) return { kind: 'move', from: current.table, id: current.id, table: wanted, values };
  return differs(values, current) ? { kind: 'update', table: wanted, id: current.id, values } : { kind: 'same' };
}
