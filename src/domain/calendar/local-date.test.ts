import { describe, expect, it } from 'vitest';
import { fromDayNumber, localDate, toDayNumber } from './business-calendar.ts';

/** What localDate answered before it read the zone's cached offset: one formatter call per date. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function byFormatter(at: string | Date, timezone: string): string {
  let f = formatters.get(timezone);
  if (!f) formatters.set(timezone, (f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(typeof at === 'string' ? new Date(at) : at);
}

const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Africa/Casablanca',
];

describe('local dates from cached zone offsets', () => {
  it('gives the date the formatter gives, in zones with half-hour, 45-minute and shifting offsets, around midnight and DST changes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const instants: number[] = [];
    // Every quarter hour across two days of each DST change in 2026 (March, April, October, November) …
    for (const start of ['2026-03-07', '2026-03-28', '2026-04-04', '2026-09-26', '2026-10-24', '2026-10-31']) for (let q = 0; q < 4 * 24 * 3; q += 1) instants.push(Date.parse(`${start}T00:00:00Z`) + q * 900_000 + (q % 3) * 1000);
    // … and random moments from 1980 to 2100.
    for (let i = 0; i < 3000; i += 1) instants.push(315_532_800_000 + Math.floor(random() * 3_786_912_000_000));
    const differ: string[] = [];
    for (const zone of ZONES) for (const ms of instants) if (localDate(new Date(ms), zone) !== byFormatter(new Date(ms), zone)) differ.push(`${new Date(ms).toISOString()} ${zone}`);
    expect(differ.slice(0, 5)).toEqual([]);
    expect(localDate('2026-11-20T23:30:00.000Z', 'Australia/Sydney')).toBe('2026-11-21');
    expect(localDate('1969-07-20T20:17:00Z', 'America/New_York')).toBe(byFormatter('1969-07-20T20:17:00Z', 'America/New_York'));
  });

  it('still refuses an instant that does not parse and a zone that does not exist', () => {
    expect(() => localDate('not a date', 'UTC')).toThrow(RangeError);
    expect(() => localDate('2026-11-20T10:00:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('turns day numbers into the dates Date#toISOString writes, leap years and century rules included', () => {
    const differ: number[] = [];
    for (let day = -800_000; day <= 2_950_000; day += 37) if (fromDayNumber(day) !== new Date(day * 86_400_000).toISOString().slice(0, 10)) differ.push(day);
    for (const date of ['2000-02-29', '1900-02-28', '1900-03-01', '2100-02-28', '2024-12-31', '0999-12-31', '1000-01-01', '9999-12-31']) expect(fromDayNumber(toDayNumber(date))).toBe(date);
    expect(differ.slice(0, 5)).toEqual([]);
  });

  it('reads dates into the day numbers Date.UTC gives, day overflow and odd spellings included', () => {
    const utc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
    const differ: string[] = [];
    for (let day = -600_000; day <= 2_900_000; day += 41) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (toDayNumber(date) !== day) differ.push(date);
    }
    for (const date of ['2026-02-30', '2026-04-31', '2026-01-00', '2026-13-01', '2026-00-10', '2026-11-20T10:00:00Z', '2026-1-5', '0099-03-01', 'nonsense', '']) {
      const want = utc(date);
      if (!Object.is(toDayNumber(date), want)) differ.push(date);
    }
    expect(differ.slice(0, 5)).toEqual([]);
  });
});
