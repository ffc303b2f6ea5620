import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CalendarDate, Instant } from './model.ts';
import { CalendarDateSchema } from './validation.ts';

/** Days that are not business days besides weekends (public holidays, company shutdowns). */
export const HolidaysSchema = z.array(CalendarDateSchema).max(1000, 'must list at most 1000 days');

/** A business calendar: weekends (ISO weekdays, 6 = Saturday, 7 = Sunday) and holidays. */
export interface BusinessCalendar {
  weekend: number[];
  holidays: ReadonlySet<CalendarDate>;
}

export function businessCalendar(holidays: readonly CalendarDate[] = [], weekend: number[] = [6, 7]): BusinessCalendar {
  return { weekend, holidays: new Set(holidays) };
}

export function isBusinessDay(date: CalendarDate, calendar: BusinessCalendar): boolean {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  return !calendar.weekend.includes(d.weekday) && !calendar.holidays.has(date);
}

/** The date itself when it is a business day, otherwise the next one. */
export function onOrAfterBusinessDay(date: CalendarDate, calendar: BusinessCalendar): CalendarDate {
  let d = DateTime.fromISO(date, { zone: 'utc' });
  for (let i = 0; i < 400 && !isBusinessDay(d.toISODate()!, calendar); i += 1) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

/** `date` moved by `count` business days (negative: back). */
export function addBusinessDays(date: CalendarDate, count: number, calendar: BusinessCalendar): CalendarDate {
  let d = DateTime.fromISO(date, { zone: 'utc' });
  const step = count < 0 ? -1 : 1;
  let left = Math.abs(count);
  while (left > 0) {
    d = d.plus({ days: step });
    if (isBusinessDay(d.toISODate()!, calendar)) left -= 1;
  }
  return d.toISODate()!;
}

/** The calendar date an instant falls on in a time zone (a call at 23:30 in Sydney is "that" day there). */
export function localDate(at: Instant | Date, timezone: string): CalendarDate {
  const dt = typeof at === 'string' ? DateTime.fromISO(at, { zone: timezone }) : DateTime.fromJSDate(at, { zone: timezone });
  return dt.toISODate()!;
}

/** Signed calendar days from `from` to `to`. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The follow-up deadline: the same local time on the next business day after `at`.
 * A call held on Friday at 15:00 owes its follow-up on Monday at 15:00 (Tuesday after a holiday).
 */
export function oneBusinessDayAfter(at: Instant, timezone: string, calendar: BusinessCalendar): Instant {
  const local = DateTime.fromISO(at, { zone: timezone });
  const day = addBusinessDays(local.toISODate()!, 1, calendar);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return local.set({ year: y, month: m, day: d }).toUTC().toISO()!;
}
