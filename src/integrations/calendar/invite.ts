import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventRepeatingFreq, ICalEventStatus } from 'ical-generator';

/** One calendar event as Cadence describes a call. */
export interface CalendarCall {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** Bumped on every change, so calendars apply the newest invite. */
  sequence: number;
  cancelled: boolean;
  description: string;
  url: string | null;
  organiser: { name: string; email: string } | null;
  attendees: { name: string; email: string; optional?: boolean }[];
  repeat?: { frequency: 'weekly' | 'biweekly' | 'monthly' | 'quarterly'; count?: number; until?: string };
}

export interface CalendarOptions {
  /** The host the UIDs are scoped to, e.g. cadence.example.com: UIDs never change for a call. */
  domain: string;
  vendorName: string;
}

function addEvent(calendar: ReturnType<typeof ical>, call: CalendarCall, options: CalendarOptions): void {
  const repeating = call.repeat
    ? {
        freq: call.repeat.frequency === 'monthly' || call.repeat.frequency === 'quarterly' ? ICalEventRepeatingFreq.MONTHLY : ICalEventRepeatingFreq.WEEKLY,
        interval: call.repeat.frequency === 'biweekly' ? 2 : call.repeat.frequency === 'quarterly' ? 3 : 1,
        ...(call.repeat.count ? { count: call.repeat.count } : {}),
        ...(call.repeat.until ? { until: new Date(`${call.repeat.until}T23:59:59Z`) } : {}),
      }
    : null;
  calendar.createEvent({
    id: `${call.id}@${options.domain}`,
    sequence: call.sequence,
    start: new Date(call.startsAt),
    end: new Date(call.endsAt),
    // Times are written in UTC: valid everywhere without shipping time-zone definitions.
    stamp: new Date(call.startsAt),
    summary: call.title,
    description: call.description,
    url: call.url,
    status: call.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: call.organiser ? { name: call.organiser.name, email: call.organiser.email } : null,
    attendees: call.attendees.map((a) => ({
      name: a.name,
      email: a.email,
      rsvp: true,
      role: a.optional ? ICalAttendeeRole.OPT : ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
    })),
    repeating,
  });
}

/** An RFC 5545 invite for one call: METHOD:REQUEST to invite or update, CANCEL to call it off. */
export function inviteFor(call: CalendarCall, options: CalendarOptions, method: 'REQUEST' | 'CANCEL'): string {
  const calendar = ical({ prodId: { company: options.vendorName, product: 'Cadence', language: 'EN' }, method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST });
  addEvent(calendar, { ...call, cancelled: method === 'CANCEL' || call.cancelled }, options);
  return calendar.toString();
}

/** A personal calendar feed (subscribed by URL in Google Calendar or Outlook) with many calls. */
export function calendarFeed(calls: CalendarCall[], options: CalendarOptions & { name: string }): string {
  const calendar = ical({ prodId: { company: options.vendorName, product: 'Cadence', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, name: options.name, ttl: 60 * 30 });
  for (const call of calls) addEvent(calendar, call, options);
  return calendar.toString();
}
