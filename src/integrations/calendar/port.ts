/**
 * The calendar port: what the calendar sync service sees of a calendar provider. CalDAV
 * (src/integrations/caldav/) implements it today; Google Calendar (syncToken) and Microsoft Graph
 * (calendarView/delta) fit the same shape: a calendar's changes since an opaque cursor, and
 * events written by UID. Events travel as iCalendar text (Google and Graph adapters convert their
 * JSON), so reading them is one module: `ics-read.ts`.
 */

/** One calendar the user can see, as discovered. */
export interface CalendarRef {
  /** Absolute URL (CalDAV collection) or the provider's calendar id. */
  url: string;
  name: string;
  /** Whether events may be written to it (a read-only shared calendar may not). */
  writable: boolean;
}

/**
 * Where a calendar's last sync stopped, opaque to the service: a CalDAV sync-token or ctag with the
 * etags seen, a Google syncToken, a Graph deltaLink.
 */
export interface CalendarCursor {
  syncToken?: string | null;
  ctag?: string | null;
  /** href → etag of every object, for servers without sync-collection (ctag/etag fallback). */
  etags?: Record<string, string>;
}

/** One calendar object (an event and its overrides, one UID) as the provider holds it. */
export interface CalendarObject {
  /** Absolute URL or provider id of the object; stable while it exists. */
  href: string;
  etag: string | null;
  /** The iCalendar text (VCALENDAR with one or more VEVENTs of one UID). */
  ics: string;
}

export interface CalendarChanges {
  changed: CalendarObject[];
  /** hrefs that are gone. */
  deleted: string[];
  /** Store it once the changes are applied; resuming from the old one repeats, never misses. */
  cursor: CalendarCursor;
  /** True when the provider could not continue from the cursor and listed everything again. */
  full: boolean;
}

export interface CalendarSource {
  readonly provider: string;
  /** The calendars of the signed-in user (CalDAV: principal → calendar-home-set → calendars). */
  listCalendars(signal?: AbortSignal): Promise<CalendarRef[]>;
  /** What changed in one calendar since `cursor` (null: everything). A calendar that is gone throws IntegrationError `not_found`. */
  changesSince(calendarUrl: string, cursor: CalendarCursor | null, signal?: AbortSignal): Promise<CalendarChanges>;
}

export interface CalendarWriter {
  /**
   * Creates or replaces the object of one UID. `href` names an object written before (then `etag`,
   * when known, guards against overwriting a change made there since: a mismatch throws
   * IntegrationError `config` with status 412).
   */
  putObject(input: { calendarUrl: string; uid: string; ics: string; href?: string | null; etag?: string | null }, signal?: AbortSignal): Promise<{ href: string; etag: string | null }>;
  /** Deletes it; one already gone is not an error. */
  deleteObject(href: string, signal?: AbortSignal): Promise<void>;
}

export type CalendarProvider = CalendarSource & CalendarWriter;
