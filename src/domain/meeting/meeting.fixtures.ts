/**
 * Builders for the meeting-lifecycle tests and the agenda benchmark: plausible records with
 * every field filled, overridable one field at a time. Not used by application code.
 */
import type { AgendaInput } from '../agenda/agenda.ts';
import type { ActionItem, AgendaItem, Attendee, FeatureRequest, Meeting, ProductFinding, Risk, SuccessObjective, SuggestedTopic, SupportTicket } from './meeting.ts';

export const ACCOUNT_ID = 'acc-globex';
export const NOW = new Date('2026-11-23T10:00:00Z');
export const LAST_CALL = '2026-11-09T15:00:00.000Z';

/** Ids a-1, a-2, … so tests can name what they expect. */
export function counterIds(prefix = 'item'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

export function attendee(over: Partial<Attendee> = {}): Attendee {
  return { kind: 'user', id: 'u-alice', name: 'Alice Archer', email: 'alice@vendor.test', side: 'vendor', role: 'CSM', shadowing: false, ...over };
}

export function meeting(over: Partial<Meeting> = {}): Meeting {
  return {
    id: 'm-2',
    accountId: ACCOUNT_ID,
    type: 'cadence',
    title: 'Acme / Globex CSM Call',
    state: 'planned',
    startsAt: '2026-11-24T15:00:00.000Z',
    endsAt: '2026-11-24T15:30:00.000Z',
    attendees: [attendee(), attendee({ kind: 'contact', id: 'c-hank', name: 'Hank Scorpio', email: 'hank@globex.test', side: 'customer', role: 'VP Engineering' })],
    notes: '',
    notesVersion: 0,
    recordingUrl: null,
    csmSentiment: null,
    productSentiment: null,
    agendaSentAt: null,
    heldAt: null,
    followUpSentAt: null,
    cancelledAt: null,
    createdAt: '2026-11-10T09:00:00.000Z',
    updatedAt: '2026-11-10T09:00:00.000Z',
    ...over,
  };
}

export function actionItem(over: Partial<ActionItem> = {}): ActionItem {
  return {
    id: 'ai-1',
    accountId: ACCOUNT_ID,
    meetingId: 'm-1',
    text: 'Send the SSO metadata',
    owner: { kind: 'contact', id: 'c-hank', name: 'Hank Scorpio' },
    side: 'customer',
    dueDate: '2026-11-30',
    status: 'open',
    lastUpdate: null,
    expectedUpdateOn: null,
    createdAt: '2026-11-09T15:30:00.000Z',
    completedAt: null,
    ...over,
  };
}

export function ticket(over: Partial<SupportTicket> = {}): SupportTicket {
  return {
    id: 't-1',
    accountId: ACCOUNT_ID,
    title: 'Runners time out on large repos',
    priority: 'high',
    status: 'pending',
    externalId: '48213',
    url: 'https://support.vendor.test/tickets/48213',
    openedAt: '2026-11-14T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
    ...over,
  };
}

export function request(over: Partial<FeatureRequest> = {}): FeatureRequest {
  return {
    id: 'fr-1',
    accountId: ACCOUNT_ID,
    title: 'Merge trains for monorepos',
    status: 'planned',
    externalId: '9001',
    url: 'https://tracker.vendor.test/issues/9001',
    shippedIn: null,
    shippedAt: null,
    createdAt: '2026-09-01T08:00:00.000Z',
    ...over,
  };
}

export function finding(over: Partial<ProductFinding> = {}): ProductFinding {
  return { id: 'f-1', accountId: ACCOUNT_ID, kind: 'vulnerability', severity: 'critical', title: 'log4j in build image', foundAt: '2026-11-15T08:00:00.000Z', ...over };
}

export function objective(over: Partial<SuccessObjective> = {}): SuccessObjective {
  return { id: 'o-1', accountId: ACCOUNT_ID, title: 'Halve release lead time', kind: 'outcome', status: 'on_track', progress: 40, targetDate: '2027-03-31', ...over };
}

export function risk(over: Partial<Risk> = {}): Risk {
  return {
    id: 'r-1',
    accountId: ACCOUNT_ID,
    type: 'champion_leaving',
    severity: 'high',
    arrAtRisk: 184000,
    evidence: 'Hank is interviewing at Initech',
    status: 'open',
    createdAt: '2026-11-01T08:00:00.000Z',
    ...over,
  };
}

export function topic(over: Partial<SuggestedTopic> = {}): SuggestedTopic {
  return { id: 'tp-1', text: 'Review upcoming features and releases', deployments: [], segments: [], active: true, position: 1, ...over };
}

export function agendaItem(over: Partial<AgendaItem> = {}): AgendaItem {
  return {
    id: 'prev-1',
    section: 'customer_topics',
    text: 'Budget for next year',
    source: null,
    addedBy: 'customer',
    visibility: 'shared',
    discussed: false,
    notes: '',
    carriedOverFrom: null,
    ...over,
  };
}

/** An ongoing cadence call with a healthy SaaS account and nothing on file. */
export function agendaInput(over: Partial<AgendaInput> = {}): AgendaInput {
  const m = meeting();
  return {
    meeting: m,
    account: {
      id: ACCOUNT_ID,
      name: 'Globex',
      segment: 'enterprise',
      deployment: 'saas',
      productVersion: null,
      arr: 184000,
      renewalDate: '2027-09-30',
      contractStartDate: '2026-10-01',
      licencesBought: 500,
      licencesUsed: 310,
      securityAlertsOptIn: true,
      healthColour: 'yellow',
      healthScore: 62,
      timezone: 'UTC',
    },
    lastCallAt: LAST_CALL,
    previousAgendas: [],
    materials: [],
    contacts: [],
    actionItems: [],
    tickets: [],
    requests: [],
    findings: [finding({ id: 'f-usage', kind: 'usage', severity: 'info', title: 'Weekly active users up 12%' })],
    objectives: [],
    risks: [],
    topicLibrary: [],
    hotSheet: [],
    nextCallAt: '2026-12-08T15:00:00.000Z',
    newId: counterIds(),
    ...over,
  };
}
