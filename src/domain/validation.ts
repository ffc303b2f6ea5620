import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/** A real calendar date written YYYY-MM-DD (2025-13-01 and 2025-02-30 are refused). */
export const CalendarDateSchema = z.string().refine(isCalendarDate, { message: 'is not a date (YYYY-MM-DD)' });

export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** An IANA time zone such as Europe/Berlin. */
export const TimezoneSchema = z.string().refine((v) => IANAZone.isValidZone(v), { message: 'is not a known time zone' });

/** Trimmed single-line text with a length cap, so a pasted novel cannot become an account name. */
export const shortText = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/** Turns a zod failure into the first problem's field and message, as the API and CLI report it. */
export function firstIssue(error: z.ZodError): { field: string | undefined; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: undefined, message: 'is not valid' };
  const field = issue.path.length ? issue.path.join('.') : undefined;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return { field: issue.keys[0], message: `unknown field${issue.keys.length > 1 ? 's' : ''}: ${keys}` };
  }
  return { field, message: field ? `${field} ${issue.message}` : issue.message };
}
