/**
 * Reads one calendar object (iCalendar text from a CalDAV server, or converted from a provider's
 * JSON) into its occurrences in a window, with ical.js: a recurring event is expanded (RRULE,
 * RDATE, EXDATE, overrides by RECURRENCE-ID), every time turned into a UTC instant through the
 * object's VTIMEZONEs or, for a bare IANA TZID, the zone itself. What cannot be read is answered
 * as a reason (`malformed`, `unknown_timezone`, `no_event`), never thrown.
 */
import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { vtimezone } from './ics.ts';

export interface CalendarPerson {
  email: string;
  name: string | null;
}

export interface CalendarOccurrence {
  uid: string;
  /** The occurrence's original start (its RECURRENCE-ID) as a UTC instant; null for a one-off event. */
  recurrenceId: string | null;
  title: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  /** The IANA zone of DTSTART when it names one; null for UTC, floating or all-day times. */
  timezone: string | null;
  cancelled: boolean;
  sequence: number;
  organiser: CalendarPerson | null;
  attendees: CalendarPerson[];
  /** A Zoom, Teams, Meet, Webex… link from LOCATION, URL, the description or a conference property. */
  conferenceUrl: string | null;
}

export type ReadSkipReason = 'malformed' | 'unknown_timezone' | 'no_event';

export type ReadCalendarObject = { ok: true; uid: string; recurring: boolean; occurrences: CalendarOccurrence[] } | { ok: false; reason: ReadSkipReason; detail: string };

export interface ReadWindow {
  /** Occurrences ending before this are left out (ISO instant). */
  from: string;
  /** Occurrences starting at or after this are left out. */
  to: string;
  /** The zone all-day and floating times are read in (the connection owner's). */
  floatingZone: string;
}

/** More occurrences than this in one window are cut (a minutely RRULE must not stall a sync). */
const MAX_OCCURRENCES = 500;
/** Steps of an RRULE walked before giving up (a daily series from years ago reaches the window in time). */
const MAX_STEPS = 20_000;

const CONFERENCE = /https:\/\/[^\s<>"']*(?:zoom\.us|zoomgov\.com|teams\.microsoft\.com|teams\.live\.com|meet\.google\.com|webex\.com|gotomeeting\.com|whereby\.com|meet\.jit\.si|chime\.aws|bluejeans\.com)[^\s<>"']*/i;
const ANY_URL = /https?:\/\/[^\s<>"']+/i;

function emailOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

function personOf(prop: ICAL.Property | null): CalendarPerson | null {
  if (!prop) return null;
  const email = emailOf(prop.getFirstValue());
  if (!email) return null;
  const cn = prop.getParameter('cn');
  return { email, name: typeof cn === 'string' && cn.trim() ? cn.trim() : null };
}

function peopleOf(comp: ICAL.Component): CalendarPerson[] {
  return comp
    .getAllProperties('attendee')
    .map(personOf)
    .filter((p): p is CalendarPerson => p !== null);
}

function text(v: ICAL.Component, name: string): string {
  const value = v.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function conferenceOf(v: ICAL.Component): string | null {
  const sources = [text(v, 'x-google-conference'), text(v, 'location'), text(v, 'url'), ...v.getAllProperties('conference').map((p) => String(p.getFirstValue() ?? '')), text(v, 'description'), text(v, 'x-alt-desc')];
  for (const s of sources) {
    const m = CONFERENCE.exec(s);
    if (m) return m[0].replace(/[).,;]+$/, '');
  }
  for (const s of [text(v, 'location'), text(v, 'url')]) {
    const m = ANY_URL.exec(s);
    if (m) return m[0].replace(/[).,;]+$/, '');
  }
  return null;
}

/** The TZID each time property of a VEVENT names (DTSTART, DTEND, RECURRENCE-ID, EXDATE, RDATE). */
function tzidsOf(v: ICAL.Component): string[] {
  const ids: string[] = [];
  for (const name of ['dtstart', 'dtend', 'recurrence-id', 'exdate', 'rdate']) {
    for (const p of v.getAllProperties(name)) {
      const tzid = p.getParameter('tzid');
      if (typeof tzid === 'string') ids.push(tzid);
    }
  }
  return ids;
}

function instant(t: ICAL.Time, floatingZone: string): DateTime {
  if (t.isDate) return DateTime.fromObject({ year: t.year, month: t.month, day: t.day }, { zone: floatingZone });
  const zone = t.zone;
  if (!zone || zone === ICAL.Timezone.localTimezone) {
    return DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second }, { zone: floatingZone });
  }
  return DateTime.fromJSDate(t.toJSDate(), { zone: 'utc' });
}

const isoOf = (d: DateTime) => d.toUTC().toISO({ suppressMilliseconds: true })!;

/**
 * The occurrences of the object's event in the window, oldest first. An object holds one UID: the
 * event (with its RRULE) and its overrides. Pure apart from ical.js' zone registry, which it
 * fills with the object's VTIMEZONEs and the IANA zones it names.
 */
