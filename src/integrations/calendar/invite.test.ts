import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendarFeed, inviteFor, type CalendarCall } from './invite.ts';

const call: CalendarCall = {
  id: '01a2-meeting',
  title: 'Acme / Globex CSM Call',
  startsAt: '2026-12-01T15:00:00.000Z',
  endsAt: '2026-12-01T15:30:00.000Z',
  sequence: 2,
  cancelled: false,
  description: 'Agenda: https://cadence.example.com/share/abc',
  url: 'https://cadence.example.com/share/abc',
  organiser: { name: 'Sam Okafor', email: 'sam@acme.example' },
  attendees: [
    { name: 'Hana Tanaka', email: 'hana@globex.example' },
    { name: 'Ana Silva', email: 'ana@acme.example', optional: true },
  ],
};
const options = { domain: 'cadence.example.com', vendorName: 'Acme' };

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  const vevent = component.getFirstSubcomponent('vevent')!;
  return { component, vevent, event: new ICAL.Event(vevent) };
}

describe('calendar invites', () => {
  it('an invite parses as RFC 5545 with a stable UID, the sequence, organiser, attendees and the agenda link', () => {
    const { component, vevent, event } = parse(inviteFor(call, options, 'REQUEST'));
    expect(component.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.uid).toBe('01a2-meeting@cadence.example.com');
    expect(event.sequence).toBe(2);
    expect(event.summary).toBe('Acme / Globex CSM Call');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-01T15:30:00.000Z');
    expect(event.description).toContain('https://cadence.example.com/share/abc');
    expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:sam@acme.example');
    // MAILTO is case-insensitive (RFC 5545 §3.3.3).
    const attendees = vevent.getAllProperties('attendee').map((p) => [String(p.getFirstValue()).toLowerCase(), p.getParameter('role')]);
    expect(attendees).toEqual([
      ['mailto:hana@globex.example', 'REQ-PARTICIPANT'],
      ['mailto:ana@acme.example', 'OPT-PARTICIPANT'],
    ]);
  });

  it('a cancellation keeps the UID and says CANCEL', () => {
    const { component, vevent, event } = parse(inviteFor({ ...call, sequence: 3 }, options, 'CANCEL'));
    expect(component.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.uid).toBe('01a2-meeting@cadence.example.com');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.sequence).toBe(3);
  });

  it('a bi-weekly series carries its RRULE with its limit', () => {
    const { event } = parse(inviteFor({ ...call, repeat: { frequency: 'biweekly', count: 6 } }, options, 'REQUEST'));
    const rule = event.component.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rule.freq).toBe('WEEKLY');
    expect(rule.interval).toBe(2);
    expect(rule.count).toBe(6);
    const iterator = event.iterator();
    const dates: string[] = [];
    for (let next = iterator.next(); next && dates.length < 10; next = iterator.next()) dates.push(next.toJSDate().toISOString().slice(0, 10));
    expect(dates).toEqual(['2026-12-01', '2026-12-15', '2026-12-29', '2027-01-12', '2027-01-26', '2027-02-09']);
  });

  it('a feed holds every call as its own event', () => {
    const text = calendarFeed([call, { ...call, id: 'other', title: 'Acme / Initech CSM Call' }], { ...options, name: 'Sam’s cadence calls' });
    const component = new ICAL.Component(ICAL.parse(text));
    expect(component.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary)).toEqual(['Acme / Globex CSM Call', 'Acme / Initech CSM Call']);
  });
});
