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

/** ICU knows each region's abbreviations only under that region's English (CST en-US, CET en-GB, AEDT en-AU, IST en-IN); else GMT±h. */
function zoneAbbreviation(d: DateTime): string {
  for (const locale of ['en-US', 'en-GB', 'en-AU', 'en-IN']) {
    const label = d.setLocale(locale).toFormat('ZZZZ');
    if (!/^GMT[+-]/.test(label)) return label;
  }
  return d.toFormat('ZZZZ');
}

/** "8 December 2026". */
export function formatDate(date: CalendarDate): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat('d LLLL yyyy');
}
