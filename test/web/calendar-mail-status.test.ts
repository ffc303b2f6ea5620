import { describe, expect, it } from 'vitest';
import { connectionNeedsAttention, type CalendarConnection } from '../../web/src/features/settings/calendar-mail-status.ts';

const base: CalendarConnection = {
  id: 'c1',
  userId: 'u1',
  userEmail: 'sam@vendor.example',
  provider: 'caldav',
  url: 'https://dav.example/',
  username: 'sam',
  status: 'ok',
  calendars: [],
  writeCalendarUrl: null,
  intervalMinutes: 15,
  lastSuccessAt: '2026-12-03T10:00:00Z',
  lastAttemptAt: '2026-12-03T10:00:00Z',
  nextSyncAt: '2026-12-03T10:15:00Z',
  lastError: null,
  lastCounts: null,
  createdAt: '2026-12-01T09:00:00Z',
};

describe('the line My day shows for a calendar connection to fix', () => {
  it('says nothing within three intervals of the last successful sync', () => {
    expect(connectionNeedsAttention(base, new Date('2026-12-03T10:44:00Z'))).toBeNull();
  });
  it('says how long it has been silent past three intervals, with the last problem', () => {
    const t = connectionNeedsAttention({ ...base, status: 'failing', lastError: 'the server did not answer in time' }, new Date('2026-12-03T13:30:00Z'));
    expect(t).toEqual({ kind: 'silent', message: 'Your calendar CalDAV (sam) has not synced for 3 hours: the server did not answer in time.' });
  });
  it('counts from when it was connected when it never synced', () => {
    expect(connectionNeedsAttention({ ...base, status: 'new', lastSuccessAt: null }, new Date('2026-12-03T09:00:00Z'))?.message).toMatch(/has not synced for 2 days/);
  });
  it('asks to connect again when the provider refused the sign-in, however recent the last sync', () => {
    expect(connectionNeedsAttention({ ...base, status: 'needs_reauth', provider: 'google' }, new Date('2026-12-03T10:01:00Z'))).toEqual({
      kind: 'reauth',
      message: 'Your calendar Google Calendar (sam) needs connecting again: nothing is synced until you do.',
    });
  });
});
