/**
 * Microsoft Graph events ↔ the iCalendar text the calendar port carries.
 * Event resource: https://learn.microsoft.com/graph/api/resources/event
 * calendarView lists occurrences, not series: a series travels as one object whose event starts
 * at its first occurrence in the window, with an RDATE for every other one and each occurrence as
 * an override (RECURRENCE-ID = its `originalStart`), so ics-read expands it like a CalDAV series.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { EventPart, EventTime, ObjectEvent } from '../calendar/ics-parts.ts';
import { objectText, timeProperty } from '../calendar/ics-parts.ts';

export interface GraphTime {
  dateTime: string;
  timeZone: string;
}

export interface GraphEvent {
  id: string;
  '@odata.etag'?: string;
  '@removed'?: { reason?: string };
  changeKey?: string;
  type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  seriesMasterId?: string | null;
  iCalUId?: string;
  transactionId?: string | null;
  subject?: string | null;
  bodyPreview?: string | null;
  body?: { contentType?: string; content?: string } | null;
  location?: { displayName?: string | null } | null;
  start?: GraphTime;
  end?: GraphTime;
  originalStart?: string | null;
  isAllDay?: boolean;
  isCancelled?: boolean;
  organizer?: { emailAddress?: { address?: string; name?: string } } | null;
  attendees?: { emailAddress?: { address?: string; name?: string }; type?: string }[];
  onlineMeeting?: { joinUrl?: string | null } | null;
}

/** A Graph time (asked for in UTC with Prefer: outlook.timezone="UTC") as an EventTime. */
export function timeOfGraph(t: GraphTime | undefined, allDay: boolean): EventTime | null {
  if (!t?.dateTime) return null;
  if (allDay) return { date: t.dateTime.slice(0, 10) };
  const zone = !t.timeZone || /^(UTC|Coordinated Universal Time|tzone:\/\/Microsoft\/Utc)$/i.test(t.timeZone) ? 'utc' : t.timeZone;
  const d = DateTime.fromISO(t.dateTime.replace(/\.\d+$/, ''), { zone });
  if (!d.isValid) return null;
  return { dateTime: d.toUTC().toISO({ suppressMilliseconds: true })!, timeZone: null };
}

/** The UID an event is read under: the transactionId Cadence wrote it with (`<id>@<host>`), else Graph's iCalUId. */
export function uidOf(e: GraphEvent): string {
  return e.transactionId && /^[^\s@]+@[^\s@]+$/.test(e.transactionId) ? e.transactionId : (e.iCalUId ?? `${e.id}@outlook`);
}

export function graphEtag(events: GraphEvent[]): string {
  const tags = events.map((e) => `${e.id}:${e.changeKey ?? e['@odata.etag'] ?? ''}`).sort();
  return createHash('sha256').update(tags.join('\n')).digest('base64url').slice(0, 27);
}

function partOf(uid: string, e: GraphEvent): ObjectEvent | null {
  const allDay = e.isAllDay === true;
  const start = timeOfGraph(e.start, allDay);
  if (!start) return null;
  const address = (p: { emailAddress?: { address?: string; name?: string } } | null | undefined) => (p?.emailAddress?.address ? { email: p.emailAddress.address.toLowerCase(), name: p.emailAddress.name ?? null } : null);
  return {
    uid,
    summary: e.subject ?? null,
    description: e.body?.contentType === 'text' ? (e.body.content ?? null) : (e.bodyPreview ?? null),
    location: e.location?.displayName ?? null,
    start,
    end: timeOfGraph(e.end, allDay) ?? start,
    cancelled: e.isCancelled === true,
    organiser: address(e.organizer),
    attendees: (e.attendees ?? []).flatMap((a) => (a.type === 'resource' ? [] : [address(a)].filter((x): x is NonNullable<typeof x> => x !== null))),
    conferenceUrl: e.onlineMeeting?.joinUrl ?? null,
  };
}

/** One event (a single instance) as an object. */
export function singleToIcs(e: GraphEvent): string | null {
  const part = partOf(uidOf(e), e);
  return part ? objectText([part]) : null;
}

