import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessCalendar, HolidaysSchema, oneBusinessDayAfter } from '../calendar/business-calendar.ts';
import { addInterval, cadenceDue, CadencePolicySchema, DEFAULT_POLICY, effectiveCadence, everyCombination, type Frequency } from './cadence.ts';
import type { HealthColour, Segment, Stage } from '../model.ts';

const weekdays = businessCalendar();

/** What the handbooks say each account is owed, written out independently of the code. */
function expected(segment: Segment, stage: Stage, health: HealthColour | null): Frequency {
  if (stage === 'churned') return 'none';
  // Onboarding is weekly for everyone, healthy or not: easing applies after onboarding.
  if (stage === 'onboarding') return 'weekly';
  // At risk: at least bi-weekly (every 14 days), never eased.
  if (stage === 'at_risk') return 'biweekly';
  const base: Frequency = segment === 'enterprise' ? 'monthly' : segment === 'commercial' ? 'quarterly' : 'none';
  if (health === 'green' && base === 'monthly') return 'quarterly';
  return base;
}

describe('the cadence each account is owed', () => {
  it.each(everyCombination())('$segment in $stage with health $health', ({ segment, stage, health }) => {
    expect(effectiveCadence(DEFAULT_POLICY, { segment, stage }, health, null).frequency).toBe(expected(segment, stage, health));
  });

  it('an enterprise account in onboarding is due weekly', () => {
    expect(effectiveCadence(DEFAULT_POLICY, { segment: 'enterprise', stage: 'onboarding' }, null, null)).toEqual({ frequency: 'weekly', because: 'onboarding: weekly' });
  });

  it('a healthy bi-weekly account eases one step to monthly, and says why', () => {
    const policy = CadencePolicySchema.parse({ bySegment: { enterprise: 'biweekly' } });
    expect(effectiveCadence(policy, { segment: 'enterprise', stage: 'steady' }, 'green', null)).toEqual({
      frequency: 'monthly',
      because: 'enterprise: biweekly; eased to monthly because health is green',
    });
  });

  it('a stage cadence beats the segment one, and an override beats everything', () => {
    const policy = CadencePolicySchema.parse({ byStage: { at_risk: 'weekly' } });
    expect(effectiveCadence(policy, { segment: 'commercial', stage: 'at_risk' }, 'red', null).frequency).toBe('weekly');
    expect(effectiveCadence(policy, { segment: 'commercial', stage: 'at_risk' }, 'red', { frequency: 'biweekly', reason: 'exec sponsor asked' })).toEqual({
      frequency: 'biweekly',
      because: 'override: exec sponsor asked',
    });
  });

  it('refuses a touch floor of zero or less, and an unknown frequency', () => {
    expect(CadencePolicySchema.safeParse({ touchFloorDays: 0 }).success).toBe(false);
    expect(CadencePolicySchema.safeParse({ touchFloorDays: -3 }).success).toBe(false);
    expect(CadencePolicySchema.safeParse({ onboarding: 'daily' }).success).toBe(false);
  });
});

