import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, TimezoneSchema } from './validation.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('calendar dates and time zones', () => {
  it('a date is a calendar date exactly when Luxon says so, leap years and month ends included', () => {
    const luxon = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v, { zone: 'utc' }).isValid;
    for (const year of [0, 1, 4, 100, 400, 1582, 1899, 1900, 1970, 1999, 2000, 2023, 2024, 2025, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(isCalendarDate(date), date).toBe(luxon(date));
        }
      }
    }
    for (const text of ['2024-1-01', ' 2024-01-01', '2024-01-01T00:00', '24-01-01', '', 'yesterday']) expect(isCalendarDate(text), text).toBe(false);
  });

  it('a time zone is known exactly when Luxon knows it', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'UTC', 'Etc/GMT+5', 'europe/berlin', 'Mars/Olympus', '', 'EST']) {
      expect(TimezoneSchema.safeParse(zone).success, zone).toBe(IANAZone.isValidZone(zone));
    }
  });
});
