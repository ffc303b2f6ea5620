import { describe, expect, it } from 'vitest';
import {
  accountsNotTouched,
  agendaLeadTime,
  arrAtRisk,
  buildTeamDashboard,
  cadenceAdherence,
  completeEngagements,
  customerActionItemCompletion,
  followUpWithinOneBusinessDay,
  healthDistribution,
  meetingsWithoutActionItems,
  type MetricsAccount,
  type MetricsActionItem,
  type MetricsMeeting,
} from './team-metrics.ts';
import { businessCalendar } from '../calendar/business-calendar.ts';
import { instantMs } from './team-metrics-figure.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-20T10:00:00.000Z' };
const teamOf = new Map([
  ['alice', 'emea'],
  ['bob', 'emea'],
  ['carol', 'amer'],
]);
const scope = { period, teamOf, now: NOW };

const account = (o: Partial<MetricsAccount> & { id: string }): MetricsAccount => ({
  ownerId: 'alice',
  arr: 100_000,
  healthColour: 'green',
  previousHealthColour: 'green',
  lastTouchAt: null,
  expectedCalls: 1,
  ...o,
});

/** A call held on `day` (November 2026) at 10:00 UTC, agenda three days ahead, follow-up the same day. */
const meeting = (o: Partial<MetricsMeeting> & { id: string; accountId: string }, day = 10): MetricsMeeting => {
  const at = `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  return {
    type: 'cadence',
    state: 'complete',
    startsAt: at,
    heldAt: at,
    agendaSentAt: new Date(Date.parse(at) - 3 * 86_400_000).toISOString(),
    followUpSentAt: new Date(Date.parse(at) + 3 * 3_600_000).toISOString(),
    ...o,
  };
};

const item = (o: Partial<MetricsActionItem> & { id: string; accountId: string }): MetricsActionItem => ({
  meetingId: null,
  side: 'customer',
  status: 'open',
  dueDate: '2026-11-15',
  createdAt: '2026-11-05T10:00:00.000Z',
  ...o,
});

describe('cadence adherence', () => {
  const accounts = [account({ id: 'a1', expectedCalls: 2 }), account({ id: 'a2', expectedCalls: 2 }), account({ id: 'b1', ownerId: 'bob', expectedCalls: 1 }), account({ id: 'c1', ownerId: 'carol', expectedCalls: 0 })];
  const meetings = [
    meeting({ id: 'm1', accountId: 'a1' }, 3),
    meeting({ id: 'm2', accountId: 'a1' }, 10),
    meeting({ id: 'm3', accountId: 'a1' }, 17),
    meeting({ id: 'm4', accountId: 'a2' }, 4),
    meeting({ id: 'm5', accountId: 'b1', state: 'cancelled' }, 5),
    meeting({ id: 'm6', accountId: 'b1', type: 'internal_review' }, 6),
    meeting({ id: 'm7', accountId: 'b1' }, 25),
  ];

  it('counts calls held against calls due, an extra call on one account not hiding a missed one on another', () => {
    const result = cadenceAdherence(accounts, meetings, scope);
    expect(result.all).toMatchObject({ numerator: 3, denominator: 5, rate: 0.6 });
    expect(result.all.hits).toEqual(['a1']);
    expect(result.all.misses).toEqual(['a2', 'b1']);
  });

  it('a cancelled call, an internal review or a call outside the period does not count', () => {
    expect(cadenceAdherence(accounts, meetings, scope).byCsm.bob).toMatchObject({ numerator: 0, denominator: 1, misses: ['b1'] });
  });

  it('is broken down by CSM and by team, and accounts expecting no call are left out', () => {
    const result = cadenceAdherence(accounts, meetings, scope);
    expect(result.byCsm.alice?.rate).toBe(0.75);
    expect(result.byTeam.emea?.denominator).toBe(5);
    expect(result.byCsm.carol).toBeUndefined();
  });
});

describe('agenda lead time', () => {
  it('an agenda out by 09:00 two business days before the call is on time; none at all is listed', () => {
    const meetings = [
      meeting({ id: 'early', accountId: 'a1', agendaSentAt: '2026-11-06T08:00:00.000Z' }),
      meeting({ id: 'late', accountId: 'a1', agendaSentAt: '2026-11-10T08:00:00.000Z' }),
      meeting({ id: 'none', accountId: 'a1', agendaSentAt: null }),
    ];
    const result = agendaLeadTime([account({ id: 'a1' })], meetings, scope);
    expect(result.onTime.all.hits).toEqual(['early']);
    expect(result.onTime.all.misses).toEqual(['late', 'none']);
    expect(result.withoutAgenda).toEqual(['none']);
    expect(result.medianHours).toBe(50);
    expect(result.medianHoursByCsm.alice).toBe(50);
  });

  it('an agenda sent on Saturday for a Tuesday call is late on the dashboard, as My day and the agenda task say, though three days ahead', () => {
    const meetings = [meeting({ id: 'weekend', accountId: 'a1' })];
    expect(agendaLeadTime([account({ id: 'a1' })], meetings, scope).onTime.all.misses).toEqual(['weekend']);
  });

  it("a holiday moves the agenda's send-by time earlier on the dashboard too", () => {
    const meetings = [meeting({ id: 'm', accountId: 'a1', agendaSentAt: '2026-11-06T08:00:00.000Z' })];
    expect(agendaLeadTime([account({ id: 'a1' })], meetings, { ...scope, calendar: businessCalendar(['2026-11-09']) }).onTime.all.misses).toEqual(['m']);
  });
});

describe('follow-up within one business day', () => {
  it('a Friday call followed up on Monday is on time; with no calendar only the weekend is skipped', () => {
    const meetings = [
      meeting({ id: 'fri', accountId: 'a1', heldAt: '2026-11-13T15:00:00.000Z', followUpSentAt: '2026-11-16T15:00:00.000Z' }),
      meeting({ id: 'sat', accountId: 'a1', heldAt: '2026-11-14T09:00:00.000Z', followUpSentAt: '2026-11-16T09:30:00.000Z' }),
    ];
    const result = followUpWithinOneBusinessDay([account({ id: 'a1' })], meetings, scope);
    expect(result.all).toMatchObject({ hits: ['fri'], misses: ['sat'] });
  });

  it('a call held on the Friday before a Monday holiday and followed up on Tuesday is on time', () => {
    const meetings = [meeting({ id: 'fri', accountId: 'a1', heldAt: '2026-11-13T15:00:00.000Z', followUpSentAt: '2026-11-17T14:00:00.000Z' })];
    const calendar = businessCalendar(['2026-11-16']);
    expect(followUpWithinOneBusinessDay([account({ id: 'a1' })], meetings, { ...scope, calendar }).all.hits).toEqual(['fri']);
    expect(followUpWithinOneBusinessDay([account({ id: 'a1' })], meetings, scope).all.misses).toEqual(['fri']);
  });

  it("the follow-up is due by the account's clock: a call on Thursday 22:00 UTC is Friday morning in Sydney, so Monday there is on time", () => {
    const meetings = [meeting({ id: 'm', accountId: 'a1', heldAt: '2026-11-12T22:00:00.000Z', followUpSentAt: '2026-11-15T21:00:00.000Z' })];
    expect(followUpWithinOneBusinessDay([account({ id: 'a1', timezone: 'Australia/Sydney' })], meetings, scope).all.hits).toEqual(['m']);
    expect(followUpWithinOneBusinessDay([account({ id: 'a1' })], meetings, scope).all.misses).toEqual(['m']);
  });

  it('late follow-ups and overdue ones without a follow-up are misses; a call still within its day is not counted', () => {
    const meetings = [
      meeting({ id: 'fri', accountId: 'a1', heldAt: '2026-11-13T15:00:00.000Z', followUpSentAt: '2026-11-16T11:00:00.000Z' }),
      meeting({ id: 'late', accountId: 'a1', heldAt: '2026-11-10T15:00:00.000Z', followUpSentAt: '2026-11-12T09:00:00.000Z' }),
      meeting({ id: 'never', accountId: 'a1', heldAt: '2026-11-10T15:00:00.000Z', followUpSentAt: null }),
      meeting({ id: 'today', accountId: 'a1', heldAt: '2026-11-20T08:00:00.000Z', followUpSentAt: null }),
    ];
    const result = followUpWithinOneBusinessDay([account({ id: 'a1' })], meetings, scope);
    expect(result.all.hits).toEqual(['fri']);
    expect(result.all.misses).toEqual(['late', 'never']);
  });

  it('the due time written at wrap-up is the one that counts', () => {
    const meetings = [meeting({ id: 'm', accountId: 'a1', heldAt: '2026-11-10T15:00:00.000Z', followUpSentAt: '2026-11-12T09:00:00.000Z', followUpDueAt: '2026-11-12T15:00:00.000Z' })];
    expect(followUpWithinOneBusinessDay([account({ id: 'a1' })], meetings, scope).all.hits).toEqual(['m']);
  });
});

describe('meeting effectiveness', () => {
  const accounts = [account({ id: 'a1' })];
  const meetings = [meeting({ id: 'with', accountId: 'a1' }), meeting({ id: 'without', accountId: 'a1' }), meeting({ id: 'dropped-only', accountId: 'a1' }), meeting({ id: 'no-agenda', accountId: 'a1', agendaSentAt: null })];
  const items = [item({ id: 'i1', accountId: 'a1', meetingId: 'with' }), item({ id: 'i2', accountId: 'a1', meetingId: 'dropped-only', status: 'dropped' }), item({ id: 'i3', accountId: 'a1', meetingId: 'no-agenda' })];

  it('a call with no action items was not effective', () => {
    const result = meetingsWithoutActionItems(accounts, meetings, items, scope);
    expect(result.all.hits).toEqual(['without', 'dropped-only']);
    expect(result.all.rate).toBe(0.5);
  });

  it('an engagement is complete on the dashboard exactly when the meeting workspace says so: follow-up sent, every request opened or dismissed', () => {
    const calls = [...meetings, meeting({ id: 'no-follow-up', accountId: 'a1', followUpSentAt: null }), meeting({ id: 'request-open', accountId: 'a1' })];
    const requestsRaised = [
      { id: 'r1', meetingId: 'request-open', kind: 'ticket' as const, title: 'SSO fails', externalId: null, url: null, dismissedReason: null },
      { id: 'r2', meetingId: 'with', kind: 'feature_request' as const, title: 'Export', externalId: 'JIRA-1', url: null, dismissedReason: null },
    ];
    const result = completeEngagements(accounts, calls, { ...scope, requestsRaised });
    expect(result.all.hits).toEqual(['with', 'without', 'dropped-only', 'no-agenda']);
    expect(result.all.misses).toEqual(['no-follow-up', 'request-open']);
  });
});

describe('customer action items', () => {
  it('counts customer-side items due in the period, done over due, leaving vendor and dropped items out', () => {
    const items = [
      item({ id: 'done', accountId: 'a1', status: 'done' }),
      item({ id: 'open', accountId: 'a1' }),
      item({ id: 'vendor', accountId: 'a1', side: 'vendor' }),
      item({ id: 'dropped', accountId: 'a1', status: 'dropped' }),
      item({ id: 'later', accountId: 'a1', dueDate: '2026-12-15' }),
      item({ id: 'undated', accountId: 'a1', dueDate: null, status: 'done' }),
    ];
    const result = customerActionItemCompletion([account({ id: 'a1' })], items, scope);
    expect(result.all.hits).toEqual(['done', 'undated']);
    expect(result.all.misses).toEqual(['open']);
  });
});

describe('accounts not touched in 30 days', () => {
  it('an account with neither a call nor a logged touch in 30 days is listed', () => {
    const accounts = [account({ id: 'called' }), account({ id: 'emailed', lastTouchAt: '2026-11-01T00:00:00.000Z' }), account({ id: 'silent', lastTouchAt: '2026-09-01T00:00:00.000Z' })];
    const result = accountsNotTouched(accounts, [meeting({ id: 'm', accountId: 'called' }), meeting({ id: 'x', accountId: 'silent', state: 'cancelled' })], { now: NOW });
    expect(result.all.hits).toEqual(['silent']);
    expect(result.all.denominator).toBe(3);
  });
});

describe('health and ARR at risk', () => {
  const accounts = [
    account({ id: 'up', healthColour: 'green', previousHealthColour: 'yellow' }),
    account({ id: 'down', ownerId: 'carol', healthColour: 'red', previousHealthColour: 'green', arr: 50_000 }),
    account({ id: 'new', healthColour: 'yellow', previousHealthColour: null }),
    account({ id: 'none', healthColour: null }),
  ];

  it('shows the distribution by colour and which accounts moved', () => {
    const h = healthDistribution(accounts);
    expect(h.byColour).toEqual({ green: ['up'], yellow: ['new'], red: ['down'], unscored: ['none'] });
    expect(h.byCsm.carol?.red).toEqual(['down']);
    expect(h.movement).toEqual({ improved: ['up'], declined: ['down'], unchanged: [], newlyScored: ['new'] });
  });

  it('an account five points down within its colour declined on the dashboard, as in the MBR and on the account', () => {
    const moved = [
      account({ id: 'slipped', healthColour: 'yellow', previousHealthColour: 'yellow', healthScore: 62.6, previousHealthScore: 67.6 }),
      account({ id: 'nudged', healthColour: 'yellow', previousHealthColour: 'yellow', healthScore: 66, previousHealthScore: 68 }),
    ];
    expect(healthDistribution(moved).movement).toMatchObject({ declined: ['slipped'], unchanged: ['nudged'] });
  });

  it('adds up ARR at risk from live risks, each account capped at its ARR', () => {
    const risks = [
      { id: 'r1', accountId: 'down', status: 'open', arrAtRisk: 40_000 },
      { id: 'r2', accountId: 'down', status: 'mitigating', arrAtRisk: 30_000 },
      { id: 'r3', accountId: 'up', status: 'closed', arrAtRisk: 90_000 },
      { id: 'r4', accountId: 'up', status: 'open', arrAtRisk: 10_000 },
    ];
    const result = arrAtRisk(accounts, risks, { teamOf });
    expect(result.total).toBe(60_000);
    expect(result.byCsm).toEqual({ carol: 50_000, alice: 10_000 });
    expect(result.byTeam).toEqual({ amer: 50_000, emea: 10_000 });
    expect(result.riskIds).toEqual(['r1', 'r2', 'r4']);
    expect(result.accountIds).toEqual(['down', 'up']);
  });
});

describe('the team dashboard', () => {
  it('gives the same figures as the functions one by one', () => {
    const accounts = [account({ id: 'a1', expectedCalls: 2 }), account({ id: 'b1', ownerId: 'bob', lastTouchAt: '2026-08-01T00:00:00.000Z' })];
    const meetings = [
      meeting({ id: 'm1', accountId: 'a1' }),
      meeting({ id: 'm2', accountId: 'a1', agendaSentAt: null, followUpSentAt: null }, 12),
      meeting({ id: 'old', accountId: 'b1', heldAt: '2026-09-01T10:00:00.000Z', startsAt: '2026-09-01T10:00:00.000Z' }),
    ];
    const actionItems = [item({ id: 'i1', accountId: 'a1', meetingId: 'm1' }), item({ id: 'i2', accountId: 'a1', meetingId: 'm1', status: 'done' })];
    const d = buildTeamDashboard({ accounts, meetings, actionItems, risks: [], scope });
    expect(d.cadenceAdherence).toEqual(cadenceAdherence(accounts, meetings, scope));
    expect(d.agendaLeadTime).toEqual(agendaLeadTime(accounts, meetings, scope));
    expect(d.followUpWithinOneBusinessDay).toEqual(followUpWithinOneBusinessDay(accounts, meetings, scope));
    expect(d.notEffective).toEqual(meetingsWithoutActionItems(accounts, meetings, actionItems, scope));
    expect(d.completeEngagements).toEqual(completeEngagements(accounts, meetings, scope));
    expect(d.customerActionItemCompletion).toEqual(customerActionItemCompletion(accounts, actionItems, scope));
    expect(d.notTouchedIn30Days).toEqual(accountsNotTouched(accounts, meetings, scope));
    expect(d.notTouchedIn30Days.all.hits).toEqual(['b1']);
    expect(d.notEffective.all.hits).toEqual(['m2']);
  });
});

describe('reading instants quickly', () => {
  it('reads the app’s own instant format and any other ISO form exactly as Date.parse does', () => {
    for (const s of ['2026-11-20T10:00:00.000Z', '1999-01-01T00:00:00.001Z', '2028-02-29T23:59:59.999Z', '2026-11-20T10:00:00Z', '2026-11-20T11:00:00.000+01:00']) {
      expect(instantMs(s)).toBe(Date.parse(s));
    }
  });
});
