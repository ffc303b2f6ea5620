/**
 * The RFC 5545 RRULE of a recurring series, written so calendar clients show exactly the calls
 * Cadence expands with `expandSeries`: the rule is meant for a DTSTART with a TZID (wall-clock
 * time kept across daylight-saving changes), month-end starts keep to the month's end instead of
 * skipping short months, and COUNT and UNTIL never appear together (RFC 5545 forbids it).
 *
 * Error style: `parseRecurrence` throws `AppError('invalid', …, { field })`; `toRRule` returns a
 * discriminated union because an until before the first call is an expected user mistake.
 */
import { DateTime } from 'luxon';
import { AppError } from '../../errors.ts';
import { firstIssue } from '../validation.ts';
import type { Instant } from '../model.ts';
import { expandSeries, RecurrenceSchema, type Recurrence } from './recurrence.ts';

/**
 * Validates a recurrence with messages a CSM understands; a series that never ends is refused.
 * Throws `AppError('invalid')` with the field (`recurrence.count`, `recurrence.frequency` …).
 */
export function parseRecurrence(input: unknown): Recurrence {
  const parsed = RecurrenceSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error);
  throw new AppError('invalid', field ? `recurrence.${message}` : `recurrence ${message}`, { field: field ? `recurrence.${field}` : 'recurrence' });
}

export type RRuleResult = { ok: true; rrule: string; occurrences: number } | { ok: false; field: string; message: string };

/**
 * The RRULE value (without the `RRULE:` prefix) for a series whose first call starts at
 * `firstStart` in `timezone`, e.g. `FREQ=WEEKLY;INTERVAL=2;COUNT=6`.
 */
export function toRRule(firstStart: Instant, timezone: string, recurrence: Recurrence): RRuleResult {
  const series = expandSeries(firstStart, timezone, recurrence);
  if (!series.ok) return series;
  const first = DateTime.fromISO(firstStart, { zone: timezone });
  const monthly = recurrence.frequency === 'monthly' || recurrence.frequency === 'quarterly';
  const parts = [`FREQ=${monthly ? 'MONTHLY' : 'WEEKLY'}`];
  const interval = recurrence.frequency === 'biweekly' ? 2 : recurrence.frequency === 'quarterly' ? 3 : 1;
  if (interval !== 1) parts.push(`INTERVAL=${interval}`);
  if (monthly && first.day > 28) {
    // "The 31st, or the month's last day when shorter", as Cadence's own dates clamp.
    parts.push(`BYMONTHDAY=${Array.from({ length: first.day - 27 }, (_, i) => 28 + i).join(',')}`, 'BYSETPOS=-1');
  }
  if (recurrence.until && recurrence.count === undefined) {
    const until = DateTime.fromISO(recurrence.until, { zone: timezone }).endOf('day').set({ millisecond: 0 }).toUTC();
    parts.push(`UNTIL=${until.toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
  } else {
    // With both a count and an until, whichever ends first is the count that calendars get.
    parts.push(`COUNT=${series.starts.length}`);
  }
  return { ok: true, rrule: parts.join(';'), occurrences: series.starts.length };
}
