import type { ActionItem } from '../meeting/meeting.ts';
import type { RiskRecord } from '../account/risks.ts';
import type { Objective } from '../account/success-plan.ts';
import type { ReviewAccount } from './review-account.ts';

export const NOW = new Date('2026-12-09T09:00:00Z');

export function reviewAccount(o: Partial<ReviewAccount> & { id: string }): ReviewAccount {
  return {
    name: `Account ${o.id}`,
    segment: 'enterprise',
    arr: 100_000,
    renewalDate: '2027-09-01',
    ownerId: 'csm-1',
    aeId: 'ae-1',
    healthHistory: [
      { at: '2026-10-01T00:00:00Z', score: 80, colour: 'green' },
      { at: '2026-12-01T00:00:00Z', score: 78, colour: 'green' },
    ],
    expansion: null,
    risks: [],
    objectives: [],
    lastCallAt: '2026-12-02T15:00:00Z',
    nextCallAt: '2026-12-16T15:00:00Z',
    highlights: [],
    ...o,
  };
}

export function objective(o: Partial<Objective> & { id: string }): Objective {
  return {
    accountId: 'a',
    title: 'Cut release time to two days',
    kind: 'outcome',
    description: null,
    owner: { kind: 'contact', id: 'c-1', name: 'Hank Scorpio' },
    targetDate: '2027-03-31',
    status: 'on_track',
    progress: 40,
    customerVisible: true,
    internalNotes: null,
    createdAt: '2026-06-01T00:00:00Z',
    updatedAt: '2026-06-01T00:00:00Z',
    ...o,
  };
}

export function risk(o: Partial<RiskRecord> & { id: string; accountId: string }): RiskRecord {
  return {
    type: 'champion_leaving',
    severity: 'high',
    arrAtRisk: 40_000,
    evidence: 'Champion interviewing elsewhere',
    status: 'open',
    ownerId: 'csm-1',
    meetingId: 'm-1',
    resolution: null,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    closedAt: null,
    ...o,
  };
}

export function actionItem(o: Partial<ActionItem> & { id: string }): ActionItem {
  return {
    accountId: 'a',
    meetingId: 'm-1',
    text: 'Send the SSO metadata',
    owner: { kind: 'contact', id: 'c-1', name: 'Hank Scorpio' },
    side: 'customer',
    dueDate: '2026-11-30',
    status: 'open',
    lastUpdate: null,
    expectedUpdateOn: null,
    createdAt: '2026-11-09T15:30:00.000Z',
    completedAt: null,
    ...o,
  };
}