export function readCalendarObject(ics: string, window: ReadWindow): ReadCalendarObject {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(ics));
  } catch (err) {
    return { ok: false, reason: 'malformed', detail: `not iCalendar: ${(err as Error).message.split('\n')[0]}` };
  }
  if (root.name !== 'vcalendar') return { ok: false, reason: 'malformed', detail: 'not a VCALENDAR' };
  const known = new Set<string>(['UTC', 'Z', 'GMT']);
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    try {
      const tz = new ICAL.Timezone(vtz);
      ICAL.TimezoneService.register(tz);
      known.add(tz.tzid);
    } catch {
      // A broken VTIMEZONE: its TZID stays unknown and the events that use it are skipped.
    }
  }
  const vevents = root.getAllSubcomponents('vevent');
  if (vevents.length === 0) return { ok: false, reason: 'no_event', detail: 'the object holds no VEVENT (a task or a journal entry)' };
  const fromYear = Number(window.from.slice(0, 4)) - 1;
  const toYear = Number(window.to.slice(0, 4)) + 1;
  for (const v of vevents) {
    for (const tzid of tzidsOf(v)) {
      if (known.has(tzid)) continue;
      if (!IANAZone.isValidZone(tzid)) return { ok: false, reason: 'unknown_timezone', detail: `unknown time zone "${tzid}"` };
      try {
        ICAL.TimezoneService.register(new ICAL.Timezone(new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${vtimezone(tzid, fromYear, toYear)}\r\nEND:VCALENDAR`)).getFirstSubcomponent('vtimezone')!));
        known.add(tzid);
      } catch {
        return { ok: false, reason: 'unknown_timezone', detail: `time zone "${tzid}" cannot be used` };
      }
    }
  }
  try {
    return expand(vevents, window);
  } catch (err) {
    return { ok: false, reason: 'malformed', detail: `cannot be read: ${(err as Error).message.split('\n')[0]}` };
  }
}

function expand(vevents: ICAL.Component[], window: ReadWindow): ReadCalendarObject {
  const master = vevents.find((v) => !v.hasProperty('recurrence-id')) ?? vevents[0]!;
  const uid = text(master, 'uid').trim();
  if (!uid) return { ok: false, reason: 'malformed', detail: 'the event has no UID' };
  if (!master.hasProperty('dtstart')) return { ok: false, reason: 'malformed', detail: 'the event has no DTSTART' };
  const from = DateTime.fromISO(window.from);
  const to = DateTime.fromISO(window.to);
  const exceptions = vevents.filter((v) => v !== master && v.hasProperty('recurrence-id'));
  const event = new ICAL.Event(master, { exceptions, strictExceptions: true });
  const occurrences: CalendarOccurrence[] = [];

  const occurrence = (item: ICAL.Event, start: ICAL.Time, end: ICAL.Time, recurrenceId: ICAL.Time | null): CalendarOccurrence => {
    const comp = item.component;
    const startAt = instant(start, window.floatingZone);
    let endAt = instant(end, window.floatingZone);
    if (endAt < startAt) endAt = startAt;
    const tzid = comp.getFirstProperty('dtstart')?.getParameter('tzid');
    return {
      uid,
      recurrenceId: recurrenceId ? isoOf(instant(recurrenceId, window.floatingZone)) : null,
      title: text(comp, 'summary').trim() || '(no title)',
      startsAt: isoOf(startAt),
      endsAt: isoOf(endAt),
      allDay: start.isDate,
      timezone: typeof tzid === 'string' && IANAZone.isValidZone(tzid) ? tzid : null,
      cancelled: text(comp, 'status').toUpperCase() === 'CANCELLED',
      sequence: Number(comp.getFirstPropertyValue('sequence') ?? 0) || 0,
      // An override that lists nobody keeps the series' people.
      organiser: personOf(comp.getFirstProperty('organizer')) ?? personOf(master.getFirstProperty('organizer')),
      attendees: peopleOf(comp).length > 0 ? peopleOf(comp) : peopleOf(master),
      conferenceUrl: conferenceOf(comp),
    };
  };

  if (!event.isRecurring()) {
    const start = event.startDate;
    const end = event.endDate ?? start;
    const o = occurrence(event, start, end, null);
    if (Date.parse(o.endsAt) >= from.toMillis() && Date.parse(o.startsAt) < to.toMillis()) occurrences.push(o);
    return { ok: true, uid, recurring: false, occurrences };
  }
  const it = event.iterator();
  for (let steps = 0, next = it.next(); next && steps < MAX_STEPS && occurrences.length < MAX_OCCURRENCES; steps += 1, next = it.next()) {
    const details = event.getOccurrenceDetails(next);
    const o = occurrence(details.item, details.startDate, details.endDate, details.recurrenceId);
    if (Date.parse(o.recurrenceId ?? o.startsAt) >= to.toMillis() && Date.parse(o.startsAt) >= to.toMillis()) break;
    if (Date.parse(o.endsAt) < from.toMillis() || Date.parse(o.startsAt) >= to.toMillis()) continue;
    occurrences.push(o);
  }
  return { ok: true, uid, recurring: true, occurrences };
}
