/**
 * Calendar arithmetic the meeting lifecycle needs (ages, renewals, business days), in the
 * account's time zone. Pure: `now` always comes in from the caller.
 */
import { DateTime } from 'luxon';
import { addBusinessDays as addBusinessDaysIn, addDays, addMonths, businessCalendar, daysBetween, localDate } from './business-calendar.ts';
import type { CalendarDate, Instant } from './model.ts';

const DAY_MS = 86_400_000;

/**
 * Whether instant `a` is later than `b`. Compared as times, not strings, because rows may
 * carry '…:00Z' and '…:00.000Z' for the same moment.
 */
export function isAfter(a: Instant, b: Instant): boolean {
  return Date.parse(a) > Date.parse(b);
}

/** Whole days from `from` to `now` (0 on the same day, never negative). */
export function ageInDays(from: Instant, now: Date): number {
  const ms = now.getTime() - Date.parse(from);
  return ms > 0 ? Math.floor(ms / DAY_MS) : 0;
}

/** The calendar date `now` falls on in `timezone`. */
export function todayIn(now: Date, timezone = 'UTC'): CalendarDate {
  return localDate(now, timezone);
}

/** Signed whole days from calendar date `from` to calendar date `to`. */
export const daysBetweenDates = daysBetween;

export { addDays, addMonths };

const WEEKDAYS = businessCalendar();

/** `date` moved forward by `count` weekdays (Saturdays and Sundays skipped). */
export function addBusinessDays(date: CalendarDate, count: number): CalendarDate {
  return addBusinessDaysIn(date, count, WEEKDAYS);
}

/** "Tuesday 8 December 2026, 15:00 CET" in the reader's zone. */
export function formatCallTime(at: Instant, timezone = 'UTC'): string {
  const d = DateTime.fromISO(at, { zone: timezone }).setLocale('en-GB');
  return `${d.toFormat('cccc d LLLL yyyy, HH:mm')} ${zoneAbbreviation(d)}`;
}

/** ICU knows American abbreviations under en-US and European ones under en-GB; else GMT±h. */
function zoneAbbreviation(d: DateTime): string {
  const us = d.setLocale('en-US').toFormat('ZZZZ');
  return /^GMT[+-]/.test(us) ? d.toFormat('ZZZZ') : us;
}

/** "8 December 2026". */
export function formatDate(date: CalendarDate): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat('d LLLL yyyy');
}
