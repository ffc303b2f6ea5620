/**
 * Google Calendar API v3 events ↔ the iCalendar text the calendar port carries.
 * Event resource: https://developers.google.com/calendar/api/v3/reference/events
 * A recurring event is its series event (with `recurrence`, RRULE/EXDATE/RDATE lines) and its
 * exceptions (`recurringEventId`, `originalStartTime`), all with one `iCalUID`; a cancelled
 * exception is an occurrence taken out of the series.
 */
import { createHash } from 'node:crypto';
import type { EventPart, EventTime, ObjectEvent, SplitObject } from '../calendar/ics-parts.ts';
import { objectText } from '../calendar/ics-parts.ts';

export interface GoogleTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

export interface GoogleEvent {
  id: string;
  etag?: string;
  status?: 'confirmed' | 'tentative' | 'cancelled';
  iCalUID?: string;
  summary?: string;
  description?: string;
  location?: string;
  start?: GoogleTime;
  end?: GoogleTime;
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: GoogleTime;
  organizer?: { email?: string; displayName?: string };
  attendees?: { email?: string; displayName?: string; optional?: boolean; resource?: boolean }[];
  hangoutLink?: string;
  sequence?: number;
}

function timeOf(t: GoogleTime | undefined, fallbackZone: string | undefined): EventTime | null {
  if (!t) return null;
  if (t.date) return { date: t.date };
  if (!t.dateTime) return null;
  // "2026-12-08T15:00:00+01:00" with timeZone "Europe/Berlin": kept in the zone, so a weekly RRULE stays at 15:00 over DST.
  const zone = t.timeZone ?? fallbackZone ?? null;
  if (zone) {
    const local = localIn(t.dateTime, zone);
    if (local) return { dateTime: local, timeZone: zone };
  }
  return { dateTime: new Date(t.dateTime).toISOString(), timeZone: null };
}

function localIn(iso: string, zone: string): string | null {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
    return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
  } catch {
    return null;
  }
}

function people(e: GoogleEvent): ObjectEvent['attendees'] {
  return (e.attendees ?? []).filter((a) => a.email && !a.resource).map((a) => ({ email: a.email!.toLowerCase(), name: a.displayName ?? null }));
}

/** The object's etag: changes when the series event or any exception changes. */
export function groupEtag(events: GoogleEvent[]): string {
  const tags = events.map((e) => `${e.id}:${e.etag ?? ''}`).sort();
  return createHash('sha256').update(tags.join('\n')).digest('base64url').slice(0, 27);
}

/**
 * The VCALENDAR of one iCalUID: the series event (or the single event) and its exceptions. A
 * series Google lists only through exceptions (its series event was not returned) is missing
 * its start: null.
 */
export function googleEventsToIcs(events: GoogleEvent[]): string | null {
  const master = events.find((e) => !e.recurringEventId);
  if (!master) return null;
  const uid = master.iCalUID ?? `${master.id}@google.com`;
  const zone = master.start?.timeZone;
  const start = timeOf(master.start, zone);
  if (!start) return null;
  const end = timeOf(master.end, zone) ?? start;
  const out: ObjectEvent[] = [
    {
      uid,
      summary: master.summary ?? null,
      description: master.description ?? null,
      location: master.location ?? null,
      start,
      end,
      cancelled: master.status === 'cancelled',
      sequence: master.sequence,
      organiser: master.organizer?.email ? { email: master.organizer.email.toLowerCase(), name: master.organizer.displayName ?? null } : null,
      attendees: people(master),
      recurrence: master.recurrence ?? [],
      conferenceUrl: master.hangoutLink ?? null,
    },
  ];
  for (const x of events) {
    if (x === master || !x.originalStartTime) continue;
    const original = timeOf(x.originalStartTime, zone);
    if (!original) continue;
    // A cancelled exception carries only its id and original start: it takes that occurrence out.
    const xStart = timeOf(x.start, zone) ?? original;
    const xEnd = timeOf(x.end, zone) ?? xStart;
    out.push({
      uid,
      summary: x.summary ?? master.summary ?? null,
      description: x.description ?? null,
      location: x.location ?? null,
      start: xStart,
      end: xEnd,
      cancelled: x.status === 'cancelled',
      sequence: x.sequence ?? master.sequence,
      organiser: out[0]!.organiser,
      attendees: x.attendees ? people(x) : out[0]!.attendees,
      recurrenceId: original,
      conferenceUrl: x.hangoutLink ?? master.hangoutLink ?? null,
    });
  }
  return objectText(out);
}

function googleTime(t: EventTime): GoogleTime {
  if ('date' in t) return { date: t.date };
  if (t.timeZone) return { dateTime: t.dateTime.replace(/(Z|[+-]\d\d:\d\d)$/, ''), timeZone: t.timeZone };
  return { dateTime: t.dateTime.endsWith('Z') ? t.dateTime : `${t.dateTime}Z`, timeZone: 'UTC' };
}

/** The fields Google takes for one part (insert, patch). */
export function googleEventBody(part: EventPart, extra: { recurrence?: string[] } = {}): Record<string, unknown> {
  return {
    summary: part.summary,
    description: part.description ?? '',
    location: part.location ?? '',
    start: googleTime(part.start),
    end: googleTime(part.end),
    status: part.cancelled ? 'cancelled' : 'confirmed',
    attendees: part.attendees.map((a) => ({ email: a.email, ...(a.name ? { displayName: a.name } : {}), ...(a.optional ? { optional: true } : {}) })),
    ...(extra.recurrence ? { recurrence: extra.recurrence.map((r) => r.replace(/\r?\n/g, '')) } : {}),
  };
}

/**
 * The id Google gives one occurrence of a series: `<seriesId>_<original start>` in basic format,
 * UTC for timed events, the date for all-day ones (the instances' ids in events.instances).
 */
export function instanceId(seriesId: string, override: SplitObject['overrides'][number]): string {
  const o = override.originalStart;
  return 'date' in o ? `${seriesId}_${o.date.replace(/-/g, '')}` : `${seriesId}_${override.recurrenceId.replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
}
