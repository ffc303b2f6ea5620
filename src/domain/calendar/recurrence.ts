import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Instant } from '../model.ts';
import { CalendarDateSchema } from '../validation.ts';

export const SERIES_FREQUENCIES = ['weekly', 'biweekly', 'monthly', 'quarterly'] as const;
export type SeriesFrequency = (typeof SERIES_FREQUENCIES)[number];

export const MAX_OCCURRENCES = 52;

/** A recurring cadence call. It must end: after `count` calls or on `until`. */
export const RecurrenceSchema = z
  .strictObject({
    frequency: z.enum(SERIES_FREQUENCIES),
    count: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_OCCURRENCES, `must be at most ${MAX_OCCURRENCES}`).optional(),
    until: CalendarDateSchema.optional(),
  })
  .refine((r) => r.count !== undefined || r.until !== undefined, { message: 'a series must end: give count or until', path: ['count'] });
export type Recurrence = z.infer<typeof RecurrenceSchema>;

/**
 * The start of every call in a series, keeping the local wall-clock time across daylight-saving
 * changes (a 10:00 Berlin call stays at 10:00). Returns a message instead when the series is
 * empty or too long.
 */
export function expandSeries(firstStart: Instant, timezone: string, recurrence: Recurrence): { ok: true; starts: Instant[] } | { ok: false; field: string; message: string } {
  const first = DateTime.fromISO(firstStart, { zone: timezone });
  const starts: Instant[] = [];
  const limit = recurrence.until ? DateTime.fromISO(recurrence.until, { zone: timezone }).endOf('day') : null;
  for (let i = 0; i < MAX_OCCURRENCES + 1; i += 1) {
    if (recurrence.count !== undefined && starts.length >= recurrence.count) break;
    const next = recurrence.frequency === 'weekly' ? first.plus({ weeks: i }) : recurrence.frequency === 'biweekly' ? first.plus({ weeks: 2 * i }) : first.plus({ months: (recurrence.frequency === 'monthly' ? 1 : 3) * i });
    if (limit && next > limit) break;
    starts.push(next.toUTC().toISO()!);
  }
  if (starts.length === 0) return { ok: false, field: 'recurrence.until', message: 'recurrence.until is before the first call' };
  if (starts.length > MAX_OCCURRENCES) return { ok: false, field: 'recurrence.until', message: `the series would have more than ${MAX_OCCURRENCES} calls; give an earlier until or a count` };
  return { ok: true, starts };
}

/** The handbook's naming for a series: "Acme - Bi-weekly Collaboration". */
export function seriesTitle(vendorName: string, frequency: SeriesFrequency): string {
  const label = { weekly: 'Weekly', biweekly: 'Bi-weekly', monthly: 'Monthly', quarterly: 'Quarterly' }[frequency];
  return `${vendorName} - ${label} Collaboration`;
}
