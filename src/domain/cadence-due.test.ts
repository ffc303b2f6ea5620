import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from './business-days.ts';
import { computeDue, computeDueStates, lastHeldCallAt, type DueInput } from './cadence-due.ts';
import { DEFAULT_CADENCE_POLICY, parseCadenceOverride, resolveCadence } from './cadence-policy.ts';
import { HEALTH_COLOURS, SEGMENTS, STAGES, type HealthColour, type Segment, type Stage } from './model.ts';

const calendar = createBusinessCalendar();
const policy = DEFAULT_CADENCE_POLICY;

function due(
  account: { segment: Segment; stage: Stage; health?: HealthColour | null },
  facts: Partial<Omit<DueInput, 'cadence'>>,
  now: string,
  cal = calendar,
) {
  const cadence = resolveCadence(policy, account, account.health ?? null);
  return computeDue({ cadence, lastCallAt: null, lastTouchAt: null, createdAt: '2025-01-06T09:00:00Z', timezone: 'UTC', ...facts }, policy, now, cal);
}

/**
 * The seeds, written out independently of the policy code: weekly while onboarding (eased to
 * biweekly when green); otherwise enterprise monthly, commercial quarterly, scale no calls; green
 * eases monthly to quarterly and quarterly stays; churned owes nothing.
 */
function expectedCadence(segment: Segment, stage: Stage, health: HealthColour | null): string {
  if (stage === 'churned') return 'no recurring calls';
  const green = health === 'green';
  if (stage === 'onboarding') return green ? 'biweekly' : 'weekly';
  if (segment === 'scale') return 'no recurring calls';
  if (segment === 'enterprise') return green ? 'quarterly' : 'monthly';
  return 'quarterly';
}

// Last call Monday 2 March 2026; these dates are read off a calendar, weekends rolled to Monday.
const NEXT_CALL_AFTER_2_MARCH: Record<string, string | null> = {
  weekly: '2026-03-09',
  biweekly: '2026-03-16',
  monthly: '2026-04-02',
  quarterly: '2026-06-02',
  'no recurring calls': null,
};

describe('due state for every segment, stage and health', () => {
  const rows = SEGMENTS.flatMap((segment) => STAGES.flatMap((stage) => [...HEALTH_COLOURS, null].map((health) => ({ segment, stage, health }))));
  it.each(rows)('$segment in $stage with health $health', ({ segment, stage, health }) => {
    const expected = expectedCadence(segment, stage, health);
    const r = due({ segment, stage, health }, { lastCallAt: '2026-03-02T15:00:00Z' }, '2026-03-03T09:00:00Z');
    expect(r.cadence).toBe(expected);
    expect(r.nextCallDue).toBe(NEXT_CALL_AFTER_2_MARCH[expected]);
    // The call was a touch; the monthly floor makes the next touch due a month later.
    expect(r.nextTouchDue).toBe(stage === 'churned' ? null : '2026-04-02');
    expect(r.daysOverdue).toBe(0);
    const expectedState = stage === 'churned' ? 'nothing_owed' : expected === 'weekly' ? 'due_soon' : 'on_track';
    expect(r.state).toBe(expectedState);
  });
});

