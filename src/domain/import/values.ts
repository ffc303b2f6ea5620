/**
 * Reading the values CRMs and spreadsheets write: money with its symbols and separators, dates in
 * the three orders people use, and the words for yes and no. Pure; each answers null when the text
 * is not such a value, and the caller names the line and column.
 */

const CURRENCY = /[$€£¥₹₩₽¤]|\b(usd|eur|gbp|jpy|chf|cad|aud|nzd|sek|nok|dkk|inr|brl|zar)\b/gi;

/**
 * Reads an amount of money: "$1,070,000.00", "1.070.000,00 €", "1 070 000,00", "CHF 1'070'000",
 * "1070000", "1.2M", "250k". The last of "." and "," is the decimal mark when both appear; one
 * mark that appears once with three digits after it groups thousands ("1,070" is 1070).
 */
export function parseMoney(raw: string): number | null {
  let text = raw
    .trim()
    .replace(CURRENCY, '')
    .replace(/[\s\u00a0\u202f']/g, '');
  if (!text) return null;
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  }
  let scale = 1;
  const suffix = /^(.*?)([kmb])$/i.exec(text);
  if (suffix) {
    text = suffix[1] ?? '';
    scale = { k: 1e3, m: 1e6, b: 1e9 }[(suffix[2] ?? 'k').toLowerCase() as 'k' | 'm' | 'b'];
  }
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return null;
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let decimal: '.' | ',' | null = null;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? '.' : ',';
    const count = text.split(mark).length - 1;
    const after = text.length - text.lastIndexOf(mark) - 1;
    decimal = count === 1 && !(after === 3 && scale === 1) ? mark : null;
  }
  const grouping = decimal === '.' ? ',' : decimal === ',' ? '.' : /[.,]/g;
  let plain = text.replace(typeof grouping === 'string' ? new RegExp(`\\${grouping}`, 'g') : grouping, '');
  if (decimal === ',') plain = plain.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(plain)) return null;
  const value = Number(plain) * scale;
  if (!Number.isFinite(value)) return null;
  return Math.round((negative ? -value : value) * 100) / 100;
}

/** How a date written with slashes is read: 03/04/2026 is 4 March (US) or 3 April (most others). */
export type DateOrder = 'mdy' | 'dmy';

const pad = (n: number): string => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Reads a calendar date as exports write it: "2026-03-04", "2026-03-04 10:23", "2026-03-04T10:23:00Z",
 * "2026/03/04", "04.03.2026" (always day first), "3/4/2026" or "3/4/26" (by `order`, unless a part
 * above 12 settles it). Answers YYYY-MM-DD, or null for anything else or an impossible date.
 */
export function parseDate(raw: string, order: DateOrder = 'mdy'): string | null {
  const text = raw.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s].*)?$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:\s.*)?$/.exec(text);
  if (m) return isoDate(fullYear(m[3] ?? ''), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?:\s.*)?$/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3] ?? '');
    const dayFirst = a > 12 ? true : b > 12 ? false : order === 'dmy';
    return dayFirst ? isoDate(y, b, a) : isoDate(y, a, b);
  }
  return null;
}

const fullYear = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** True and false as spreadsheets write them, or null. */
export function parseYesNo(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'x', 'ja', 'oui', 'wahr', 'vrai'].includes(v)) return true;
  if (['false', 'no', 'n', '0', 'nein', 'non', 'falsch', 'faux'].includes(v)) return false;
  return null;
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[a-z]{2,}$/i;
const DOMAIN = /^(https?:\/\/)?(www\.)?([a-z0-9-]+\.)+[a-z]{2,}\/?$/i;

export const looksLikeEmail = (raw: string): boolean => EMAIL.test(raw.trim());
export const looksLikeDomain = (raw: string): boolean => DOMAIN.test(raw.trim()) && !raw.includes('@');

/** A domain as a key: "https://www.Stark.example/" is "stark.example". */
export function normaliseDomain(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '');
}

/** A header or value as a key: case, accents, punctuation and spacing ignored ("Lifecycle Stage" is "lifecyclestage"). */
export function keyOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
