import { describe, expect, it } from 'vitest';
import { readCalendarObject } from './ics-read.ts';

const window = { from: '2026-11-01T00:00:00Z', to: '2027-03-01T00:00:00Z', floatingZone: 'Europe/London' };
const cal = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', 'DTSTAMP:20261101T000000Z', ...lines, 'END:VEVENT'];

describe('reading a calendar object', () => {
  it('a one-off event gives its time in UTC, its people and its Teams link from the description', () => {
    const r = readCalendarObject(
      cal(
        ...event(
          'UID:one@x',
          'DTSTART;TZID=America/New_York:20261208T090000',
          'DTEND;TZID=America/New_York:20261208T093000',
          'SUMMARY:Globex sync',
          'ORGANIZER;CN=Sam:mailto:Sam@Vendor.example',
          'ATTENDEE;CN="Hana T":mailto:hana@globex.com',
          'DESCRIPTION:Join: https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc. Thanks',
        ),
      ),
      window,
    );
    expect(r).toMatchObject({
      ok: true,
      recurring: false,
      occurrences: [
        {
          uid: 'one@x',
          recurrenceId: null,
          startsAt: '2026-12-08T14:00:00Z',
          endsAt: '2026-12-08T14:30:00Z',
          timezone: 'America/New_York',
          organiser: { email: 'sam@vendor.example' },
          attendees: [{ email: 'hana@globex.com', name: 'Hana T' }],
          conferenceUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
        },
      ],
    });
  });

  it('a floating time is read in the CSM’s zone, and an event outside the window gives no occurrence', () => {
    expect(readCalendarObject(cal(...event('UID:f@x', 'DTSTART:20261208T090000', 'DTEND:20261208T100000')), window)).toMatchObject({ ok: true, occurrences: [{ startsAt: '2026-12-08T09:00:00Z' }] });
    expect(readCalendarObject(cal(...event('UID:old@x', 'DTSTART:20200101T090000Z')), window)).toMatchObject({ ok: true, occurrences: [] });
  });

  it('a weekly series begun years ago reaches the window; a cancelled occurrence says so', () => {
    const r = readCalendarObject(
      cal(
        ...event('UID:d@x', 'DTSTART:20200106T100000Z', 'DTEND:20200106T101500Z', 'RRULE:FREQ=WEEKLY;BYDAY=MO'),
        ...event('UID:d@x', 'RECURRENCE-ID:20261207T100000Z', 'DTSTART:20261207T100000Z', 'DTEND:20261207T101500Z', 'STATUS:CANCELLED'),
      ),
      window,
    );
    if (!r.ok) throw new Error(r.detail);
    expect(r.occurrences[0]?.startsAt).toBe('2026-11-02T10:00:00Z');
    expect(r.occurrences.find((o) => o.recurrenceId === '2026-12-07T10:00:00Z')?.cancelled).toBe(true);
    expect(r.occurrences.every((o) => Date.parse(o.startsAt) < Date.parse(window.to))).toBe(true);
  });

  it('an Outlook zone name defined by the object’s VTIMEZONE is used', () => {
    const r = readCalendarObject(
      cal(
        'BEGIN:VTIMEZONE',
        'TZID:W. Europe Standard Time',
        'BEGIN:STANDARD',
        'DTSTART:16010101T030000',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
        'END:STANDARD',
        'BEGIN:DAYLIGHT',
        'DTSTART:16010101T020000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
        'END:DAYLIGHT',
        'END:VTIMEZONE',
        ...event('UID:o@x', 'DTSTART;TZID=W. Europe Standard Time:20261208T100000', 'DTEND;TZID=W. Europe Standard Time:20261208T110000'),
      ),
      window,
    );
    expect(r).toMatchObject({ ok: true, occurrences: [{ startsAt: '2026-12-08T09:00:00Z', timezone: null }] });
  });

  it('what cannot be read is a reason, never an exception', () => {
    expect(readCalendarObject('not a calendar', window)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(readCalendarObject(cal(...event('UID:u@x', 'DTSTART;TZID=Mars/Olympus:20261208T100000')), window)).toMatchObject({ ok: false, reason: 'unknown_timezone', detail: 'unknown time zone "Mars/Olympus"' });
    expect(readCalendarObject(cal('BEGIN:VTODO', 'UID:t@x', 'END:VTODO'), window)).toMatchObject({ ok: false, reason: 'no_event' });
    expect(readCalendarObject(cal(...event('DTSTART:20261208T100000Z')), window)).toMatchObject({ ok: false, reason: 'malformed', detail: 'the event has no UID' });
    expect(readCalendarObject(cal(...event('UID:n@x')), window)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(readCalendarObject(cal(...event('UID:r@x', 'DTSTART:20261208T100000Z', 'RRULE:FREQ=SOMETIMES')), window).ok).toBeDefined();
  });
});