describe('when the next call and touch are due', () => {
  const base = { cadence: { frequency: 'monthly' as Frequency, because: '' }, lastTouchAt: null, since: '2026-01-05T12:00:00Z', timezone: 'UTC', touchFloorDays: 30, dueSoonDays: 7 };

  it('a monthly account last called on 31 January is due on the last day of February, moved to a business day', () => {
    expect(addInterval('2026-01-31', 'monthly')).toBe('2026-02-28');
    expect(addInterval('2028-01-31', 'monthly')).toBe('2028-02-29');
    const due = cadenceDue({ ...base, lastCallAt: '2026-01-31T15:00:00Z' }, new Date('2026-02-10T12:00:00Z'), weekdays);
    // 28 February 2026 is a Saturday: due the Monday after.
    expect(due.nextCallDue).toBe('2026-03-02');
    expect(due.state).toBe('ok');
  });

  it('counts days overdue, and the touch floor makes a quarterly account overdue after a silent month', () => {
    const due = cadenceDue({ ...base, cadence: { frequency: 'quarterly', because: '' }, lastCallAt: '2026-01-06T15:00:00Z' }, new Date('2026-02-16T12:00:00Z'), weekdays);
    expect(due.nextCallDue).toBe('2026-04-06');
    expect(due.nextTouchDue).toBe('2026-02-05');
    expect(due).toMatchObject({ callOverdueDays: 0, touchOverdueDays: 11, state: 'overdue' });
  });

  it('an email resets the touch clock but not the call clock', () => {
    const due = cadenceDue({ ...base, lastCallAt: '2026-01-06T15:00:00Z', lastTouchAt: '2026-02-10T09:00:00Z' }, new Date('2026-02-16T12:00:00Z'), weekdays);
    expect(due).toMatchObject({ nextCallDue: '2026-02-06', callOverdueDays: 10, nextTouchDue: '2026-03-12', touchOverdueDays: 0 });
  });

  it('with no call yet, the first is owed within five business days of the account joining', () => {
    const due = cadenceDue({ ...base, lastCallAt: null }, new Date('2026-01-08T12:00:00Z'), weekdays);
    expect(due).toMatchObject({ lastCallOn: null, nextCallDue: '2026-01-12', state: 'due_soon' });
  });

  it('a call late in the evening in Sydney counts on its Sydney date', () => {
    const due = cadenceDue({ ...base, cadence: { frequency: 'weekly', because: '' }, timezone: 'Australia/Sydney', lastCallAt: '2026-03-02T12:30:00Z' }, new Date('2026-03-04T00:00:00Z'), weekdays);
    // 12:30 UTC on 2 March is 23:30 on Monday 2 March in Sydney.
    expect(due.lastCallOn).toBe('2026-03-02');
    expect(due.nextCallDue).toBe('2026-03-09');
  });

  it('skips configured holidays', () => {
    const withHolidays = businessCalendar(['2026-12-25', '2026-12-28']);
    const due = cadenceDue({ ...base, cadence: { frequency: 'weekly', because: '' }, lastCallAt: '2026-12-18T15:00:00Z' }, new Date('2026-12-20T12:00:00Z'), withHolidays);
    expect(due.nextCallDue).toBe('2026-12-29');
  });

  it('scale accounts have touches only', () => {
    const due = cadenceDue({ ...base, cadence: { frequency: 'none', because: 'scale: none' }, lastCallAt: null, lastTouchAt: '2026-02-01T10:00:00Z' }, new Date('2026-02-05T12:00:00Z'), weekdays);
    expect(due).toMatchObject({ nextCallDue: null, callOverdueDays: 0, state: 'touches_only' });
  });
});

describe('business days', () => {
  it('a follow-up for a Friday call is due Monday at the same local time, Tuesday after a Monday holiday', () => {
    expect(oneBusinessDayAfter('2026-11-20T20:00:00Z', 'America/New_York', weekdays)).toBe('2026-11-23T20:00:00.000Z');
    expect(oneBusinessDayAfter('2026-11-20T20:00:00Z', 'America/New_York', businessCalendar(['2026-11-23']))).toBe('2026-11-24T20:00:00.000Z');
    expect(addBusinessDays('2026-11-25', -2, weekdays)).toBe('2026-11-23');
  });

  it('a follow-up is due one business day after the call, in the zone where it was held', () => {
    expect(oneBusinessDayAfter('2026-11-24T15:00:00.000Z', 'UTC', weekdays)).toBe('2026-11-25T15:00:00.000Z');
    expect(oneBusinessDayAfter('2026-11-27T15:00:00.000Z', 'UTC', weekdays)).toBe('2026-11-30T15:00:00.000Z');
    // Friday 23:30 in Berlin is still Friday there, though Saturday is near in UTC terms.
    expect(oneBusinessDayAfter('2026-11-27T22:30:00.000Z', 'Europe/Berlin', weekdays)).toBe('2026-11-30T22:30:00.000Z');
  });

  it('a holiday list with garbage names the bad entry', () => {
    const result = HolidaysSchema.safeParse(['2026-12-25', 'Christmas', '2026-02-30']);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['1', '2']);
  });
});
