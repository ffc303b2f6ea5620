/**
 * The two directions a JSON calendar API (Google Calendar, Microsoft Graph) needs around the
 * port's iCalendar text: `splitObject` reads the object Cadence writes into its event and
 * overrides (times with their zone, recurrence lines, people), and `objectText` builds the
 * VCALENDAR a provider's events are carried in, for `ics-read.ts` to read like CalDAV's.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/** A time as the JSON APIs take it: a date (all day), or a local time with its IANA zone, or a UTC instant. */
export type EventTime = { date: string } | { dateTime: string; timeZone: string | null };

export interface EventPart {
  summary: string;
  description: string | null;
  location: string | null;
  start: EventTime;
  end: EventTime;
  cancelled: boolean;
  sequence: number;
  organiser: { email: string; name: string | null } | null;
  attendees: { email: string; name: string | null; optional: boolean }[];
}

export interface SplitObject {
  uid: string;
  master: EventPart & {
    /** RRULE, EXDATE, RDATE lines as written ("RRULE:FREQ=WEEKLY;BYDAY=TU"). */
    recurrence: string[];
  };
  /** Moved or cancelled occurrences: `recurrenceId` is the original start as a UTC instant. */
  overrides: (EventPart & { recurrenceId: string; originalStart: EventTime })[];
}

function textOf(v: ICAL.Component, name: string): string | null {
  const value = v.getFirstPropertyValue(name);
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

function personOf(p: ICAL.Property | null): { email: string; name: string | null } | null {
  if (!p) return null;
  const email = String(p.getFirstValue() ?? '')
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  if (!email.includes('@')) return null;
  const cn = p.getParameter('cn');
  return { email, name: typeof cn === 'string' && cn.trim() ? cn.trim() : null };
}

/** An ICAL.Time as the APIs take it. */
export function eventTimeOf(prop: ICAL.Property | null): EventTime | null {
  if (!prop) return null;
  const t = prop.getFirstValue() as ICAL.Time;
  if (!t || typeof t !== 'object' || !('year' in t)) return null;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  if (t.isDate) return { date };
  const local = `${date}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
  const tzid = prop.getParameter('tzid');
  if (typeof tzid === 'string' && tzid) return { dateTime: local, timeZone: tzid };
  if (t.zone === ICAL.Timezone.utcTimezone || String(prop.toICALString()).endsWith('Z')) return { dateTime: `${local}Z`, timeZone: null };
  return { dateTime: local, timeZone: null };
}

/** The UTC instant of an EventTime (a date: midnight UTC of it). */
export function instantOf(t: EventTime): string {
  if ('date' in t) return `${t.date}T00:00:00Z`;
  const d = t.timeZone ? DateTime.fromISO(t.dateTime, { zone: t.timeZone }) : DateTime.fromISO(t.dateTime, { zone: 'utc' });
  return d.toUTC().toISO({ suppressMilliseconds: true })!;
}

function partOf(v: ICAL.Component): EventPart {
  const start = eventTimeOf(v.getFirstProperty('dtstart'));
  if (!start) throw new Error('the event has no DTSTART');
  const end = eventTimeOf(v.getFirstProperty('dtend')) ?? start;
  return {
    summary: textOf(v, 'summary') ?? '(no title)',
    description: textOf(v, 'description'),
    location: textOf(v, 'location'),
    start,
    end,
    cancelled: (textOf(v, 'status') ?? '').toUpperCase() === 'CANCELLED',
    sequence: Number(v.getFirstPropertyValue('sequence') ?? 0) || 0,
    organiser: personOf(v.getFirstProperty('organizer')),
    attendees: v.getAllProperties('attendee').flatMap((p) => {
      const person = personOf(p);
      return person ? [{ ...person, optional: String(p.getParameter('role') ?? '').toUpperCase() === 'OPT-PARTICIPANT' }] : [];
    }),
  };
}

/** The event and overrides of one object (one UID) Cadence writes. Throws on text that is not one. */
export function splitObject(ics: string): SplitObject {
  const root = new ICAL.Component(ICAL.parse(ics));
  const vevents = root.getAllSubcomponents('vevent');
  const master = vevents.find((v) => !v.hasProperty('recurrence-id')) ?? vevents[0];
  if (!master) throw new Error('the object holds no VEVENT');
  const uid = textOf(master, 'uid');
  if (!uid) throw new Error('the event has no UID');
  const recurrence = master.getAllProperties().flatMap((p) => (['rrule', 'exdate', 'rdate'].includes(p.name) ? [p.toICALString()] : []));
  return {
    uid,
    master: { ...partOf(master), recurrence },
    overrides: vevents
      .filter((v) => v !== master && v.hasProperty('recurrence-id'))
      .map((v) => {
        const originalStart = eventTimeOf(v.getFirstProperty('recurrence-id'))!;
        return { ...partOf(v), originalStart, recurrenceId: instantOf(originalStart) };
      }),
  };
}

/** Text as a property value (RFC 5545 3.3.11). */
function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value, quoted (RFC 6868 for quotes and line breaks). */
function paramValue(s: string): string {
  return `"${s
    .replace(/\^/g, '^^')
    .replace(/\r\n|\r|\n/g, '^n')
    .replace(/"/g, "^'")}"`;
}

/** DTSTART-style property for an EventTime. */
export function timeProperty(name: string, t: EventTime): string {
  if ('date' in t) return `${name};VALUE=DATE:${t.date.replace(/-/g, '')}`;
  const compact = (s: string) => s.replace(/[-:]/g, '').replace(/\.\d+/, '');
  if (t.timeZone && t.timeZone !== 'UTC') return `${name};TZID=${t.timeZone}:${compact(t.dateTime.replace(/(Z|[+-]\d\d:\d\d)$/, ''))}`;
  return `${name}:${compact(instantOf(t))}`;
}

export interface ObjectEvent {
  uid: string;
  summary: string | null;
  description: string | null;
  location: string | null;
  start: EventTime;
  end: EventTime;
  cancelled: boolean;
  sequence?: number;
  organiser: { email: string; name: string | null } | null;
  attendees: { email: string; name: string | null }[];
  /** RRULE/EXDATE/RDATE lines (master only). */
  recurrence?: string[];
  /** For an override: its original start. */
  recurrenceId?: EventTime | null;
  conferenceUrl?: string | null;
}

/** A VCALENDAR with these VEVENTs (one UID: the event first, then its overrides). */
export function objectText(events: ObjectEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Cadence//Calendar sync//EN'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, timeProperty('DTSTART', e.start), timeProperty('DTEND', e.end));
    if (e.recurrenceId) lines.push(timeProperty('RECURRENCE-ID', e.recurrenceId));
    for (const r of e.recurrence ?? []) lines.push(r);
    lines.push(`SUMMARY:${escapeText(e.summary ?? '')}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.conferenceUrl) lines.push(`X-GOOGLE-CONFERENCE:${escapeText(e.conferenceUrl)}`);
    lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, `SEQUENCE:${e.sequence ?? 0}`);
    if (e.organiser) lines.push(`ORGANIZER${e.organiser.name ? `;CN=${paramValue(e.organiser.name)}` : ''}:mailto:${e.organiser.email}`);
    for (const a of e.attendees) lines.push(`ATTENDEE${a.name ? `;CN=${paramValue(a.name)}` : ''}:mailto:${a.email}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
