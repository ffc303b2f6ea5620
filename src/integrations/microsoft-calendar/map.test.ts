import { describe, expect, it } from 'vitest';
import { readCalendarObject } from '../calendar/ics-read.ts';
import { splitObject } from '../calendar/ics-parts.ts';
import { googleEventBody, googleEventsToIcs, instanceId } from '../google-calendar/map.ts';
import { rruleToGraph, timeOfGraph, uidOf } from './map.ts';

const WINDOW = { from: '2026-11-01T00:00:00Z', to: '2027-03-01T00:00:00Z', floatingZone: 'Europe/Berlin' };

describe('Graph and Google event mapping', () => {
  it('RRULEs become Graph patterns (weekly with days, monthly by weekday or day, count, until); an unsayable one is null', () => {
    expect(rruleToGraph(['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6'], '2026-12-01', 'Europe/Berlin')).toEqual({
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['tuesday', 'thursday'], firstDayOfWeek: 'monday' },
      range: { type: 'numbered', startDate: '2026-12-01', numberOfOccurrences: 6, recurrenceTimeZone: 'Europe/Berlin' },
    });
    expect(rruleToGraph(['RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630T000000Z'], '2026-12-25', 'UTC')).toMatchObject({
      pattern: { type: 'relativeMonthly', daysOfWeek: ['friday'], index: 'last' },
      range: { type: 'endDate', endDate: '2027-06-30' },
    });
    expect(rruleToGraph(['RRULE:FREQ=MONTHLY'], '2026-12-15', 'UTC')).toMatchObject({ pattern: { type: 'absoluteMonthly', dayOfMonth: 15 }, range: { type: 'noEnd' } });
    expect(rruleToGraph(['RRULE:FREQ=YEARLY;BYMONTH=3'], '2026-12-15', 'UTC')).toBeNull();
  });

  it('Graph times asked for in UTC read as instants; all-day as dates; Cadence’s UID is the transactionId it wrote', () => {
    expect(timeOfGraph({ dateTime: '2026-12-08T14:00:00.0000000', timeZone: 'UTC' }, false)).toEqual({ dateTime: '2026-12-08T14:00:00Z', timeZone: null });
    expect(timeOfGraph({ dateTime: '2026-12-14T00:00:00.0000000', timeZone: 'UTC' }, true)).toEqual({ date: '2026-12-14' });
    expect(uidOf({ id: 'x', transactionId: 'm1@cadence.example', iCalUId: '040000' })).toBe('m1@cadence.example');
    expect(uidOf({ id: 'x', transactionId: 'not-a-uid', iCalUId: '040000' })).toBe('040000');
  });

  it('a Google series in Berlin stays at 10:00 local across the DST change; a cancelled exception cancels its occurrence', () => {
    const ics = googleEventsToIcs([
      {
        id: 's',
        iCalUID: 's@google.com',
        status: 'confirmed',
        summary: 'Weekly',
        start: { dateTime: '2027-03-23T10:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2027-03-23T10:30:00+01:00', timeZone: 'Europe/Berlin' },
        recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'],
      },
      { id: 's_20270330T080000Z', iCalUID: 's@google.com', recurringEventId: 's', status: 'cancelled', originalStartTime: { dateTime: '2027-03-30T10:00:00+02:00', timeZone: 'Europe/Berlin' } },
    ])!;
    const read = readCalendarObject(ics, { ...WINDOW, to: '2027-05-01T00:00:00Z' });
    expect(read.ok && read.occurrences.map((o) => [o.startsAt, o.cancelled])).toEqual([
      ['2027-03-23T09:00:00Z', false],
      ['2027-03-30T08:00:00Z', true],
      ['2027-04-06T08:00:00Z', false],
    ]);
  });

  it('Cadence’s object splits into the Google body (zone kept, all-day as date) and the instance id of a moved call', () => {
    const parts = splitObject(
      [
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'UID:abc@cadence.example',
        'DTSTART;TZID=Europe/Berlin:20261202T140000',
        'DTEND;TZID=Europe/Berlin:20261202T143000',
        'RRULE:FREQ=WEEKLY;COUNT=4',
        'SUMMARY:Globex\\, weekly',
        'ATTENDEE;CN="Hana Tanaka";ROLE=OPT-PARTICIPANT:mailto:hana@globex.com',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:abc@cadence.example',
        'RECURRENCE-ID;TZID=Europe/Berlin:20261216T140000',
        'DTSTART;TZID=Europe/Berlin:20261217T140000',
        'DTEND;TZID=Europe/Berlin:20261217T143000',
        'SUMMARY:Globex\\, weekly',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    expect(googleEventBody(parts.master, { recurrence: parts.master.recurrence })).toMatchObject({
      summary: 'Globex, weekly',
      start: { dateTime: '2026-12-02T14:00:00', timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
      attendees: [{ email: 'hana@globex.com', displayName: 'Hana Tanaka', optional: true }],
    });
    expect(instanceId('g1', parts.overrides[0]!)).toBe('g1_20261216T130000Z');
  });
});
