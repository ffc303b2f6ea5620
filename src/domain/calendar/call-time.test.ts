import { describe, expect, it } from 'vitest';
import { formatCallTimeFor, zoneName } from './call-time.ts';
import { outOfHoursWarning } from './working-hours.ts';

describe('a call time as its reader reads it', () => {
  it('is in the reader’s zone, named, with the other side’s clock in brackets', () => {
    expect(formatCallTimeFor('2026-12-08T04:00:00Z', { zone: 'Australia/Sydney', otherZone: 'Europe/London' })).toBe('Tuesday 8 December 2026, 15:00 AEDT, Sydney time (04:00 GMT, London time)');
    expect(formatCallTimeFor('2026-12-08T04:00:00Z', { zone: 'Europe/London', otherZone: 'Australia/Sydney' })).toBe('Tuesday 8 December 2026, 04:00 GMT, London time (15:00 AEDT, Sydney time)');
  });

  it('names the other side’s date when it is another day there', () => {
    expect(formatCallTimeFor('2026-12-08T01:00:00Z', { zone: 'Australia/Sydney', otherZone: 'America/Chicago' })).toBe('Tuesday 8 December 2026, 12:00 AEDT, Sydney time (Monday 7 December, 19:00 CST, Chicago time)');
  });

  it('gives one time when both sides share the zone, and UTC as UTC', () => {
    expect(formatCallTimeFor('2026-12-08T09:00:00Z', { zone: 'Europe/Berlin', otherZone: 'Europe/Berlin' })).toBe('Tuesday 8 December 2026, 10:00 CET, Berlin time');
    expect(formatCallTimeFor('2026-12-08T09:00:00Z', { zone: 'UTC' })).toBe('Tuesday 8 December 2026, 09:00 UTC');
    expect(zoneName('America/New_York')).toBe('New York time');
  });

  it('follows daylight saving on each side', () => {
    expect(formatCallTimeFor('2027-03-30T08:00:00Z', { zone: 'Europe/Berlin', otherZone: 'America/New_York' })).toBe('Tuesday 30 March 2027, 10:00 CEST, Berlin time (04:00 EDT, New York time)');
  });
});

describe('working hours on both sides', () => {
  const customer = { who: 'Globex', zone: 'Australia/Sydney' };
  const csm = { who: 'Sam', zone: 'America/Chicago' };

  it('passes a call inside 08:00–18:00 for both', () => {
    // 09:00 Sydney on Wednesday is 16:00 Chicago on Tuesday.
    expect(outOfHoursWarning([{ startsAt: '2026-12-08T22:00:00Z', endsAt: '2026-12-08T22:30:00Z' }], customer, csm)).toBeNull();
  });

  it('warns about a 3 AM call in Sydney, naming both local times', () => {
    expect(outOfHoursWarning([{ startsAt: '2026-12-07T16:00:00Z', endsAt: '2026-12-07T16:30:00Z' }], customer, csm)).toBe(
      'the call is outside working hours (08:00–18:00): Tuesday 8 December 2026, 03:00–03:30 AEDT, Sydney time for Globex; Monday 7 December 2026, 10:00–10:30 CST, Chicago time for Sam',
    );
  });

  it('counts the calls of a series that fall outside once the clocks change', () => {
    // 08:00 Berlin is 07:00 London all year, so every call is outside for the CSM; 09:00 Berlin stays inside.
    const slots = ['2027-03-23T07:00:00Z', '2027-03-30T06:00:00Z'].map((s) => ({ startsAt: s, endsAt: new Date(Date.parse(s) + 1_800_000).toISOString() }));
    expect(outOfHoursWarning(slots, { who: 'Globex', zone: 'Europe/Berlin' }, { who: 'Sam', zone: 'Europe/London' })).toMatch(/^2 of 2 calls are outside/);
    // A call ending after 18:00 is outside too.
    expect(outOfHoursWarning([{ startsAt: '2027-03-23T16:45:00Z', endsAt: '2027-03-23T17:15:00Z' }], { who: 'Globex', zone: 'Europe/Berlin' }, { who: 'Sam', zone: 'Europe/London' })).toContain('17:45–18:15 CET');
  });
});
