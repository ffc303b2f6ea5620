/**
 * How the meeting lifecycle reads and writes times: comparing instants, ages, and call times and
 * dates in words. Calendar arithmetic (business days, months, local dates) is business-calendar.ts.
 * Pure: `now` always comes in from the caller.
 */
import { DateTime } from 'luxon';
import type { CalendarDate, Instant } from '../model.ts';

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
