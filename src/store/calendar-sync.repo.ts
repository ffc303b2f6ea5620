import { sql } from 'kysely';
import type { Db, Dialect, Executor } from './database.ts';
import type { CalendarConnectionsTable, CalendarObjectsTable, CalendarOccurrencesTable, CalendarUnmatchedEventsTable } from './schema.ts';

/** Calendar connections, the objects seen or written there, occurrence → meeting links, unmatched events. */

export type CalendarConnectionStatus = 'new' | 'ok' | 'failing' | 'needs_reauth';

export interface SyncedCalendar {
  url: string;
  name: string;
  writable: boolean;
  syncToken?: string | null;
  ctag?: string | null;
  etags?: Record<string, string>;
}

export interface SyncCounts {
  seen: number;
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  unmatched: number;
  written: number;
  skipped: number;
  /** Skipped objects by reason: malformed, unknown_timezone, no_attendees, too_many_attendees, internal_only… */
  reasons: Record<string, number>;
}

export interface CalendarConnection {
  id: string;
  userId: string;
  provider: string;
  url: string;
  username: string;
  /** "enc:v1:…": decrypted only to build a client. */
  secret: string;
  calendars: SyncedCalendar[];
  writeCalendarUrl: string | null;
  status: CalendarConnectionStatus;
  intervalMinutes: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  nextSyncAt: string | null;
  lastError: string | null;
  lastCounts: SyncCounts | null;
  createdAt: string;
  updatedAt: string;
}

