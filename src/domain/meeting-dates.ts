/**
 * Calendar arithmetic the meeting lifecycle needs (ages, renewals, business days), in the
 * account's time zone. Pure: `now` always comes in from the caller.
 */
import { DateTime } from 'luxon';
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
  return DateTime.fromJSDate(now, { zone: timezone }).toISODate() ?? now.toISOString().slice(0, 10);
}

/** Signed whole days from calendar date `from` to calendar date `to`. */
export function daysBetweenDates(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ months }).toISODate() ?? date;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/** `date` moved forward by `count` weekdays (Saturdays and Sundays skipped). */
export function addBusinessDays(date: CalendarDate, count: number): CalendarDate {
  let d = DateTime.fromISO(date, { zone: 'utc' });
  let left = count;
  while (left > 0) {
    d = d.plus({ days: 1 });
    if (d.weekday <= 5) left -= 1;
  }
  return d.toISODate() ?? date;
}

/**
 * The same wall-clock time one business day after `at` in `timezone`: a call held on Friday at
 * 15:00 is due its follow-up on Monday at 15:00.
 */
export function addOneBusinessDay(at: Instant, timezone = 'UTC'): Instant {
  let d = DateTime.fromISO(at, { zone: timezone }).plus({ days: 1 });
  while (d.weekday > 5) d = d.plus({ days: 1 });
  return d.toUTC().toISO() ?? at;
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