describe('due dates', () => {
  it('an enterprise account whose monthly call is late is overdue by the calendar days since it was due', () => {
    const r = due({ segment: 'enterprise', stage: 'steady' }, { lastCallAt: '2026-03-02T15:00:00Z', lastTouchAt: '2026-04-01T10:00:00Z' }, '2026-04-12T12:00:00Z');
    expect(r.nextCallDue).toBe('2026-04-02');
    expect(r.callOverdueDays).toBe(10);
    expect(r.touchOverdueDays).toBe(0);
    expect(r.daysOverdue).toBe(10);
    expect(r.state).toBe('overdue');
  });

  it('a call due today is not late yet', () => {
    const r = due({ segment: 'enterprise', stage: 'steady' }, { lastCallAt: '2026-03-02T15:00:00Z' }, '2026-04-02T23:00:00Z');
    expect(r.callOverdueDays).toBe(0);
    expect(r.state).toBe('due_soon');
  });

  it('with no call yet, the first call is due five business days after the account joined', () => {
    // Joined Thursday 5 March 2026: five business days later is Thursday 12 March.
    const r = due({ segment: 'commercial', stage: 'onboarding' }, { createdAt: '2026-03-05T10:00:00Z' }, '2026-03-16T10:00:00Z');
    expect(r.lastCallOn).toBeNull();
    expect(r.nextCallDue).toBe('2026-03-12');
    expect(r.callOverdueDays).toBe(4);
    expect(r.nextTouchDue).toBe('2026-04-06');
  });

  it('a cancelled call does not count as the last call', () => {
    const last = lastHeldCallAt([
      { state: 'complete', startsAt: '2026-03-02T15:00:00Z', heldAt: '2026-03-02T15:05:00Z' },
      { state: 'cancelled', startsAt: '2026-03-30T15:00:00Z' },
      { state: 'planned', startsAt: '2026-04-27T15:00:00Z' },
      { state: 'held', startsAt: '2026-03-20T15:00:00Z', type: 'internal_review' },
    ]);
    expect(last).toBe('2026-03-02T15:05:00Z');
    const r = due({ segment: 'enterprise', stage: 'steady' }, { lastCallAt: last }, '2026-04-06T10:00:00Z');
    expect(r.nextCallDue).toBe('2026-04-02');
    expect(r.state).toBe('overdue');
    expect(lastHeldCallAt([{ state: 'cancelled', startsAt: '2026-03-30T15:00:00Z' }])).toBeNull();
  });

  it('reads the last call on the account’s own calendar day across midnight', () => {
    // 30 January 23:30 UTC is already 31 January in Tokyo; a month later is 28 February (a
    // Saturday), so the call is due Monday 2 March there.
    const tokyo = due({ segment: 'enterprise', stage: 'steady' }, { lastCallAt: '2026-01-30T23:30:00Z', timezone: 'Asia/Tokyo' }, '2026-02-10T00:00:00Z');
    expect(tokyo.lastCallOn).toBe('2026-01-31');
    expect(tokyo.nextCallDue).toBe('2026-03-02');
    const utc = due({ segment: 'enterprise', stage: 'steady' }, { lastCallAt: '2026-01-30T23:30:00Z', timezone: 'UTC' }, '2026-02-10T00:00:00Z');
    expect(utc.nextCallDue).toBe('2026-03-02');
    expect(utc.lastCallOn).toBe('2026-01-30');
  });

  it('overdue days count from the account’s today, not UTC’s', () => {
    // Both last called on 2 March, their own time; the call is due 2 April. At 2 April 22:00
    // UTC it is already 3 April in Sydney (one day late) and still 2 April in Los Angeles.
    const sydney = { lastCallAt: '2026-03-02T01:00:00Z', lastTouchAt: '2026-04-01T10:00:00Z', timezone: 'Australia/Sydney' };
    const losAngeles = { lastCallAt: '2026-03-02T20:00:00Z', lastTouchAt: '2026-04-01T10:00:00Z', timezone: 'America/Los_Angeles' };
    expect(due({ segment: 'enterprise', stage: 'steady' }, sydney, '2026-04-02T22:00:00Z').callOverdueDays).toBe(1);
    expect(due({ segment: 'enterprise', stage: 'steady' }, losAngeles, '2026-04-02T22:00:00Z').callOverdueDays).toBe(0);
  });

  it('a monthly call after 31 January is due on the last day of February, the 29th in a leap year', () => {
    // 31 January 2028 is a Monday; 29 February 2028 a Tuesday.
    expect(due({ segment: 'enterprise', stage: 'steady' }, { lastCallAt: '2028-01-31T10:00:00Z' }, '2028-02-01T10:00:00Z').nextCallDue).toBe('2028-02-29');
    // 31 January 2029 + 1 month = Wednesday 28 February 2029.
    expect(due({ segment: 'enterprise', stage: 'steady' }, { lastCallAt: '2029-01-31T10:00:00Z' }, '2029-02-01T10:00:00Z').nextCallDue).toBe('2029-02-28');
  });

  it('a quarterly call from 30 November is due at the end of February', () => {
    // 28 February 2027 is a Sunday: rolled to Monday 1 March.
    expect(due({ segment: 'commercial', stage: 'steady' }, { lastCallAt: '2026-11-30T10:00:00Z' }, '2026-12-01T10:00:00Z').nextCallDue).toBe('2027-03-01');
  });

  it('a due date on a holiday moves to the next business day', () => {
    const withHoliday = createBusinessCalendar({ holidays: ['2026-04-02', '2026-04-03'] });
    const r = due({ segment: 'enterprise', stage: 'steady' }, { lastCallAt: '2026-03-02T15:00:00Z' }, '2026-03-03T10:00:00Z', withHoliday);
    expect(r.nextCallDue).toBe('2026-04-06');
  });

  it('an email or Slack message keeps the monthly touch floor but not the call cadence', () => {
    const r = due({ segment: 'commercial', stage: 'steady' }, { lastCallAt: '2026-01-05T15:00:00Z', lastTouchAt: '2026-02-20T10:00:00Z' }, '2026-03-25T10:00:00Z');
    expect(r.lastTouchOn).toBe('2026-02-20');
    expect(r.nextTouchDue).toBe('2026-03-20');
    expect(r.touchOverdueDays).toBe(5);
    expect(r.callOverdueDays).toBe(0);
    expect(r.nextCallDue).toBe('2026-04-06');
  });

  it('a scale account with no calls is still owed a touch every month', () => {
    const r = due({ segment: 'scale', stage: 'steady' }, { lastTouchAt: '2026-01-15T10:00:00Z' }, '2026-03-01T10:00:00Z');
    expect(r.nextCallDue).toBeNull();
    expect(r.nextTouchDue).toBe('2026-02-16');
    expect(r.touchOverdueDays).toBe(13);
    expect(r.state).toBe('overdue');
  });

  it('a scale account entering renewal is owed a touch within five business days', () => {
    const r = due({ segment: 'scale', stage: 'renewal' }, { lastTouchAt: '2026-03-01T10:00:00Z', stageEnteredAt: '2026-03-10T09:00:00Z' }, '2026-03-11T10:00:00Z');
    expect(r.nextTouchDue).toBe('2026-03-17');
    const touched = due({ segment: 'scale', stage: 'renewal' }, { lastTouchAt: '2026-03-11T10:00:00Z', stageEnteredAt: '2026-03-10T09:00:00Z' }, '2026-03-12T10:00:00Z');
    expect(touched.nextTouchDue).toBe('2026-04-13');
  });

  it('a churned account owes nothing however long it has been', () => {
    const r = due({ segment: 'enterprise', stage: 'churned' }, { lastCallAt: '2024-01-01T10:00:00Z' }, '2026-03-01T10:00:00Z');
    expect(r).toMatchObject({ nextCallDue: null, nextTouchDue: null, daysOverdue: 0, state: 'nothing_owed' });
  });

  it('an override to weekly makes a quarterly account due a week after its call', () => {
    const cadence = resolveCadence(policy, { segment: 'commercial', stage: 'steady' }, 'green', parseCadenceOverride({ frequency: 'weekly', reason: 'escalation' }));
    const r = computeDue({ cadence, lastCallAt: '2026-03-02T15:00:00Z', lastTouchAt: null, createdAt: '2025-01-06T09:00:00Z', timezone: 'UTC' }, policy, '2026-03-12T10:00:00Z', calendar);
    expect(r.nextCallDue).toBe('2026-03-09');
    expect(r.callOverdueDays).toBe(3);
  });

  it('the batch gives the same answers as one account at a time', () => {
    const inputs: DueInput[] = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Asia/Tokyo'].map((timezone, i) => ({
      cadence: resolveCadence(policy, { segment: SEGMENTS[i % 3]!, stage: 'steady' }, null),
      lastCallAt: `2026-0${i + 1}-15T23:30:00Z`,
      lastTouchAt: null,
      createdAt: '2025-01-06T09:00:00Z',
      timezone,
    }));
    const now = '2026-04-02T20:00:00Z';
    expect(computeDueStates(inputs, policy, now, calendar)).toEqual(inputs.map((input) => computeDue(input, policy, now, calendar)));
  });
});