/** A series' occurrences in the window as one object; `master` names it (its UID). */
export function seriesToIcs(master: GraphEvent, occurrences: GraphEvent[]): string | null {
  const uid = uidOf(master);
  const parts = occurrences
    .map((o) => ({ o, part: partOf(uid, o), original: o.originalStart ? timeOfGraph({ dateTime: o.originalStart.replace(/Z$/, ''), timeZone: 'UTC' }, false) : null }))
    .filter((x): x is { o: GraphEvent; part: ObjectEvent; original: EventTime | null } => x.part !== null)
    .map((x) => ({ ...x, original: x.original ?? x.part.start }))
    .sort((a, b) => String('dateTime' in a.original ? a.original.dateTime : a.original.date).localeCompare(String('dateTime' in b.original ? b.original.dateTime : b.original.date)));
  if (parts.length === 0) return null;
  const first = parts[0]!;
  const head: ObjectEvent = { ...first.part, start: first.original, end: first.part.end, recurrenceId: null, recurrence: parts.map((p) => timeProperty('RDATE', p.original)) };
  if ('date' in first.part.start && !('date' in first.original)) head.start = first.part.start;
  return objectText([head, ...parts.map((p) => ({ ...p.part, recurrenceId: p.original }))]);
}

const DAYS: Record<string, string> = { MO: 'monday', TU: 'tuesday', WE: 'wednesday', TH: 'thursday', FR: 'friday', SA: 'saturday', SU: 'sunday' };

/**
 * An RRULE as Graph's patternedRecurrence (https://learn.microsoft.com/graph/api/resources/patternedrecurrence):
 * DAILY, WEEKLY (BYDAY), MONTHLY by day of month or by nth weekday; COUNT, UNTIL or no end. Null for
 * a rule Graph cannot say.
 */
export function rruleToGraph(lines: string[], startDate: string, timeZone: string): Record<string, unknown> | null {
  const rule = lines.find((l) => l.toUpperCase().startsWith('RRULE:'));
  if (!rule) return null;
  const p = Object.fromEntries(
    rule
      .slice(6)
      .split(';')
      .map((kv) => kv.split('=') as [string, string]),
  );
  const interval = Number(p.INTERVAL ?? 1);
  const byday = (p.BYDAY ?? '').split(',').filter(Boolean);
  let pattern: Record<string, unknown>;
  if (p.FREQ === 'DAILY') pattern = { type: 'daily', interval };
  else if (p.FREQ === 'WEEKLY')
    pattern = { type: 'weekly', interval, daysOfWeek: (byday.length ? byday : [DateTime.fromISO(startDate).toFormat('ccc').slice(0, 2).toUpperCase()]).map((d) => DAYS[d.slice(-2)]).filter(Boolean), firstDayOfWeek: 'monday' };
  else if (p.FREQ === 'MONTHLY' && byday.length === 1 && /^-?\d/.test(byday[0]!)) {
    const n = Number(byday[0]!.slice(0, -2));
    pattern = { type: 'relativeMonthly', interval, daysOfWeek: [DAYS[byday[0]!.slice(-2)]], index: ({ 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' } as Record<number, string>)[n] ?? 'first' };
  } else if (p.FREQ === 'MONTHLY') pattern = { type: 'absoluteMonthly', interval, dayOfMonth: Number(p.BYMONTHDAY ?? startDate.slice(8, 10)) };
  else return null;
  const range = p.COUNT
    ? { type: 'numbered', startDate, numberOfOccurrences: Number(p.COUNT), recurrenceTimeZone: timeZone }
    : p.UNTIL
      ? { type: 'endDate', startDate, endDate: `${p.UNTIL.slice(0, 4)}-${p.UNTIL.slice(4, 6)}-${p.UNTIL.slice(6, 8)}`, recurrenceTimeZone: timeZone }
      : { type: 'noEnd', startDate, recurrenceTimeZone: timeZone };
  return { pattern, range };
}

function graphTime(t: EventTime): GraphTime {
  if ('date' in t) return { dateTime: `${t.date}T00:00:00`, timeZone: 'UTC' };
  if (t.timeZone) return { dateTime: t.dateTime.replace(/(Z|[+-]\d\d:\d\d)$/, ''), timeZone: t.timeZone };
  return { dateTime: t.dateTime.replace(/Z$/, ''), timeZone: 'UTC' };
}

/**
 * The fields Graph takes for one part. No attendees: Graph mails every attendee of an event its
 * organiser saves, and Cadence has sent its own invites; the organiser's calendar holds the call.
 */
export function graphEventBody(part: EventPart): Record<string, unknown> {
  return {
    subject: part.summary,
    body: { contentType: 'text', content: part.description ?? '' },
    location: { displayName: part.location ?? '' },
    start: graphTime(part.start),
    end: graphTime(part.end),
    isAllDay: 'date' in part.start,
  };
}
