import { DateTime } from 'luxon';
import rrule from 'rrule';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { parseRecurrence, toRRule } from './recurrence-rrule.ts';
import { expandSeries, type Recurrence } from './recurrence.ts';

const { RRule } = rrule;

/**
 * What a calendar client shows for DTSTART;TZID=zone + RRULE: rrule computes in "floating" wall
 * time, which is then read in the zone, as clients do.
 */
function calendarDates(firstStart: string, timezone: string, rule: string): string[] {
  const local = DateTime.fromISO(firstStart, { zone: timezone });
  const dtstart = new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));
  const options = RRule.parseString(rule);
  if (options.until) {
    const until = DateTime.fromJSDate(options.until, { zone: timezone });
    options.until = new Date(Date.UTC(until.year, until.month - 1, until.day, until.hour, until.minute, until.second));
  }
  return new RRule({ ...options, dtstart }).all().map((d) =>
    DateTime.fromObject({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() }, { zone: timezone })
      .toUTC()
      .toISO()!,
  );
}

const CASES: [string, string, string, Recurrence][] = [
  ['weekly across the end of summer time in Berlin', '2026-10-20T08:00:00Z', 'Europe/Berlin', { frequency: 'weekly', count: 4 }],
  ['bi-weekly until a date in New York across the start of summer time', '2026-02-24T15:00:00Z', 'America/New_York', { frequency: 'biweekly', until: '2026-04-07' }],
  ['monthly from 31 January', '2027-01-31T15:00:00Z', 'UTC', { frequency: 'monthly', count: 6 }],
  ['monthly from 30 January through a leap February', '2028-01-30T09:00:00Z', 'Europe/London', { frequency: 'monthly', count: 4 }],
  ['quarterly from 30 November', '2026-11-30T10:00:00Z', 'Asia/Tokyo', { frequency: 'quarterly', count: 4 }],
  ['quarterly until a date', '2026-01-15T10:00:00Z', 'Australia/Sydney', { frequency: 'quarterly', until: '2027-01-15' }],
  ['weekly with a count and an earlier until', '2026-03-02T09:00:00Z', 'UTC', { frequency: 'weekly', count: 10, until: '2026-03-20' }],
];

describe('the RRULE written into invites', () => {
  it.each(CASES)('%s: the customer’s calendar shows the same calls as Cadence', (_name, start, zone, recurrence) => {
    const result = toRRule(start, zone, recurrence);
    const series = expandSeries(start, zone, recurrence);
    expect(result.ok && series.ok).toBe(true);
    if (!result.ok || !series.ok) return;
    expect(calendarDates(start, zone, result.rrule)).toEqual(series.starts);
    expect(result.occurrences).toBe(series.starts.length);
    expect(result.rrule.includes('COUNT=') && result.rrule.includes('UNTIL=')).toBe(false);
  });

  it('reads as the handbook frequencies', () => {
    const rule = (r: Recurrence, start = '2026-03-02T09:00:00Z') => {
      const out = toRRule(start, 'Europe/Berlin', r);
      return out.ok ? out.rrule : out.message;
    };
    expect(rule({ frequency: 'weekly', count: 6 })).toBe('FREQ=WEEKLY;COUNT=6');
    expect(rule({ frequency: 'biweekly', count: 6 })).toBe('FREQ=WEEKLY;INTERVAL=2;COUNT=6');
    expect(rule({ frequency: 'quarterly', count: 4 })).toBe('FREQ=MONTHLY;INTERVAL=3;COUNT=4');
    // The end of 30 April in Berlin (CEST) is 21:59:59 UTC.
    expect(rule({ frequency: 'monthly', until: '2026-04-30' })).toBe('FREQ=MONTHLY;UNTIL=20260430T215959Z');
    expect(rule({ frequency: 'monthly', count: 3 }, '2026-01-31T09:00:00Z')).toBe('FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1;COUNT=3');
  });

  it('an until before the first call is refused', () => {
    expect(toRRule('2026-03-02T09:00:00Z', 'UTC', { frequency: 'weekly', until: '2026-03-01' })).toMatchObject({ ok: false, field: 'recurrence.until' });
  });
});

describe('recurrence input', () => {
  const fail = (input: unknown) => {
    try {
      parseRecurrence(input);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return { field: (error as AppError).field, message: (error as AppError).message };
    }
    throw new Error('expected an error');
  };

  it('a series that never ends is refused with a clear error', () => {
    expect(fail({ frequency: 'weekly' })).toEqual({ field: 'recurrence.count', message: 'recurrence.count a series must end: give count or until' });
  });

  it('names an impossible until date, an unknown frequency and a zero count', () => {
    expect(fail({ frequency: 'weekly', until: '2026-02-30' }).field).toBe('recurrence.until');
    expect(fail({ frequency: 'fortnightly', count: 3 }).field).toBe('recurrence.frequency');
    expect(fail({ frequency: 'weekly', count: 0 }).message).toContain('must be at least 1');
  });

  it('accepts a series with a limit', () => {
    expect(parseRecurrence({ frequency: 'monthly', count: 12 })).toEqual({ frequency: 'monthly', count: 12 });
  });
});
