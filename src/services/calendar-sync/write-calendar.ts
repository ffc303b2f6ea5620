import type { Deps } from '../../deps.ts';
import { isIntegrationError } from '../../integrations/errors.ts';
import type { CalendarWriter } from '../../integrations/calendar/port.ts';
import { objectHref } from '../../integrations/caldav/client.ts';
import {
  deleteCalendarObject,
  findCalendarObjectByUid,
  findWritableConnectionOf,
  listOccurrenceLinksOfMeetings,
  updateCalendarConnection,
  upsertCalendarObject,
  upsertOccurrenceLink,
  type CalendarConnection,
  type CalendarObjectRow,
} from '../../store/calendar-sync.repo.ts';
import { listSeriesMeetings } from '../../store/meeting-series.repo.ts';
import { findMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { callOf, inviteText, occurrenceStart } from '../meetings/calendar.ts';
import { describeFailure, providerFor } from './provider.ts';

export type CalendarWriteOutcome = 'written' | 'deleted' | 'unchanged' | 'skipped' | 'failed';

/** The host Cadence's UIDs end with: the same `<id>@<host>` the invite mails carry (ics.ts). */
export function uidDomain(deps: Deps): string {
  return new URL(deps.config.baseUrl).hostname;
}

/**
 * A calendar object as a CalDAV server stores it: the invite's text without METHOD (RFC 4791
 * 4.1), and every ATTENDEE with SCHEDULE-AGENT=CLIENT (RFC 6638 7.1) so a server that schedules
 * does not mail the attendees a second invite: Cadence's own mails already did.
 */
export function asStoredObject(invite: string): string {
  return invite
    .split(/\r\n/)
    .filter((line) => !/^METHOD:/i.test(line))
    .map((line) => (/^ATTENDEE[;:]/i.test(line) && !/SCHEDULE-AGENT=/i.test(line) ? line.replace(/^ATTENDEE/i, 'ATTENDEE;SCHEDULE-AGENT=CLIENT') : line))
    .join('\r\n');
}

/**
 * Writes a meeting scheduled, moved or cancelled in Cadence to its organiser's connected calendar,
 * under the UID its invite mails use (one event for a series, with its overrides and EXDATEs); a
 * meeting whose calls are all cancelled is deleted there. A meeting that came from the calendar is
 * never written back. Never throws: a failure is kept on the object (written on the next sync)
 * and on the connection's status; a 401 marks the connection needs_reauth.
 */
export async function writeMeetingToCalendar(deps: Deps, meeting: Pick<MeetingRecord, 'id' | 'organiserId'>, options: { provider?: CalendarWriter; timeoutMs?: number } = {}): Promise<CalendarWriteOutcome> {
  if (!meeting.organiserId) return 'skipped';
  try {
    const connection = await findWritableConnectionOf(deps.store.db, meeting.organiserId);
    if (!connection?.writeCalendarUrl) return 'skipped';
    const full = await findMeeting(deps.store.db, meeting.id);
    if (!full) return 'skipped';
    return await writeFor(deps, connection, full, options.provider ?? providerFor(deps, connection, { timeoutMs: options.timeoutMs ?? 10_000 }));
  } catch (err) {
    deps.logger.warn({ err, meetingId: meeting.id }, 'calendar write failed');
    return 'failed';
  }
}

/** The same for a meeting the sync found waiting (pending_write), with the sync's provider. */
export async function writeFor(deps: Deps, connection: CalendarConnection, meeting: MeetingRecord, provider: CalendarWriter): Promise<CalendarWriteOutcome> {
  const db = deps.store.db;
  const at = () => deps.now().toISOString();
  const key = meeting.seriesId ?? meeting.id;
  const uid = `${key}@${uidDomain(deps)}`;
  const calls = meeting.seriesId ? await listSeriesMeetings(db, meeting.seriesId) : [meeting];
  // Imported from a calendar: that calendar is its source, Cadence does not write it.
  const links = await listOccurrenceLinksOfMeetings(
    db,
    calls.map((c) => c.id),
  );
  if (links.some((l) => l.uid !== uid)) return 'skipped';
  const known = await findCalendarObjectByUid(db, connection.id, uid);
  const calendarUrl = known?.calendarUrl ?? connection.writeCalendarUrl!;
  // CalDAV names the object itself; Google and Graph name it when it is made (a placeholder until then).
  const href = known?.href ?? (connection.provider === 'caldav' ? objectHref(calendarUrl, uid) : `pending:${calendarUrl}:${uid}`);
  const base: CalendarObjectRow = { connectionId: connection.id, href, calendarUrl, uid, etag: known?.etag ?? null, origin: 'cadence', pendingWrite: true, outcome: 'cadence' };
  await upsertCalendarObject(db, base, at());
  try {
    if (calls.every((c) => c.state === 'cancelled')) {
      if (known && !href.startsWith('pending:')) await provider.deleteObject(href);
      await deleteCalendarObject(db, connection.id, href);
      return known ? 'deleted' : 'unchanged';
    }
    const first = calls.find((c) => c.recurrence) ?? calls[0]!;
    const ics = asStoredObject(inviteText(deps, await callOf(deps, first, `${deps.config.baseUrl}/meetings/${first.id}`), 'REQUEST'));
    let written: { href: string; etag: string | null };
    try {
      written = await provider.putObject({ calendarUrl, uid, ics, href: known && !href.startsWith('pending:') ? href : null, etag: known?.etag ?? null });
    } catch (err) {
      // Changed there since, or a leftover of an earlier try: Cadence organises this call, its version is written.
      if (!isIntegrationError(err) || err.status !== 412) throw err;
      written = await provider.putObject({ calendarUrl, uid, ics, href, etag: null });
    }
    await deps.store.db.transaction().execute(async (tx) => {
      if (written.href !== href) await deleteCalendarObject(tx, connection.id, href);
      await upsertCalendarObject(tx, { ...base, href: written.href, etag: written.etag, pendingWrite: false }, at());
      for (const c of calls) {
        await upsertOccurrenceLink(tx, { connectionId: connection.id, uid, recurrenceKey: c.seriesId ? new Date(occurrenceStart(c)).toISOString().replace('.000Z', 'Z') : '', meetingId: c.id, conferenceUrl: null, allDay: false }, at());
      }
    });
    return 'written';
  } catch (err) {
    const auth = isIntegrationError(err) && err.kind === 'auth' && err.status === 401;
    await updateCalendarConnection(db, connection.id, { status: auth ? 'needs_reauth' : connection.status, lastError: describeFailure(err, 'writing a meeting') }, at());
    deps.logger.warn({ err: isIntegrationError(err) ? err.message : err, meetingId: meeting.id }, 'calendar write failed; the next sync tries again');
    return 'failed';
  }
}
