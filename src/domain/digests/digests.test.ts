import { describe, expect, it } from 'vitest';
import { defaultDigestSettings, dueDigests } from './digests.ts';

describe('when a digest is due', () => {
  const csm = defaultDigestSettings('csm');
  const manager = defaultDigestSettings('manager');
  it('a CSM in New York gets the daily digest from 08:00 local, not at 07:59, and not in the evening', () => {
    expect(dueDigests(new Date('2026-12-07T12:59:00Z'), csm, 'America/New_York')).toEqual([]);
    expect(dueDigests(new Date('2026-12-07T13:00:00Z'), csm, 'America/New_York')).toEqual([{ kind: 'daily', period: '2026-12-07' }]);
    expect(dueDigests(new Date('2026-12-07T23:00:00Z'), csm, 'America/New_York')).toEqual([]);
  });
  it('the period is the local date: 08:30 Tuesday in Tokyo is still Monday in UTC', () => {
    expect(dueDigests(new Date('2026-12-07T23:30:00Z'), csm, 'Asia/Tokyo')).toEqual([{ kind: 'daily', period: '2026-12-08' }]);
  });
  it('a manager gets the weekly digest on Monday only; a time and zone of their own override the profile', () => {
    expect(dueDigests(new Date('2026-12-07T08:15:00Z'), manager, 'Europe/London').map((d) => d.kind)).toEqual(['daily', 'weekly']);
    expect(dueDigests(new Date('2026-12-08T08:15:00Z'), manager, 'Europe/London').map((d) => d.kind)).toEqual(['daily']);
    expect(dueDigests(new Date('2026-12-07T05:45:00Z'), { ...manager, localTime: '06:30', timezone: 'Europe/Berlin' }, 'America/New_York').map((d) => d.kind)).toEqual(['daily', 'weekly']);
  });
  it('switched off is never due', () => {
    expect(dueDigests(new Date('2026-12-07T13:00:00Z'), { ...manager, daily: false, weekly: false }, 'America/New_York')).toEqual([]);
  });
});
