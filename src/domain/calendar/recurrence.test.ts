import { describe, expect, it } from 'vitest';
import { expandSeries, RecurrenceSchema, seriesTitle } from './recurrence.ts';

describe('a recurring cadence call', () => {
  it('a weekly 10:00 Berlin call stays at 10:00 local across the end of summer time', () => {
    const result = expandSeries('2026-10-20T08:00:00Z', 'Europe/Berlin', { frequency: 'weekly', count: 3 });
    expect(result).toEqual({ ok: true, starts: ['2026-10-20T08:00:00.000Z', '2026-10-27T09:00:00.000Z', '2026-11-03T09:00:00.000Z'] });
  });

  it('bi-weekly until a date includes that day', () => {
    const result = expandSeries('2026-12-01T15:00:00Z', 'UTC', { frequency: 'biweekly', until: '2026-12-29' });
    expect(result.ok && result.starts).toEqual(['2026-12-01T15:00:00.000Z', '2026-12-15T15:00:00.000Z', '2026-12-29T15:00:00.000Z']);
  });

  it('monthly on the 31st lands on the last day of shorter months', () => {
    const result = expandSeries('2027-01-31T15:00:00Z', 'UTC', { frequency: 'monthly', count: 3 });
    expect(result.ok && result.starts).toEqual(['2027-01-31T15:00:00.000Z', '2027-02-28T15:00:00.000Z', '2027-03-31T15:00:00.000Z']);
  });

  it('a series that never ends is refused, and so is one that would be too long or end before it starts', () => {
    const endless = RecurrenceSchema.safeParse({ frequency: 'weekly' });
    expect(endless.success).toBe(false);
    expect(endless.error?.issues[0]?.message).toBe('a series must end: give count or until');
    expect(RecurrenceSchema.safeParse({ frequency: 'weekly', count: 0 }).success).toBe(false);
    expect(expandSeries('2026-12-01T15:00:00Z', 'UTC', { frequency: 'weekly', until: '2030-01-01' })).toMatchObject({ ok: false, field: 'recurrence.until' });
    expect(expandSeries('2026-12-01T15:00:00Z', 'UTC', { frequency: 'weekly', until: '2026-11-01' })).toMatchObject({ ok: false });
  });

  it('is named as the handbook suggests', () => {
    expect(seriesTitle('Acme', 'biweekly')).toBe('Acme - Bi-weekly Collaboration');
  });
});
