import { z } from 'zod';

/** A real calendar date written YYYY-MM-DD (2025-13-01 and 2025-02-30 are refused). */
export const CalendarDateSchema = z.string().refine(isCalendarDate, { message: 'is not a date (YYYY-MM-DD)' });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Checked by hand rather than with Luxon, which this module was the only reason for `cadence due` to
 * load (issue #16): the proleptic Gregorian calendar's month lengths, as Luxon's check has them.
 */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

/** Whether Intl knows the zone, the test Luxon's IANAZone.isValidZone makes. */
function isKnownZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as Europe/Berlin. */
export const TimezoneSchema = z.string().refine(isKnownZone, { message: 'is not a known time zone' });

/**
 * A link a person follows from Cadence (a recording, a ticket, a resource): web or mail addresses
 * only, so a `javascript:` or `data:` link stored by one user cannot run in another's browser.
 */
export const linkUrl = (max = 2000) => z.url({ protocol: /^(https?|mailto)$/, error: 'must be an https:, http: or mailto: address' }).max(max, `must be at most ${max} characters`);

/** An address Cadence itself calls (a tracker's or CRM's base URL): the web only. */
export const webUrl = (max = 2000) => z.url({ protocol: /^https?$/, error: 'must be an https: or http: address' }).max(max, `must be at most ${max} characters`);

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

/**
 * C0 control characters other than tab, LF and CR, and DEL. PostgreSQL refuses NUL in text (a 500)
 * while SQLite stores it, and none of them mean anything in a name, a note or a topic, so every
 * edge refuses them by field on both databases. Markdown keeps its tabs and newlines.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The first refused control character in the text, written U+0000, or undefined. */
export function controlCharacterIn(text: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(text);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

export const controlCharacterMessage = (codePoint: string) => `must not contain control characters (found ${codePoint})`;

/**
 * The path (`items.0.text`) of the first string in a parsed value, keys included, that holds a
 * refused control character, with the character; undefined when there is none.
 */
export function firstControlCharacter(value: unknown, path: (string | number)[] = []): { field: string; codePoint: string } | undefined {
  if (typeof value === 'string') {
    const codePoint = controlCharacterIn(value);
    return codePoint ? { field: path.join('.'), codePoint } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstControlCharacter(item, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const inKey = controlCharacterIn(key);
      if (inKey) return { field: [...path, key].join('.'), codePoint: inKey };
      const found = firstControlCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

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
