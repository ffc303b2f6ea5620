import { describe, expect, it } from 'vitest';
import { backToBackWarning, findBackToBack, type BusyCall } from './back-to-back.ts';

const busy: BusyCall[] = [{ id: 'm-1', title: 'Cadence / Globex CSM Call', startsAt: '2026-12-08T10:00:00.000Z', endsAt: '2026-12-08T10:30:00.000Z' }];
const slot = (start: string, minutes = 30) => ({ startsAt: `2026-12-08T${start}:00.000Z`, endsAt: new Date(Date.parse(`2026-12-08T${start}:00.000Z`) + minutes * 60_000).toISOString() });

describe('back-to-back calls', () => {
  it.each<[string, string, number, number | null]>([
    ['a call right after another is back to back', '10:30', 15, 0],
    ['a call 10 minutes after another is within 15 minutes', '10:40', 15, 10],
    ['a call 14 minutes after is still within the gap', '10:44', 15, 14],
    ['a call 15 minutes after leaves the time to clean up notes', '10:45', 15, null],
    ['a call ending 5 minutes before another starts is within the gap', '09:25', 15, 5],
    ['a call ending exactly 15 minutes before is fine', '09:15', 15, null],
    ['an overlapping call is crowded too', '10:15', 15, -15],
    ['a team gap of 30 minutes catches a call 20 minutes after', '10:50', 30, 20],
    ['a gap of 0 switches the check off, even for an overlap', '10:00', 0, null],
  ])('%s', (_name, start, gap, expected) => {
    const found = findBackToBack([slot(start)], busy, gap);
    expect(found.length ? found[0]!.gapMinutes : null).toBe(expected);
  });

  it('the warning says there is no time to clean up notes and names the other call in the CSM zone', () => {
    expect(backToBackWarning([slot('10:40')], busy, 15, 'Europe/Berlin')).toBe('no time to clean up notes: the call, Tuesday 8 December 2026, 11:40–12:10 (Europe/Berlin), is 10 minutes from Cadence / Globex CSM Call (11:00–11:30)');
    expect(backToBackWarning([slot('10:30')], busy, 15, 'UTC')).toContain('is right next to Cadence / Globex CSM Call (10:00–10:30)');
    expect(backToBackWarning([slot('10:15')], busy, 15, 'UTC')).toContain('overlaps Cadence / Globex CSM Call');
    expect(backToBackWarning([slot('12:00')], busy, 15, 'UTC')).toBeNull();
  });

  it('a series names how many of its calls are crowded', () => {
    const series = [slot('10:35'), { startsAt: '2026-12-15T10:35:00.000Z', endsAt: '2026-12-15T11:05:00.000Z' }];
    expect(backToBackWarning(series, busy, 15, 'UTC')).toContain('1 of 2 calls are within 15 minutes of another of your calls; the first, Tuesday 8 December 2026, 10:35–11:05');
  });
});
