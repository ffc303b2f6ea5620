/**
 * Business days: weekends and configured holidays skipped, in the account's time zone.
 *
 * Error style: the parse helpers (`parseHolidays`, `createBusinessCalendar`, `assertTimezone`)
 * throw `AppError('invalid', …, { field })` naming the bad entry; the arithmetic below them is
 * total and never throws on a calendar built by them.
 *
 * Dates are handled as whole day numbers (days since 1970-01-01) so a whole book of business can
 * be computed in a few milliseconds; luxon is only used where wall-clock times matter.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { CalendarDate, Instant } from './model.ts';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const PAD2 = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/** Whole days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days since 1970-01-01 for a YYYY-MM-DD date (no validation: see `isRealDate`). */
export function toDayNumber(date: CalendarDate): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** The YYYY-MM-DD date of a day number. Plain arithmetic: this runs for every account in the book. */
export function fromDayNumber(day: number): CalendarDate {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y >= 1000 ? y : String(y).padStart(4, '0')}-${PAD2[m]}-${PAD2[d]}`;
}

/** True for a date that exists: 2028-02-29 yes, 2026-02-29 and 2026-13-01 no. */
export function isRealDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 31);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Adds calendar days to a date. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Adds months; the day is clamped to the month's end (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const y = Number(date.slice(0, 4));
  const m0 = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m0 / 12);
  const month = (((m0 % 12) + 12) % 12) + 1;
  return fromDayNumber(daysFromCivil(year, month, Math.min(d, daysInMonth(year, month))));
}

/** Signed calendar days from `from` to `to`. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Throws a clear error unless `timezone` is an IANA zone such as Europe/Berlin. */
export function assertTimezone(timezone: string, field = 'timezone'): void {
  if (!IANAZone.isValidZone(timezone)) throw new AppError('invalid', `unknown time zone "${timezone}" (use an IANA name such as Europe/Berlin)`, { field });
}

/** A known IANA time zone, for zod schemas. */
export const TimezoneSchema = z.string().refine((v) => IANAZone.isValidZone(v), { error: (iss) => `unknown time zone "${String(iss.input)}"` });

/** A real YYYY-MM-DD date, for zod schemas; the message quotes the bad value. */
export const RealDateSchema = z.string().refine(isRealDate, { error: (iss) => `"${String(iss.input)}" is not a real date (YYYY-MM-DD)` });

/** Holidays (public holidays, company shutdowns) as a list of YYYY-MM-DD dates. */
export const HolidayListSchema = z.array(RealDateSchema).max(2000, 'must list at most 2000 days');

/** Weekend days as ISO weekdays (6 = Saturday, 7 = Sunday); at least one working day must remain. */
export const WeekendSchema = z
  .array(z.number().int().min(1, 'weekdays run 1 (Monday) to 7 (Sunday)').max(7, 'weekdays run 1 (Monday) to 7 (Sunday)'))
  .max(6, 'at least one day of the week must be a business day');

export interface BusinessCalendar {
  /** ISO weekdays that are not worked. */
  readonly weekend: ReadonlySet<number>;
  /** Day numbers of holidays. */
  readonly holidays: ReadonlySet<number>;
}

/**
 * Parses a holiday list, naming the first bad entry: `holidays[2]: "2026-02-30" is not a real date`.
 * Duplicates are harmless and kept once.
 */
export function parseHolidays(input: unknown, field = 'holidays'): CalendarDate[] {
  const parsed = HolidayListSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length ? `${field}[${issue.path.join('.')}]` : field;
    const message = issue?.code === 'invalid_type' && issue.path.length === 0 ? 'must be a list of dates (YYYY-MM-DD)' : (issue?.message ?? 'is not valid');
    throw new AppError('invalid', `${at}: ${message}`, { field: at });
  }
  return [...new Set(parsed.data)].sort();
}

/** Builds a business calendar; holidays and weekend are validated (throws `AppError('invalid')`). */
export function createBusinessCalendar(options: { holidays?: unknown; weekend?: unknown } = {}): BusinessCalendar {
  const holidays = parseHolidays(options.holidays ?? []);
  const weekend = WeekendSchema.safeParse(options.weekend ?? [6, 7]);
  if (!weekend.success) throw new AppError('invalid', `weekend: ${weekend.error.issues[0]?.message ?? 'is not valid'}`, { field: 'weekend' });
  if (new Set(weekend.data).size > 6) throw new AppError('invalid', 'weekend: at least one day of the week must be a business day', { field: 'weekend' });
  return { weekend: new Set(weekend.data), holidays: new Set(holidays.map(toDayNumber)) };
}

export function isBusinessDayNumber(day: number, calendar: BusinessCalendar): boolean {
  return !calendar.weekend.has(weekdayOf(day)) && !calendar.holidays.has(day);
}

export function isBusinessDay(date: CalendarDate, calendar: BusinessCalendar): boolean {
  return isBusinessDayNumber(toDayNumber(date), calendar);
}

/** The day itself when it is a business day, otherwise the next business day. */
export function onOrAfterBusinessDayNumber(day: number, calendar: BusinessCalendar): number {
  // The weekend leaves at least one weekday and holidays are at most 2000 days, so this ends.
  let d = day;
  while (!isBusinessDayNumber(d, calendar)) d += 1;
  return d;
}

export function onOrAfterBusinessDay(date: CalendarDate, calendar: BusinessCalendar): CalendarDate {
  return fromDayNumber(onOrAfterBusinessDayNumber(toDayNumber(date), calendar));
}

/** `date` moved by `count` business days (negative: back). Zero returns the date unchanged. */
export function addBusinessDays(date: CalendarDate, count: number, calendar: BusinessCalendar): CalendarDate {
  let day = toDayNumber(date);
  const step = count < 0 ? -1 : 1;
  let left = Math.abs(Math.trunc(count));
  while (left > 0) {
    day += step;
    if (isBusinessDayNumber(day, calendar)) left -= 1;
  }
  return fromDayNumber(day);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The zone's UTC offset in ms at an instant (whole seconds). */
function offsetAt(ms: number, timezone: string): number {
  const parts = formatterFor(timezone).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * Per zone and UTC day: the offset in force all day, or NaN when it changes that day. Most days
 * have no change, so an instant's local day is one addition instead of an Intl call.
 */
const dayOffsets = new Map<string, Map<number, number>>();

/** The local day number of an instant in a zone. */
export function localDayNumber(ms: number, timezone: string): number {
  const utcDay = Math.floor(ms / DAY_MS);
  let zone = dayOffsets.get(timezone);
  if (!zone) {
    zone = new Map();
    dayOffsets.set(timezone, zone);
  }
  let offset = zone.get(utcDay);
  if (offset === undefined) {
    if (zone.size > 50_000) zone.clear();
    const start = offsetAt(utcDay * DAY_MS, timezone);
    const end = offsetAt((utcDay + 1) * DAY_MS - 1000, timezone);
    offset = start === end ? start : Number.NaN;
    zone.set(utcDay, offset);
  }
  if (Number.isNaN(offset)) offset = offsetAt(ms, timezone);
  return Math.floor((ms + offset) / DAY_MS);
}

/**
 * The calendar date an instant falls on in a time zone: a call at 23:30 in Sydney is on
 * "that" day there even when UTC says the day before.
 */
export function localDate(at: Instant | Date | number, timezone: string): CalendarDate {
  const ms = typeof at === 'string' ? Date.parse(at) : typeof at === 'number' ? at : at.getTime();
  return fromDayNumber(localDayNumber(ms, timezone));
}

/** The instant of a wall-clock time on a date in a zone (a DST gap moves forward, as calendars do). */
export function atLocalTime(date: CalendarDate, hour: number, minute: number, timezone: string): Instant {
  return DateTime.fromISO(date, { zone: timezone }).set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO()!;
}

/**
 * Moves an instant by `count` business days in `timezone`, keeping its wall-clock time: held on
 * Friday 15:00 in Berlin + 1 = Monday 15:00 in Berlin (Tuesday when Monday is a holiday). An
 * instant on a weekend counts from that day, so Saturday 10:00 + 1 = Monday 10:00.
 */
export function addBusinessDaysInZone(at: Instant, count: number, timezone: string, calendar: BusinessCalendar): Instant {
  assertTimezone(timezone);
  const local = DateTime.fromISO(at, { zone: timezone });
  if (!local.isValid) throw new AppError('invalid', `"${at}" is not a valid instant (ISO 8601)`, { field: 'at' });
  const day = addBusinessDays(local.toISODate()!, count, calendar);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return local.set({ year: y, month: m, day: d }).toUTC().toISO()!;
}

/**
 * The follow-up deadline of a call held at `heldAt`: "within one business day" means by the same
 * local time on the next business day in the account's zone.
 */
export function followUpDueAt(heldAt: Instant, timezone: string, calendar: BusinessCalendar, businessDays = 1): Instant {
  return addBusinessDaysInZone(heldAt, businessDays, timezone, calendar);
}
