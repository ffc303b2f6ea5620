/**
 * The fiscal calendar the reviews and the forecast speak in: fiscal quarters for a configurable
 * fiscal-year start month, and the "second week of the month" (MBRs) and "first week of the
 * fiscal quarter" (internal QBRs) the Sourcegraph cadences name.
 *
 * Conventions (documented because companies differ):
 * - A fiscal year is named after the calendar year in which it ENDS: with a February start,
 *   FY2027 runs from 1 February 2026 to 31 January 2027. With a January start the fiscal year is
 *   the calendar year.
 * - A "week" is the working week Monday to Friday. The second week of a month begins on the
 *   month's second Monday; the first week of a fiscal quarter begins on the first Monday on or
 *   after the quarter's first day (a quarter that starts on a Wednesday has its first full week
 *   the following Monday).
 * All arithmetic is on calendar dates in UTC; callers turn `now` into the team's calendar date.
 */
import type { CalendarDate } from '../model.ts';

export interface FiscalQuarter {
  fiscalYear: number;
  /** 1–4. */
  quarter: number;
  /** First day of the quarter. */
  start: CalendarDate;
  /** Last day of the quarter (inclusive). */
  end: CalendarDate;
  /** "FY2027 Q1". */
  label: string;
}

export interface WorkingWeek {
  /** Monday. */
  start: CalendarDate;
  /** Friday. */
  end: CalendarDate;
}

/** A month as written in review commands: "2026-12". */
export interface YearMonth {
  year: number;
  /** 1–12. */
  month: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): CalendarDate => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function parts(date: CalendarDate): { y: number; m: number; d: number } {
  return { y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)), d: Number(date.slice(8, 10)) };
}

/** True when `startMonth` is a month number a fiscal year can start in. */
export function isFiscalStartMonth(startMonth: number): boolean {
  return Number.isInteger(startMonth) && startMonth >= 1 && startMonth <= 12;
}

function checkStart(startMonth: number): void {
  // A programming error, not user input: the service validates configuration with isFiscalStartMonth.
  if (!isFiscalStartMonth(startMonth)) throw new RangeError(`fiscal year start month must be 1–12, got ${startMonth}`);
}

/** The fiscal quarter `date` falls in, for a fiscal year starting on the first of `startMonth`. */
export function fiscalQuarterOf(date: CalendarDate, startMonth = 1): FiscalQuarter {
  checkStart(startMonth);
  const { y, m } = parts(date);
  const monthsIntoYear = (m - startMonth + 12) % 12;
  const quarter = Math.floor(monthsIntoYear / 3) + 1;
  const fyStartYear = m >= startMonth ? y : y - 1;
  const fiscalYear = startMonth === 1 ? fyStartYear : fyStartYear + 1;
  const firstMonthIndex = startMonth - 1 + (quarter - 1) * 3; // 0-based, may pass 11
  const startY = fyStartYear + Math.floor(firstMonthIndex / 12);
  const startM = (firstMonthIndex % 12) + 1;
  const lastIndex = firstMonthIndex + 2;
  const endY = fyStartYear + Math.floor(lastIndex / 12);
  const endM = (lastIndex % 12) + 1;
  return {
    fiscalYear,
    quarter,
    start: iso(startY, startM, 1),
    end: iso(endY, endM, daysInMonth(endY, endM)),
    label: `FY${fiscalYear} Q${quarter}`,
  };
}

/** The quarter after `q`. */
export function nextFiscalQuarter(q: FiscalQuarter, startMonth = 1): FiscalQuarter {
  const { y, m, d } = parts(q.end);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return fiscalQuarterOf(next.toISOString().slice(0, 10), startMonth);
}

/** The current fiscal quarter for `today` and the one after it (the forecast's two columns). */
export function currentAndNextFiscalQuarter(today: CalendarDate, startMonth = 1): { current: FiscalQuarter; next: FiscalQuarter } {
  const current = fiscalQuarterOf(today, startMonth);
  return { current, next: nextFiscalQuarter(current, startMonth) };
}

/** True when `date` lies within the quarter, both ends included. */
export function isInQuarter(date: CalendarDate, q: FiscalQuarter): boolean {
  const day = date.slice(0, 10);
  return day >= q.start && day <= q.end;
}

function weekFrom(y: number, m: number, d: number): WorkingWeek {
  const friday = new Date(Date.UTC(y, m - 1, d + 4)).toISOString().slice(0, 10);
  return { start: iso(y, m, d), end: friday };
}

/** Day of month of the first Monday on or after day `from` of the month (may pass month end). */
function firstMondayFrom(y: number, m: number, from: number): number {
  const weekday = new Date(Date.UTC(y, m - 1, from)).getUTCDay(); // 0 Sunday … 6 Saturday
  return from + ((8 - weekday) % 7);
}

/** The MBR week: Monday to Friday starting on the month's second Monday. */
export function secondWeekOfMonth(month: YearMonth): WorkingWeek {
  const firstMonday = firstMondayFrom(month.year, month.month, 1);
  const secondMonday = firstMonday + 7;
  return weekFrom(month.year, month.month, secondMonday);
}

/** The internal-QBR week: Monday to Friday starting on the first Monday on or after the quarter's start. */
export function firstWeekOfFiscalQuarter(q: FiscalQuarter): WorkingWeek {
  const { y, m, d } = parts(q.start);
  const monday = firstMondayFrom(y, m, d);
  const at = new Date(Date.UTC(y, m - 1, monday));
  return weekFrom(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
}

export type MonthParse = { ok: true; month: YearMonth } | { ok: false; field: 'month'; message: string };

/**
 * Reads a review month such as "2026-12". "2026-13", "2026-1" or "December" are refused with a
 * sentence saying what was expected.
 */
export function parseYearMonth(value: string): MonthParse {
  const match = /^(\d{4})-(\d{2})$/.exec(value.trim());
  if (!match) return { ok: false, field: 'month', message: `month must be written YYYY-MM (e.g. 2026-12), got "${value}"` };
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return { ok: false, field: 'month', message: `month ${match[2]} does not exist: use 01 to 12 (got "${value}")` };
  return { ok: true, month: { year, month } };
}

/** First and last calendar day of a month. */
export function monthBounds(month: YearMonth): { start: CalendarDate; end: CalendarDate } {
  return { start: iso(month.year, month.month, 1), end: iso(month.year, month.month, daysInMonth(month.year, month.month)) };
}

/** "2026-12". */
export function formatYearMonth(month: YearMonth): string {
  return `${month.year}-${pad(month.month)}`;
}

/** The month before. */
export function previousMonth(month: YearMonth): YearMonth {
  return month.month === 1 ? { year: month.year - 1, month: 12 } : { year: month.year, month: month.month - 1 };
}