function toConnection(r: CalendarConnectionsTable): CalendarConnection {
  return {
    id: r.id,
    userId: r.user_id,
    provider: r.provider,
    url: r.url,
    username: r.username,
    secret: r.secret,
    calendars: JSON.parse(r.calendars) as SyncedCalendar[],
    writeCalendarUrl: r.write_calendar_url,
    status: r.status as CalendarConnectionStatus,
    intervalMinutes: r.interval_minutes,
    lastSuccessAt: r.last_success_at,
    lastAttemptAt: r.last_attempt_at,
    nextSyncAt: r.next_sync_at,
    lastError: r.last_error,
    lastCounts: r.last_counts ? (JSON.parse(r.last_counts) as SyncCounts) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertCalendarConnection(db: Executor, c: CalendarConnection): Promise<void> {
  await db
    .insertInto('calendar_connections')
    .values({
      id: c.id,
      user_id: c.userId,
      provider: c.provider,
      url: c.url,
      username: c.username,
      secret: c.secret,
      calendars: JSON.stringify(c.calendars),
      write_calendar_url: c.writeCalendarUrl,
      status: c.status,
      interval_minutes: c.intervalMinutes,
      last_success_at: c.lastSuccessAt,
      last_attempt_at: c.lastAttemptAt,
      next_sync_at: c.nextSyncAt,
      lease_until: null,
      last_error: c.lastError,
      last_counts: c.lastCounts ? JSON.stringify(c.lastCounts) : null,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    })
    .execute();
}

export async function findCalendarConnection(db: Executor, id: string): Promise<CalendarConnection | undefined> {
  const row = await db.selectFrom('calendar_connections').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

export async function findCalendarConnectionByUrl(db: Executor, userId: string, url: string): Promise<CalendarConnection | undefined> {
  const row = await db.selectFrom('calendar_connections').selectAll().where('user_id', '=', userId).where('url', '=', url).executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

/** Every connection, or one user's; oldest first. */
export async function listCalendarConnections(db: Executor, filter: { userId?: string; userIds?: string[] } = {}): Promise<CalendarConnection[]> {
  let q = db.selectFrom('calendar_connections').selectAll();
  if (filter.userId) q = q.where('user_id', '=', filter.userId);
  if (filter.userIds) q = q.where('user_id', 'in', filter.userIds.length ? filter.userIds : ['']);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toConnection);
}

/** The connection meetings organised by this user are written to: the oldest one that can write. */
export async function findWritableConnectionOf(db: Executor, userId: string): Promise<CalendarConnection | undefined> {
  const row = await db.selectFrom('calendar_connections').selectAll().where('user_id', '=', userId).where('write_calendar_url', 'is not', null).where('status', '!=', 'needs_reauth').orderBy('created_at').orderBy('id').executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

export async function deleteCalendarConnection(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('calendar_connections').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type ConnectionPatch = Partial<Pick<CalendarConnection, 'secret' | 'username' | 'calendars' | 'writeCalendarUrl' | 'status' | 'lastSuccessAt' | 'lastAttemptAt' | 'nextSyncAt' | 'lastError' | 'lastCounts'>> & {
  leaseUntil?: string | null;
};

export async function updateCalendarConnection(db: Executor, id: string, patch: ConnectionPatch, at: string): Promise<void> {
  const set: Partial<CalendarConnectionsTable> = { updated_at: at };
  if (patch.secret !== undefined) set.secret = patch.secret;
  if (patch.username !== undefined) set.username = patch.username;
  if (patch.calendars !== undefined) set.calendars = JSON.stringify(patch.calendars);
  if (patch.writeCalendarUrl !== undefined) set.write_calendar_url = patch.writeCalendarUrl;
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.lastSuccessAt !== undefined) set.last_success_at = patch.lastSuccessAt;
  if (patch.lastAttemptAt !== undefined) set.last_attempt_at = patch.lastAttemptAt;
  if (patch.nextSyncAt !== undefined) set.next_sync_at = patch.nextSyncAt;
  if (patch.lastError !== undefined) set.last_error = patch.lastError;
  if (patch.lastCounts !== undefined) set.last_counts = patch.lastCounts ? JSON.stringify(patch.lastCounts) : null;
  if (patch.leaseUntil !== undefined) set.lease_until = patch.leaseUntil;
  await db.updateTable('calendar_connections').set(set).where('id', '=', id).execute();
}

/**
 * Runs a sync's bookkeeping write (taking or giving back the lease, the status after a run) so
 * that on PostgreSQL it does not wait for its WAL record to reach the disk (synchronous_commit
 * off for this one transaction; every other write keeps its durability). Lost in a crash, such a
 * write costs one repeated, idempotent sync: the lease runs out and the unchanged etags and sync
 * token make the repeat cheap. A quiet incremental sync is two of these and two reads, and each
 * waited for a flush before (≈30 ms each with the disk shared by eight test runs).
 */
export async function relaxedCommit<T>(db: Db, dialect: Dialect, write: (tx: Executor) => Promise<T>): Promise<T> {
  if (dialect !== 'postgres') return write(db);
  return db.transaction().execute(async (tx) => {
    await sql`set local synchronous_commit = off`.execute(tx);
    return write(tx);
  });
}

/**
 * Takes the connection for one sync until `until`, unless another node holds it: a compare-and-set
 * on the lease, so however many nodes run the job, one syncs a connection at a time.
 */
export async function claimCalendarConnection(db: Executor, id: string, now: string, until: string): Promise<CalendarConnection | undefined> {
  // A needs_reauth connection is not taken: the server said the grant is gone, asking again would not change that.
  const row = await db
    .updateTable('calendar_connections')
    .set({ lease_until: until })
    .where('id', '=', id)
    .where('status', '!=', 'needs_reauth')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

/** Connections whose next sync is due (needs_reauth ones wait for the user). */
export async function listDueCalendarConnections(db: Executor, now: string): Promise<CalendarConnection[]> {
  const rows = await db
    .selectFrom('calendar_connections')
    .selectAll()
    .where('status', '!=', 'needs_reauth')
    .where((eb) => eb.or([eb('next_sync_at', 'is', null), eb('next_sync_at', '<=', now)]))
    .orderBy('next_sync_at')
    .execute();
  return rows.map(toConnection);
}

export interface CalendarObjectRow {
  connectionId: string;
  href: string;
  calendarUrl: string;
  uid: string;
  etag: string | null;
  origin: 'cadence' | 'remote';
  pendingWrite: boolean;
  outcome: string | null;
}

function toObject(r: CalendarObjectsTable): CalendarObjectRow {
  return { connectionId: r.connection_id, href: r.href, calendarUrl: r.calendar_url, uid: r.uid, etag: r.etag, origin: r.origin as 'cadence' | 'remote', pendingWrite: r.pending_write === 1, outcome: r.outcome };
}

export async function findCalendarObject(db: Executor, connectionId: string, href: string): Promise<CalendarObjectRow | undefined> {
  const row = await db.selectFrom('calendar_objects').selectAll().where('connection_id', '=', connectionId).where('href', '=', href).executeTakeFirst();
  return row ? toObject(row) : undefined;
}

export async function findCalendarObjectByUid(db: Executor, connectionId: string, uid: string): Promise<CalendarObjectRow | undefined> {
  const row = await db.selectFrom('calendar_objects').selectAll().where('connection_id', '=', connectionId).where('uid', '=', uid).orderBy('href').executeTakeFirst();
  return row ? toObject(row) : undefined;
}

export async function listPendingCalendarWrites(db: Executor, connectionId: string): Promise<CalendarObjectRow[]> {
  return (await db.selectFrom('calendar_objects').selectAll().where('connection_id', '=', connectionId).where('pending_write', '=', 1).execute()).map(toObject);
}

export async function listCalendarObjectsIn(db: Executor, connectionId: string, calendarUrl: string): Promise<CalendarObjectRow[]> {
  return (await db.selectFrom('calendar_objects').selectAll().where('connection_id', '=', connectionId).where('calendar_url', '=', calendarUrl).execute()).map(toObject);
}

/** The objects Cadence knows at these hrefs, by href (one query for a batch). */
export async function listCalendarObjectsByHref(db: Executor, connectionId: string, hrefs: string[]): Promise<Map<string, CalendarObjectRow>> {
  const byHref = new Map<string, CalendarObjectRow>();
  for (let i = 0; i < hrefs.length; i += 500) {
    const rows = await db
      .selectFrom('calendar_objects')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('href', 'in', hrefs.slice(i, i + 500))
      .execute();
    for (const r of rows) byHref.set(r.href, toObject(r));
  }
  return byHref;
}

/** Many objects at once (a batch of a sync), each as upsertCalendarObject writes it. */
export async function upsertCalendarObjects(db: Executor, objects: CalendarObjectRow[], at: string): Promise<void> {
  for (let i = 0; i < objects.length; i += 100) {
    await db
      .insertInto('calendar_objects')
      .values(
        objects.slice(i, i + 100).map((o) => ({
          connection_id: o.connectionId,
          href: o.href,
          calendar_url: o.calendarUrl,
          uid: o.uid,
          etag: o.etag,
          origin: o.origin,
          pending_write: o.pendingWrite ? 1 : 0,
          outcome: o.outcome,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['connection_id', 'href']).doUpdateSet((eb) => ({
          calendar_url: eb.ref('excluded.calendar_url'),
          uid: eb.ref('excluded.uid'),
          etag: eb.ref('excluded.etag'),
          origin: eb.ref('excluded.origin'),
          pending_write: eb.ref('excluded.pending_write'),
          outcome: eb.ref('excluded.outcome'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function upsertCalendarObject(db: Executor, o: CalendarObjectRow, at: string): Promise<void> {
  await upsertCalendarObjects(db, [o], at);
}

/** Makes the next sync read this UID's objects again, whatever their etag. */
export async function forgetCalendarObjectEtags(db: Executor, connectionId: string, uid: string, at: string): Promise<void> {
  await db.updateTable('calendar_objects').set({ etag: null, updated_at: at }).where('connection_id', '=', connectionId).where('uid', '=', uid).execute();
}

export async function deleteCalendarObject(db: Executor, connectionId: string, href: string): Promise<void> {
  await db.deleteFrom('calendar_objects').where('connection_id', '=', connectionId).where('href', '=', href).execute();
}

export interface CalendarOccurrenceLink {
  connectionId: string;
  uid: string;
  /** The occurrence's original start, '' for a one-off event. */
  recurrenceKey: string;
  meetingId: string;
  conferenceUrl: string | null;
  allDay: boolean;
  /** The call's agenda is not built yet (it is far ahead, or in the past and never opened). */
  agendaPending?: boolean;
}

function toLink(r: CalendarOccurrencesTable): CalendarOccurrenceLink {
  return { connectionId: r.connection_id, uid: r.uid, recurrenceKey: r.recurrence_key, meetingId: r.meeting_id, conferenceUrl: r.conference_url, allDay: r.all_day === 1, agendaPending: r.agenda_pending === 1 };
}

/** The links of these UIDs in one connection, by UID (one query for a batch of objects). */
export async function listOccurrenceLinksOfUids(db: Executor, connectionId: string, uids: string[]): Promise<Map<string, CalendarOccurrenceLink[]>> {
  const byUid = new Map<string, CalendarOccurrenceLink[]>();
  for (let i = 0; i < uids.length; i += 500) {
    const rows = await db
      .selectFrom('calendar_occurrences')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('uid', 'in', uids.slice(i, i + 500))
      .execute();
    for (const r of rows) byUid.set(r.uid, [...(byUid.get(r.uid) ?? []), toLink(r)]);
  }
  return byUid;
}

/**
 * Calls of this connection whose agenda waits and that start in [from, to): the ones to build
 * now. On PostgreSQL the waiting links are read first (a partial index holds them) and their
 * calls' dates looked up by one array parameter: as a join (or IN a subquery), a planner with
 * stale statistics after a first sync walked the window's meetings once per waiting link (85 ms
 * for 832 links; a quiet sync's target is 50 ms). SQLite's planner takes the join well.
 */
export async function listAgendaPendingMeetings(db: Executor, dialect: Dialect, connectionId: string, from: string, to: string): Promise<string[]> {
  if (dialect === 'postgres') {
    const waiting = await db.selectFrom('calendar_occurrences').select('meeting_id').where('connection_id', '=', connectionId).where('agenda_pending', '=', 1).execute();
    if (waiting.length === 0) return [];
    const rows = await db
      .selectFrom('meetings')
      .select('id')
      .where(sql<boolean>`id = any(${waiting.map((w) => w.meeting_id)}::text[])`)
      .where('state', '=', 'planned')
      .where('starts_at', '>=', from)
      .where('starts_at', '<', to)
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }
  const rows = await db
    .selectFrom('calendar_occurrences')
    .innerJoin('meetings', 'meetings.id', 'calendar_occurrences.meeting_id')
    .select('meetings.id')
    .where('calendar_occurrences.connection_id', '=', connectionId)
    .where('calendar_occurrences.agenda_pending', '=', 1)
    .where('meetings.state', '=', 'planned')
    .where('meetings.starts_at', '>=', from)
    .where('meetings.starts_at', '<', to)
    .orderBy('meetings.starts_at')
    .orderBy('meetings.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Whether this call's agenda still waits to be built. */
export async function isAgendaPending(db: Executor, meetingId: string): Promise<boolean> {
  const row = await db.selectFrom('calendar_occurrences').select('meeting_id').where('meeting_id', '=', meetingId).where('agenda_pending', '=', 1).executeTakeFirst();
  return row !== undefined;
}

/** Takes the call's pending agenda for building: true for the one caller that cleared the mark (the row lock serialises two). */
export async function clearAgendaPending(db: Executor, meetingId: string, at: string): Promise<boolean> {
  const r = await db.updateTable('calendar_occurrences').set({ agenda_pending: 0, updated_at: at }).where('meeting_id', '=', meetingId).where('agenda_pending', '=', 1).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listOccurrenceLinks(db: Executor, connectionId: string, uid: string): Promise<CalendarOccurrenceLink[]> {
  return (await db.selectFrom('calendar_occurrences').selectAll().where('connection_id', '=', connectionId).where('uid', '=', uid).execute()).map(toLink);
}

/** The links of these meetings (in any connection): which calendar event each one is. */
export async function listOccurrenceLinksOfMeetings(db: Executor, meetingIds: string[]): Promise<CalendarOccurrenceLink[]> {
  if (meetingIds.length === 0) return [];
  return (await db.selectFrom('calendar_occurrences').selectAll().where('meeting_id', 'in', meetingIds).execute()).map(toLink);
}

export async function upsertOccurrenceLink(db: Executor, l: CalendarOccurrenceLink, at: string): Promise<void> {
  await db
    .insertInto('calendar_occurrences')
    .values({ connection_id: l.connectionId, uid: l.uid, recurrence_key: l.recurrenceKey, meeting_id: l.meetingId, conference_url: l.conferenceUrl, all_day: l.allDay ? 1 : 0, agenda_pending: l.agendaPending ? 1 : 0, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'uid', 'recurrence_key']).doUpdateSet({
        meeting_id: l.meetingId,
        conference_url: l.conferenceUrl,
        all_day: l.allDay ? 1 : 0,
        ...(l.agendaPending === undefined ? {} : { agenda_pending: l.agendaPending ? 1 : 0 }),
        updated_at: at,
      }),
    )
    .execute();
}

/** New links (a batch of a sync); a link already there is updated as upsertOccurrenceLink does. */
export async function upsertOccurrenceLinks(db: Executor, links: CalendarOccurrenceLink[], at: string): Promise<void> {
  for (let i = 0; i < links.length; i += 200) {
    await db
      .insertInto('calendar_occurrences')
      .values(
        links.slice(i, i + 200).map((l) => ({
          connection_id: l.connectionId,
          uid: l.uid,
          recurrence_key: l.recurrenceKey,
          meeting_id: l.meetingId,
          conference_url: l.conferenceUrl,
          all_day: l.allDay ? 1 : 0,
          agenda_pending: l.agendaPending ? 1 : 0,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['connection_id', 'uid', 'recurrence_key']).doUpdateSet((eb) => ({
          meeting_id: eb.ref('excluded.meeting_id'),
          conference_url: eb.ref('excluded.conference_url'),
          all_day: eb.ref('excluded.all_day'),
          agenda_pending: eb.ref('excluded.agenda_pending'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** insertPlainAttendees for many meetings in a few statements. */
export async function insertPlainAttendeesOf(db: Executor, byMeeting: { meetingId: string; people: { id: string; name: string; email: string; side: 'customer' | 'vendor' }[] }[]): Promise<void> {
  const rows = byMeeting.flatMap(({ meetingId, people }) => people.map((p) => ({ id: p.id, meeting_id: meetingId, kind: p.side === 'customer' ? 'customer' : 'internal', user_id: null, contact_id: null, name: p.name, email: p.email })));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('meeting_attendees')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Attendees a calendar event names who are neither users nor contacts: their name and address only. */
export async function insertPlainAttendees(db: Executor, meetingId: string, people: { id: string; name: string; email: string; side: 'customer' | 'vendor' }[]): Promise<void> {
  if (people.length === 0) return;
  await db
    .insertInto('meeting_attendees')
    .values(people.map((p) => ({ id: p.id, meeting_id: meetingId, kind: p.side === 'customer' ? 'customer' : 'internal', user_id: null, contact_id: null, name: p.name, email: p.email })))
    .execute();
}

export interface UnmatchedEvent {
  id: string;
  userId: string;
  connectionId: string;
  uid: string;
  title: string;
  startsAt: string;
  attendees: string[];
  candidates: string[];
  status: 'pending' | 'assigned' | 'ignored';
  accountId: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function toUnmatched(r: CalendarUnmatchedEventsTable): UnmatchedEvent {
  return {
    id: r.id,
    userId: r.user_id,
    connectionId: r.connection_id,
    uid: r.uid,
    title: r.title,
    startsAt: r.starts_at,
    attendees: JSON.parse(r.attendees) as string[],
    candidates: JSON.parse(r.candidates) as string[],
    status: r.status as UnmatchedEvent['status'],
    accountId: r.account_id,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The assign/ignore decisions the user took on these UIDs, by UID (pending ones are left out). */
export async function listUnmatchedDecisions(db: Executor, userId: string, uids: string[]): Promise<Map<string, UnmatchedEvent>> {
  const byUid = new Map<string, UnmatchedEvent>();
  for (let i = 0; i < uids.length; i += 500) {
    const rows = await db
      .selectFrom('calendar_unmatched_events')
      .selectAll()
      .where('user_id', '=', userId)
      .where('uid', 'in', uids.slice(i, i + 500))
      .where('status', '!=', 'pending')
      .execute();
    for (const r of rows) byUid.set(r.uid, toUnmatched(r));
  }
  return byUid;
}

export async function findUnmatchedEventByUid(db: Executor, userId: string, uid: string): Promise<UnmatchedEvent | undefined> {
  const row = await db.selectFrom('calendar_unmatched_events').selectAll().where('user_id', '=', userId).where('uid', '=', uid).executeTakeFirst();
  return row ? toUnmatched(row) : undefined;
}

export async function findUnmatchedEvent(db: Executor, id: string): Promise<UnmatchedEvent | undefined> {
  const row = await db.selectFrom('calendar_unmatched_events').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUnmatched(row) : undefined;
}

/** Records (or refreshes) an event no account matched; a decision already taken is kept. */
export async function upsertUnmatchedEvent(db: Executor, e: Omit<UnmatchedEvent, 'status' | 'accountId' | 'decidedAt'>): Promise<void> {
  await db
    .insertInto('calendar_unmatched_events')
    .values({
      id: e.id,
      user_id: e.userId,
      connection_id: e.connectionId,
      uid: e.uid,
      title: e.title,
      starts_at: e.startsAt,
      attendees: JSON.stringify(e.attendees),
      candidates: JSON.stringify(e.candidates),
      status: 'pending',
      account_id: null,
      decided_at: null,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'uid']).doUpdateSet({ title: e.title, starts_at: e.startsAt, attendees: JSON.stringify(e.attendees), candidates: JSON.stringify(e.candidates), connection_id: e.connectionId, updated_at: e.updatedAt }),
    )
    .execute();
}

export async function decideUnmatchedEvent(db: Executor, id: string, decision: { status: 'assigned' | 'ignored'; accountId: string | null }, at: string): Promise<void> {
  await db.updateTable('calendar_unmatched_events').set({ status: decision.status, account_id: decision.accountId, decided_at: at, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteUnmatchedEventByUid(db: Executor, userId: string, uid: string): Promise<void> {
  await db.deleteFrom('calendar_unmatched_events').where('user_id', '=', userId).where('uid', '=', uid).where('status', '=', 'pending').execute();
}

export async function listUnmatchedEvents(db: Executor, filter: { userIds: string[] | null; status?: UnmatchedEvent['status'][] }, limit: number): Promise<UnmatchedEvent[]> {
  let q = db.selectFrom('calendar_unmatched_events').selectAll();
  if (filter.userIds) q = q.where('user_id', 'in', filter.userIds.length ? filter.userIds : ['']);
  if (filter.status?.length) q = q.where('status', 'in', filter.status);
  return (await q.orderBy('starts_at').orderBy('id').limit(limit).execute()).map(toUnmatched);
}

/** Account id → the email addresses of its active contacts (for matching attendees). */
export async function listContactEmails(db: Executor): Promise<{ accountId: string; contactId: string; email: string; name: string }[]> {
  const rows = await db
    .selectFrom('contacts')
    .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
    .select(['contacts.account_id as accountId', 'contacts.id as contactId', 'contacts.email as email', 'contacts.name as name'])
    .where('contacts.email', 'is not', null)
    .where('contacts.archived_at', 'is', null)
    .where('accounts.archived_at', 'is', null)
    .execute();
  return rows.filter((r): r is typeof r & { email: string } => !!r.email).map((r) => ({ ...r, email: r.email.toLowerCase() }));
}

/** Every active user's email (internal people and the vendor's own domains). */
export async function listUserEmails(db: Executor): Promise<{ id: string; email: string; name: string }[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'name']).execute();
  return rows.map((r) => ({ ...r, email: r.email.toLowerCase() }));
}
