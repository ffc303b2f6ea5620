import { describe, expect, it } from 'vitest';
import { featureRequestStatus, planTrackerItem, ticketStatus, type StoredTrackerRow, type SyncedItem } from './tracker-sync.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const item = (over: Partial<SyncedItem> = {}): SyncedItem => ({
  source: 'jira',
  externalId: '10001',
  kind: 'ticket',
  title: 'Runner timeouts',
  status: 'open',
  rawStatus: 'In Progress',
  priority: 'high',
  url: 'https://acme.atlassian.net/browse/SUP-1',
  createdAt: '2026-11-01T09:00:00.000Z',
  closedAt: null,
  ...over,
});
const stored = (over: Partial<StoredTrackerRow> = {}): StoredTrackerRow => ({
  id: 't1',
  table: 'support_tickets',
  accountId: 'acc-1',
  title: 'Runner timeouts',
  status: 'open',
  rawStatus: 'In Progress',
  priority: 'high',
  url: 'https://acme.atlassian.net/browse/SUP-1',
  closedAt: null,
  raisedInMeetingId: null,
  ...over,
});

describe('tracker items as Cadence files them', () => {
  it("Zendesk's own words map one to one and hold means on hold", () => {
    expect(ticketStatus({ status: 'open', rawStatus: 'new' })).toBe('new');
    expect(ticketStatus({ status: 'pending', rawStatus: 'hold' })).toBe('on_hold');
    expect(ticketStatus({ status: 'closed', rawStatus: 'solved' })).toBe('solved');
    expect(ticketStatus({ status: 'open', rawStatus: 'anything', deleted: true })).toBe('closed');
  });

  it('a feature request closed upstream is declined when the tracker says so and shipped otherwise, unless Cadence already decided', () => {
    expect(featureRequestStatus({ status: 'closed', rawStatus: "Won't Do" }, 'open')).toBe('declined');
    expect(featureRequestStatus({ status: 'closed', rawStatus: 'Done' }, 'open')).toBe('shipped');
    expect(featureRequestStatus({ status: 'closed', rawStatus: 'closed (not_planned)' }, 'open')).toBe('declined');
    expect(featureRequestStatus({ status: 'closed', rawStatus: "Won't Do" }, 'shipped')).toBe('shipped');
    expect(featureRequestStatus({ status: 'open', rawStatus: 'To Do' }, 'planned')).toBe('planned');
  });

  it('an item seen again unchanged writes nothing', () => {
    expect(planTrackerItem(item(), stored(), 'acc-1', NOW)).toEqual({ kind: 'same' });
  });

  it('an item no rule matches keeps the account a person gave it', () => {
    const plan = planTrackerItem(item({ title: 'Runner timeouts on big repos' }), stored(), null, NOW);
    expect(plan).toMatchObject({ kind: 'update', values: { accountId: 'acc-1', title: 'Runner timeouts on big repos' } });
  });

  it('a closed item gets a closed time once and keeps it', () => {
    const first = planTrackerItem(item({ status: 'closed', rawStatus: 'Done', closedAt: null }), stored(), 'acc-1', NOW);
    expect(first).toMatchObject({ kind: 'update', values: { status: 'closed', closedAt: NOW } });
    expect(planTrackerItem(item({ status: 'closed', rawStatus: 'Done', closedAt: '2026-11-21T00:00:00.000Z' }), stored({ status: 'closed', rawStatus: 'Done', closedAt: NOW }), 'acc-1', NOW)).toEqual({ kind: 'same' });
  });

  it('an item that became a feature request moves tables, unless it was raised in a call', () => {
    expect(planTrackerItem(item({ kind: 'feature_request' }), stored(), 'acc-1', NOW)).toMatchObject({ kind: 'move', from: 'support_tickets', table: 'feature_requests', id: 't1' });
    expect(planTrackerItem(item({ kind: 'feature_request' }), stored({ raisedInMeetingId: 'm1' }), 'acc-1', NOW)).toEqual({ kind: 'same' });
  });

  it('an item deleted before Cadence ever saw it is not created', () => {
    expect(planTrackerItem(item({ deleted: true }), undefined, 'acc-1', NOW)).toEqual({ kind: 'same' });
  });
});
