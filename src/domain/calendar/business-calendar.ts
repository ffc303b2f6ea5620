import { z } from 'zod';
import type { CalendarDate, Instant } from '../model.ts';
import { CalendarDateSchema } from '../validation.ts';

/**
 * Calendar dates as whole days since 1970-01-01 (UTC), so the whole book's due dates are plain
 * integer arithmetic: the cadence engine computes 20,000 accounts at a time.
 */
const DAY_MS = 86_400_000;

const digit = (date: string, i: number) => date.charCodeAt(i) - 48;
const isDigit = (date: string, i: number) => date.charCodeAt(i) >= 48 && date.charCodeAt(i) <= 57;

export function toDayNumber(date: CalendarDate): number {
  // Days from the civil date (H. Hinnant's algorithm) for a plain YYYY-MM-DD, read digit by digit:
  // the due-state scan reads hundreds of thousands. Anything else goes through Date.UTC as before.
  if (date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45 && isDigit(date, 0) && isDigit(date, 1) && isDigit(date, 2) && isDigit(date, 3) && isDigit(date, 5) && isDigit(date, 6) && isDigit(date, 8) && isDigit(date, 9)) {
    const month = digit(date, 5) * 10 + digit(date, 6);
    const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
    // Date.UTC reads years 0–99 as 1900–1999: those keep its answer.
    if (month >= 1 && month <= 12 && year >= 100) {
      const y = year - (month <= 2 ? 1 : 0);
      const d = digit(date, 8) * 10 + digit(date, 9);
      const era = Math.floor(y / 400);
      const yoe = y - era * 400;
      const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + d - 1;
      return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
    }
  }
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function fromDayNumber(day: number): CalendarDate {
  // Civil date from days (H. Hinnant's algorithm): the due-state scan turns hundreds of thousands
  // of day numbers into dates, which through Date#toISOString cost a fifth of its time.
  if (!Number.isInteger(day)) return new Date(day * DAY_MS).toISOString().slice(0, 10);
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  // Outside four-digit years toISOString writes ±YYYYYY: keep its spelling there.
  if (y < 1000 || y > 9999) return new Date(day * DAY_MS).toISOString().slice(0, 10);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Days that are not business days besides weekends (public holidays, company shutdowns). */
export const HolidaysSchema = z.array(CalendarDateSchema).max(1000, 'must list at most 1000 days');

/** A business calendar: weekends (ISO weekdays, 6 = Saturday, 7 = Sunday) and holidays. */
export interface BusinessCalendar {
  weekend: number[];
  holidays: ReadonlySet<number>;
}

export function businessCalendar(holidays: readonly CalendarDate[] = [], weekend: number[] = [6, 7]): BusinessCalendar {
  return { weekend, holidays: new Set(holidays.map(toDayNumber)) };
}

function isBusinessDayNumber(day: number, calendar: BusinessCalendar): boolean {
  return !calendar.weekend.includes(weekdayOf(day)) && !calendar.holidays.has(day);
}

export function isBusinessDay(date: CalendarDate, calendar: BusinessCalendar): boolean {
  return isBusinessDayNumber(toDayNumber(date), calendar);
}

/** The date itself when it is a business day, otherwise the next one. */
export function onOrAfterBusinessDay(date: CalendarDate, calendar: BusinessCalendar): CalendarDate {
  let day = toDayNumber(date);
  for (let i = 0; i < 400 && !isBusinessDayNumber(day, calendar); i += 1) day += 1;
  return fromDayNumber(day);
}

/** `date` moved by `count` business days (negative: back). */
export function addBusinessDays(date: CalendarDate, count: number, calendar: BusinessCalendar): CalendarDate {
  return fromDayNumber(addBusinessDayNumbers(toDayNumber(date), count, calendar));
}

/** addBusinessDays on day numbers, for callers that count thousands of calls at once. */
export function addBusinessDayNumbers(day: number, count: number, calendar: BusinessCalendar): number {
  const step = count < 0 ? -1 : 1;
  let left = Math.abs(count);
  let out = day;
  while (left > 0) {
    out += step;
    if (isBusinessDayNumber(out, calendar)) left -= 1;
  }
  return out;
}

/** Adds calendar days to a date. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Adds months; the day clamps to the month's end (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date an instant falls on in a time zone (a call at 23:30 in Sydney is "that" day there). */
export function localDate(at: Instant | Date, timezone: string): CalendarDate {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  // From the zone's cached offset (zoneOffsetMs) rather than a formatter call per date: the due
  // state reads four local dates per account. Before 1980 (local mean times, offsets changing at
  // odd moments) and for what does not parse, the formatter itself answers (or throws).
  if (ms >= 315_532_800_000 && ms < 253_402_300_800_000) return fromDayNumber(Math.floor(wallClockMs(ms, timezone) / DAY_MS));
  return localDateByFormatter(at, timezone);
}

function localDateByFormatter(at: Instant | Date, timezone: string): CalendarDate {
  let f = formatters.get(timezone);
  if (!f) {
    // en-CA writes dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timezone, f);
  }
  return f.format(typeof at === 'string' ? new Date(at) : at);
}

/** Signed calendar days from `from` to `to`. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const QUARTER_HOUR_MS = 900_000;
const PARTS = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;

/**
 * How far the zone's wall clock is ahead of UTC at instant `ms` (negative west of Greenwich).
 * Read from a cached Intl formatter: the dashboard and the nightly health run ask this for tens of
 * thousands of calls, which a date library's zone objects make slow.
 */
export function zoneOffsetMs(ms: number, timezone: string): number {
  if (timezone === 'UTC') return 0;
  // Zones change offset only at whole quarter hours of UTC, so one reading serves each quarter hour.
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  let cache = offsetCache.get(timezone);
  if (!cache) offsetCache.set(timezone, (cache = new Map()));
  let offset = cache.get(bucket);
  if (offset === undefined) {
    if (cache.size > 100_000) cache.clear();
    offset = readZoneOffset(bucket * QUARTER_HOUR_MS, timezone);
    cache.set(bucket, offset);
  }
  return offset;
}

function readZoneOffset(ms: number, timezone: string): number {
  let f = offsetFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormatters.set(timezone, f);
  }
  const v = [0, 0, 0, 0, 0, 0];
  for (const p of f.formatToParts(ms)) {
    const i = (PARTS as readonly string[]).indexOf(p.type);
    if (i >= 0) v[i] = Number(p.value);
  }
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = v;
  return Date.UTC(y, mo - 1, d, h, mi, s) - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The zone's wall clock at instant `ms`, written as if it were UTC (its day number is the local date). */
export function wallClockMs(ms: number, timezone: string): number {
  return ms + zoneOffsetMs(ms, timezone);
}

/** The instant at which the zone's wall clock reads `wallMs` (as written by wallClockMs). */
export function instantOfWallClock(wallMs: number, timezone: string): number {
  const guess = wallMs - zoneOffsetMs(wallMs, timezone);
  return wallMs - zoneOffsetMs(guess, timezone);
}

/** oneBusinessDayAfter in milliseconds, for callers that count a quarter's calls at once. */
export function oneBusinessDayAfterMs(ms: number, timezone: string, calendar: BusinessCalendar): number {
  const wall = wallClockMs(ms, timezone);
  const day = Math.floor(wall / DAY_MS);
  return instantOfWallClock(wall + (addBusinessDayNumbers(day, 1, calendar) - day) * DAY_MS, timezone);
}

/**
 * The follow-up deadline: the same local time on the next business day after `at`.
 * A call held on Friday at 15:00 owes its follow-up on Monday at 15:00 (Tuesday after a holiday).
 */
export function oneBusinessDayAfter(at: Instant, timezone: string, calendar: BusinessCalendar): Instant {
  return new Date(oneBusinessDayAfterMs(Date.parse(at), timezone, calendar)).toISOString();
}
