import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  addBusinessDays,
  addBusinessDaysInZone,
  addMonths,
  createBusinessCalendar,
  followUpDueAt,
  fromDayNumber,
  isBusinessDay,
  isRealDate,
  localDate,
  onOrAfterBusinessDay,
  parseHolidays,
  toDayNumber,
} from './business-days.ts';

const plain = createBusinessCalendar();
// 2026-12-25 is a Friday, 2026-12-28 a Monday.
const christmas = createBusinessCalendar({ holidays: ['2026-12-25', '2026-12-28'] });

function invalidMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid');
    return (error as AppError).message;
  }
  throw new Error('expected an error');
}

describe('business days', () => {
  it('skips the weekend: Friday plus one business day is Monday', () => {
    expect(addBusinessDays('2026-03-06', 1, plain)).toBe('2026-03-09');
  });

  it('skips holidays as well as weekends', () => {
    expect(addBusinessDays('2026-12-24', 1, christmas)).toBe('2026-12-29');
    expect(isBusinessDay('2026-12-25', christmas)).toBe(false);
    expect(isBusinessDay('2026-12-25', plain)).toBe(true);
  });

  it('counts backwards for agendas due before a call', () => {
    expect(addBusinessDays('2026-03-09', -2, plain)).toBe('2026-03-05');
    expect(addBusinessDays('2026-12-29', -1, christmas)).toBe('2026-12-24');
  });

  it('adding zero business days leaves the date alone, even on a Saturday', () => {
    expect(addBusinessDays('2026-03-07', 0, plain)).toBe('2026-03-07');
  });

  it('rolls a weekend date forward to Monday', () => {
    expect(onOrAfterBusinessDay('2026-03-07', plain)).toBe('2026-03-09');
    expect(onOrAfterBusinessDay('2026-03-09', plain)).toBe('2026-03-09');
  });

  it('can use a Friday–Saturday weekend', () => {
    const gulf = createBusinessCalendar({ weekend: [5, 6] });
    expect(addBusinessDays('2026-03-05', 1, gulf)).toBe('2026-03-08');
  });

  it('clamps month ends: 31 January plus a month is the end of February, 29th in a leap year', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('knows which dates exist', () => {
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('2026-1-01')).toBe(false);
  });

  it('reads the local date of an instant in the account time zone', () => {
    expect(localDate('2026-03-09T14:30:00Z', 'Australia/Sydney')).toBe('2026-03-10');
    expect(localDate('2026-03-09T02:00:00Z', 'America/Los_Angeles')).toBe('2026-03-08');
  });

  it('reads the local date right on the day the clocks change', () => {
    // Berlin moves to CEST (UTC+2) at 01:00 UTC on 29 March 2026.
    expect(localDate('2026-03-29T21:30:00Z', 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate('2026-03-29T22:30:00Z', 'Europe/Berlin')).toBe('2026-03-30');
    expect(localDate('2026-03-28T22:30:00Z', 'Europe/Berlin')).toBe('2026-03-28');
    // Lord Howe Island shifts by half an hour.
    expect(localDate('2026-04-04T13:15:00Z', 'Australia/Lord_Howe')).toBe('2026-04-05');
    expect(localDate('2026-04-04T12:45:00Z', 'Australia/Lord_Howe')).toBe('2026-04-04');
  });

  it('agrees with the system calendar on every day for centuries', () => {
    for (let day = -200_000; day < 200_000; day += 37) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(fromDayNumber(day)).toBe(iso);
      expect(toDayNumber(iso)).toBe(day);
    }
  });
});

describe('holiday lists', () => {
  it('names the garbage entry in a holiday list', () => {
    expect(invalidMessage(() => parseHolidays(['2026-12-25', 'Christmas']))).toBe('holidays[1]: "Christmas" is not a real date (YYYY-MM-DD)');
    expect(invalidMessage(() => parseHolidays(['2026-02-30']))).toContain('"2026-02-30" is not a real date');
  });

  it('refuses something that is not a list', () => {
    expect(invalidMessage(() => parseHolidays('2026-12-25'))).toBe('holidays: must be a list of dates (YYYY-MM-DD)');
  });

  it('sorts and de-duplicates a good list', () => {
    expect(parseHolidays(['2026-12-26', '2026-12-25', '2026-12-26'])).toEqual(['2026-12-25', '2026-12-26']);
  });

  it('refuses a week with no business day', () => {
    expect(invalidMessage(() => createBusinessCalendar({ weekend: [1, 2, 3, 4, 5, 6, 7] }))).toContain('at least one day of the week');
    expect(invalidMessage(() => createBusinessCalendar({ weekend: [0] }))).toContain('weekdays run 1');
  });
});

describe('follow-up deadlines', () => {
  it('a call held on Friday afternoon in Berlin owes its follow-up by Monday at the same time', () => {
    expect(followUpDueAt('2026-03-06T14:00:00Z', 'Europe/Berlin', plain)).toBe('2026-03-09T14:00:00.000Z');
  });

  it('a holiday on Monday pushes the follow-up to Tuesday', () => {
    expect(followUpDueAt('2026-12-24T15:00:00Z', 'Europe/London', christmas)).toBe('2026-12-29T15:00:00.000Z');
  });

  it('uses the local day, not the UTC day: Friday evening in New York is Saturday in UTC', () => {
    // Friday 2026-03-06 20:00 in New York = Saturday 01:00 UTC; due Monday 20:00 New York.
    expect(followUpDueAt('2026-03-07T01:00:00Z', 'America/New_York', plain)).toBe('2026-03-10T00:00:00.000Z');
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    // Friday 27 March 2026 10:00 CET; clocks go forward on Sunday 29 March; Monday 10:00 is CEST.
    expect(followUpDueAt('2026-03-27T09:00:00Z', 'Europe/Berlin', plain)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('can add several business days', () => {
    expect(addBusinessDaysInZone('2026-03-05T10:00:00Z', 3, 'UTC', plain)).toBe('2026-03-10T10:00:00.000Z');
  });

  it('refuses an unknown time zone and an impossible instant', () => {
    expect(invalidMessage(() => followUpDueAt('2026-03-06T14:00:00Z', 'Mars/Olympus', plain))).toContain('unknown time zone "Mars/Olympus"');
    expect(invalidMessage(() => followUpDueAt('2026-02-30T14:00:00Z', 'UTC', plain))).toContain('is not a valid instant');
  });
});
