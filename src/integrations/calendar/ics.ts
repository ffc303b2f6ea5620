/**
 * RFC 5545 invites and feeds with ical-generator. Times are written in the meeting's own zone
 * (DTSTART;TZID=…) with a VTIMEZONE for every zone used, so a weekly 10:00 Berlin series stays at
 * 10:00 after the clocks change in every client; UTC times would make the series drift an hour.
 *
 * Pure: DTSTAMP is passed in, nothing reads the clock. Error style: throws
 * `AppError('invalid', …, { field })` on an unknown zone, a bad instant or an end before a start.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { DateTime, IANAZone } from 'luxon';
import { AppError } from '../../errors.ts';

export interface IcsPerson {
  name: string;
  email: string;
}

/** One meeting, or the first meeting of a series with its RRULE. */
export interface IcsEvent {
  /** The meeting's (or series') id: the UID is `<id>@<domain>` and never changes for it. */
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** IANA zone the meeting is held in (usually the account's). */
  timezone: string;
  /** Bump on every change (time, title, attendees, cancellation) so clients take the newest. */
  sequence: number;
  organiser: IcsPerson | null;
  attendees: (IcsPerson & { optional?: boolean })[];
  /** Link to the agenda, written into the description and URL. */
  agendaUrl: string | null;
  description?: string;
  location?: string | null;
  /** RRULE value without the prefix (see `toRRule`), for a series. */
  rrule?: string | null;
  /** Calls of the series that were cancelled (their original starts): EXDATE on the series' event. */
  exdates?: string[];
  /**
   * For one call of a series: the start the series gave it (RECURRENCE-ID). With the series' id,
   * it replaces that one occurrence in the attendee's calendar and leaves the others alone.
   */
  recurrenceId?: string | null;
  /** With a series' event: its moved calls, written after it as events of the same UID. */
  overrides?: IcsEvent[];
  cancelled?: boolean;
}

export interface IcsOptions {
  /** The host UIDs are scoped to, e.g. cadence.example.com. */
  domain: string;
  vendorName: string;
  /** DTSTAMP: when this invite was produced (ISO instant). */
  stamp: string;
}

const DAY_MS = 86_400_000;

function check(event: IcsEvent, index: number | null): { start: DateTime; end: DateTime } {
  const at = (field: string) => (index === null ? field : `events[${index}].${field}`);
  if (!IANAZone.isValidZone(event.timezone)) throw new AppError('invalid', `${at('timezone')}: unknown time zone "${event.timezone}"`, { field: at('timezone') });
  const start = DateTime.fromISO(event.startsAt, { zone: event.timezone });
  const end = DateTime.fromISO(event.endsAt, { zone: event.timezone });
  if (!start.isValid) throw new AppError('invalid', `${at('startsAt')}: "${event.startsAt}" is not a valid instant`, { field: at('startsAt') });
  if (!end.isValid) throw new AppError('invalid', `${at('endsAt')}: "${event.endsAt}" is not a valid instant`, { field: at('endsAt') });
  if (end < start) throw new AppError('invalid', `${at('endsAt')}: must not be before the start`, { field: at('endsAt') });
  if (!event.id.trim()) throw new AppError('invalid', `${at('id')}: must not be empty`, { field: at('id') });
  if (event.recurrenceId && !DateTime.fromISO(event.recurrenceId).isValid) throw new AppError('invalid', `${at('recurrenceId')}: "${event.recurrenceId}" is not a valid instant`, { field: at('recurrenceId') });
  return { start, end };
}

/** The last instant a series could reach, from its RRULE; enough to cover it with VTIMEZONE data. */
function seriesEnd(start: DateTime, rrule: string | null | undefined): DateTime {
  if (!rrule) return start;
  const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=') as [string, string]));
  if (parts.UNTIL) {
    const until = DateTime.fromFormat(parts.UNTIL.replace('Z', ''), "yyyyMMdd'T'HHmmss", { zone: 'utc' });
    if (until.isValid) return until;
  }
  const count = Number(parts.COUNT ?? 1);
  const interval = Number(parts.INTERVAL ?? 1);
  return parts.FREQ === 'MONTHLY' ? start.plus({ months: count * interval }) : start.plus({ weeks: count * interval });
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A VTIMEZONE for `zone` covering the years `fromYear`…`toYear`: one observance at the start of
 * the range and one per offset change in it, each with its exact onset (no RRULEs to get wrong).
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  // From the last day of the year before, so a call early on 1 January is covered too.
  const startMs = Date.UTC(fromYear - 1, 11, 31);
  const endMs = Date.UTC(toYear + 1, 0, 1);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const observance = (ms: number, from: number, to: number) => {
    const dt = DateTime.fromMillis(ms, { zone });
    const kind = dt.isInDST ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the onset in the local time that was in force before it.
    const onset = DateTime.fromMillis(ms + from * 60_000, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss");
    lines.push(`BEGIN:${kind}`, `DTSTART:${onset}`, `TZOFFSETFROM:${offsetText(from)}`, `TZOFFSETTO:${offsetText(to)}`, `TZNAME:${dt.offsetNameShort ?? offsetText(to)}`, `END:${kind}`);
  };
  let previous = offsetAt(startMs);
  observance(startMs, previous, previous);
  for (let day = startMs + DAY_MS; day <= endMs; day += DAY_MS) {
    const offset = offsetAt(day);
    if (offset === previous) continue;
    // Narrow the change down to the minute within the last day.
    let lo = day - DAY_MS;
    let hi = day;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(mid) === previous) lo = mid;
      else hi = mid;
    }
    observance(hi, previous, offset);
    previous = offset;
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

function newCalendar(events: IcsEvent[], options: IcsOptions, method: ICalCalendarMethod, name?: string, single = false): { calendar: ICalCalendar; checked: { start: DateTime; end: DateTime }[] } {
  const checked = events.map((e, i) => check(e, single ? null : i));
  const years = new Map<string, [number, number]>();
  events.forEach((e, i) => {
    const { start } = checked[i]!;
    const last = seriesEnd(start, e.rrule);
    const [lo, hi] = years.get(e.timezone) ?? [start.year, start.year];
    years.set(e.timezone, [Math.min(lo, start.year), Math.max(hi, last.year, start.year)]);
  });
  const calendar = ical({
    prodId: { company: options.vendorName, product: 'Cadence', language: 'EN' },
    method,
    ...(name ? { name } : {}),
    timezone: {
      name: null,
      generator: (zone: string) => {
        const range = years.get(zone);
        return range ? vtimezone(zone, range[0], range[1]) : null;
      },
    },
  });
  return { calendar, checked };
}

function addEvent(calendar: ICalCalendar, event: IcsEvent, times: { start: DateTime; end: DateTime }, options: IcsOptions, cancelled: boolean): void {
  const description = [event.description?.trim(), event.agendaUrl ? `Agenda: ${event.agendaUrl}` : null].filter(Boolean).join('\n\n');
  calendar.createEvent({
    id: `${event.id}@${options.domain}`,
    sequence: event.sequence,
    start: times.start,
    end: times.end,
    timezone: event.timezone,
    stamp: DateTime.fromISO(options.stamp, { zone: 'utc' }),
    summary: event.title,
    description: description || null,
    location: event.location ?? null,
    url: event.agendaUrl,
    recurrenceId: event.recurrenceId ? DateTime.fromISO(event.recurrenceId, { zone: event.timezone }) : null,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: event.organiser ? { name: paramText(event.organiser.name), email: event.organiser.email } : null,
    attendees: event.attendees.map((a) => ({
      name: paramText(a.name),
      email: a.email,
      rsvp: !cancelled,
      role: a.optional ? ICalAttendeeRole.OPT : ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
    })),
    repeating: event.rrule ? [`RRULE:${event.rrule}`, ...exdateLine(event)].join('\n') : null,
  });
}

/**
 * A person's name as the quoted CN parameter. ical-generator escapes a DQUOTE there with a backslash,
 * which RFC 5545 does not know: calendars end the quote at it and read the rest of the name as the
 * address (a contact named `x":MAILTO:evil@example.com` became that attendee). RFC 6868 encodes a
 * DQUOTE as ^' and a line break as ^n.
 */
function paramText(name: string): string {
  return name
    .replace(/\^/g, '^^')
    .replace(/\r\n|\r|\n/g, '^n')
    .replace(/"/g, "^'");
}

/** EXDATE in the series' zone, as its DTSTART is written (RFC 5545 3.8.5.1: same value type). */
function exdateLine(event: IcsEvent): string[] {
  if (!event.exdates?.length) return [];
  const dates = event.exdates.map((d) => DateTime.fromISO(d, { zone: event.timezone }).toFormat("yyyyMMdd'T'HHmmss"));
  return [`EXDATE;TZID=${event.timezone}:${dates.join(',')}`];
}

/**
 * The invite for one meeting or series: METHOD:REQUEST to invite or update (raise `sequence`),
 * METHOD:CANCEL to call it off (STATUS:CANCELLED; raise `sequence` too). Several events share one
 * UID (RFC 5546 3.2): a series with its moved calls, or the calls of a series that are cancelled.
 */
export function buildInvite(event: IcsEvent | IcsEvent[], options: IcsOptions, method: 'REQUEST' | 'CANCEL'): string {
  const events = (Array.isArray(event) ? event : [event]).flatMap(({ overrides, ...e }) => [e, ...(overrides ?? [])]);
  if (events.length === 0) throw new AppError('invalid', 'an invite needs at least one event');
  const { calendar, checked } = newCalendar(events, options, method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST, undefined, events.length === 1);
  events.forEach((e, i) => addEvent(calendar, e, checked[i]!, options, method === 'CANCEL' || Boolean(e.cancelled)));
  return calendar.toString();
}

/** A personal calendar feed (subscribed by URL) with many meetings: METHOD:PUBLISH. */
export function buildFeed(withOverrides: IcsEvent[], options: IcsOptions & { name: string }): string {
  const events = withOverrides.flatMap(({ overrides, ...e }) => [e, ...(overrides ?? [])]);
  const { calendar, checked } = newCalendar(events, options, ICalCalendarMethod.PUBLISH, options.name);
  events.forEach((e, i) => addEvent(calendar, e, checked[i]!, options, Boolean(e.cancelled)));
  return calendar.toString();
}
