import { describe, expect, it } from 'vitest';
import { businessCalendar } from '../calendar/business-calendar.ts';
import { gatherHealthInputs, type HealthSourceMeeting, type HealthSources } from './inputs.ts';
import { scoreAccount } from './score.ts';
import { defaultScorecard } from './scorecard.ts';
import { healthChanged, healthTrend } from './trend.ts';
import { NOW, healthyInputs } from './health.fixtures.ts';

const call = (day: string, o: Partial<HealthSourceMeeting> = {}): HealthSourceMeeting => ({
  type: 'cadence',
  state: 'complete',
  startsAt: `${day}T10:00:00.000Z`,
  heldAt: `${day}T10:00:00.000Z`,
  agendaSentAt: `${day}T08:00:00.000Z`,
  followUpSentAt: `${day}T16:00:00.000Z`,
  csmSentiment: null,
  productSentiment: null,
  ...o,
});

function sources(o: Partial<HealthSources> = {}): HealthSources {
  return {
    account: { licencesBought: 100, licencesUsed: 41, contractStartDate: '2026-02-01', renewalDate: '2027-02-01' },
    meetings: [
      call('2026-10-01', { csmSentiment: 'green', productSentiment: 'yellow', agendaSentAt: '2026-09-28T10:00:00.000Z' }),
      call('2026-11-05', { csmSentiment: 'yellow', followUpSentAt: '2026-11-09T10:00:00.000Z' }),
      call('2026-11-12', { state: 'cancelled' }),
      call('2026-11-13', { type: 'internal_review', csmSentiment: 'red' }),
    ],
    expectedCalls: 4,
    actionItems: [
      { side: 'customer', status: 'done', dueDate: '2026-11-01' },
      { side: 'customer', status: 'open', dueDate: '2026-11-10' },
      { side: 'customer', status: 'open', dueDate: '2026-12-10' },
      { side: 'vendor', status: 'open', dueDate: '2026-11-10' },
    ],
    tickets: [
      { priority: 'urgent', status: 'open' },
      { priority: 'urgent', status: 'solved' },
      { priority: 'high', status: 'open' },
    ],
    escalations: null,
    contacts: [
      { role: 'champion', status: 'left' },
      { role: 'economic_buyer', status: 'active' },
    ],
    activeUsers: null,
    ...o,
  };
}

describe('gatherHealthInputs', () => {
  it('takes the sentiments set at the latest customer call that set them', () => {
    const inputs = gatherHealthInputs(sources(), NOW);
    expect(inputs.csm_sentiment).toBe('yellow');
    expect(inputs.product_sentiment).toBe('yellow');
  });

  it('reads the cadence habits of the last 90 days from the calls held', () => {
    const inputs = gatherHealthInputs(sources(), NOW);
    expect(inputs.cadence_adherence).toEqual({ part: 2, whole: 4 });
    expect(inputs.agenda_habit).toEqual({ part: 1, whole: 2 });
    expect(inputs.follow_up_habit).toEqual({ part: 1, whole: 2 });
  });

  it('a follow-up sent on the Tuesday after a call held on the Friday before a Monday holiday counts as on time', () => {
    const meetings = [call('2026-11-13', { followUpSentAt: '2026-11-17T09:00:00.000Z' })];
    expect(gatherHealthInputs(sources({ meetings, calendar: businessCalendar(['2026-11-16']) }), NOW).follow_up_habit).toEqual({ part: 1, whole: 1 });
    expect(gatherHealthInputs(sources({ meetings }), NOW).follow_up_habit).toEqual({ part: 0, whole: 1 });
  });

  it('the follow-up due time written at wrap-up is the one the habit counts against', () => {
    const meetings = [call('2026-11-13', { followUpSentAt: '2026-11-17T09:00:00.000Z', followUpDueAt: '2026-11-17T10:00:00.000Z' })];
    expect(gatherHealthInputs(sources({ meetings }), NOW).follow_up_habit).toEqual({ part: 1, whole: 1 });
  });

  it('counts customer action items due so far, open critical tickets, and a champion who left', () => {
    const inputs = gatherHealthInputs(sources(), NOW);
    expect(inputs.customer_action_items).toEqual({ part: 1, whole: 2 });
    expect(inputs.open_critical_tickets).toBe(1);
    expect(inputs.active_champion).toBe(false);
    expect(inputs.economic_buyer_access).toBe(true);
    expect(inputs.licence_utilisation).toMatchObject({ used: 41, bought: 100 });
  });

  it('what Cadence cannot know stays missing, so the scorer does not count it as zero', () => {
    const inputs = gatherHealthInputs(sources({ contacts: [], tickets: null, expectedCalls: null, account: { licencesBought: null, licencesUsed: null, contractStartDate: null, renewalDate: null } }), NOW);
    expect(inputs.active_champion).toBeNull();
    expect(inputs.open_critical_tickets).toBeNull();
    expect(inputs.cadence_adherence).toBeNull();
    expect(inputs.licence_utilisation).toBeNull();
    const result = scoreAccount(defaultScorecard(), inputs, NOW);
    expect(result.missing).toEqual(expect.arrayContaining(['active_champion', 'open_critical_tickets', 'cadence_adherence', 'licence_utilisation', 'escalations', 'active_users']));
  });
});

describe('health history', () => {
  const card = defaultScorecard();

  it('recomputing with the same inputs writes no new history row', () => {
    const first = scoreAccount(card, healthyInputs(), NOW);
    const again = scoreAccount(card, healthyInputs(), new Date(NOW.getTime() + 3_600_000));
    expect(healthChanged(first, again)).toBe(false);
    expect(healthChanged(first, scoreAccount(card, healthyInputs({ escalations: 2 }), NOW))).toBe(true);
    expect(healthChanged(null, first)).toBe(true);
  });

  it('an override or its expiry is a change worth recording', () => {
    const plain = scoreAccount(card, healthyInputs(), NOW);
    const overridden = scoreAccount(card, healthyInputs(), NOW, { override: { colour: 'red', reason: 'exec escalation', expiresAt: '2026-12-31T00:00:00Z' } });
    expect(healthChanged(plain, overridden)).toBe(true);
  });

  it('the trend compares the reading in force 30 days ago with the latest', () => {
    const history = [
      { at: '2026-09-01T00:00:00Z', score: 80, colour: 'green' as const },
      { at: '2026-10-15T00:00:00Z', score: 74, colour: 'green' as const },
      { at: '2026-11-10T00:00:00Z', score: 55, colour: 'yellow' as const },
    ];
    const trend = healthTrend(history, NOW);
    expect(trend).toMatchObject({ direction: 'declining', delta: -19 });
    expect(trend.points.map((p) => p.score)).toEqual([74, 55]);
  });

  it('a small wobble within a colour is steady, and a single reading has no trend', () => {
    expect(
      healthTrend(
        [
          { at: '2026-10-01T00:00:00Z', score: 72, colour: 'green' },
          { at: '2026-11-15T00:00:00Z', score: 75, colour: 'green' },
        ],
        NOW,
      ).direction,
    ).toBe('steady');
    expect(healthTrend([{ at: '2026-11-15T00:00:00Z', score: 75, colour: 'green' }], NOW).direction).toBe('unknown');
  });
});
