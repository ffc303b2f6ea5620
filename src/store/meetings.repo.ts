import type { Agenda, AgendaItem, AgendaSection, AgendaSourceType, Attendee, Meeting, Sentiment } from '../domain/meeting/meeting.ts';
import type { CallLifecycle } from '../domain/meeting/engagement.ts';
import type { MeetingState, MeetingType } from '../domain/model.ts';
import { refreshMeetingFacts } from './cadence.repo.ts';
import { compiledOnce, compiledPerShape } from './compiled-once.ts';
import type { Executor } from './database.ts';
import type { AgendaItemsTable, MeetingAttendeesTable, MeetingsTable } from './schema.ts';

/** A call's lifecycle columns (a follow-up's due time joined in as `follow_up_due_at`), as the domain reads them. */
export function toCallLifecycle(row: Pick<MeetingsTable, 'type' | 'state' | 'starts_at' | 'held_at' | 'agenda_sent_at' | 'followed_up_at'> & { follow_up_due_at?: string | null }): CallLifecycle {
  return {
    type: row.type as MeetingType,
    state: row.state as MeetingState,
    startsAt: row.starts_at,
    heldAt: row.held_at,
    agendaSentAt: row.agenda_sent_at,
    followUpSentAt: row.followed_up_at,
    followUpDueAt: row.follow_up_due_at ?? null,
  };
}

export interface MeetingRecord extends Meeting {
  seriesId: string | null;
  timezone: string;
  sequence: number;
  recurrence: string | null;
  summary: string | null;
  organiserId: string | null;
  completedAt: string | null;
  /** A series call's start as the series gave it: its RECURRENCE-ID, kept when the call moves. */
  originalStartsAt?: string | null;
}

function toAttendee(row: MeetingAttendeesTable): Attendee {
  return {
    kind: row.user_id ? 'user' : 'contact',
    id: row.user_id ?? row.contact_id ?? row.id,
    name: row.name,
    email: row.email,
    side: row.kind === 'customer' ? 'customer' : 'vendor',
    role: null,
    shadowing: row.kind === 'shadow',
  };
}

function toMeeting(row: MeetingsTable, attendees: Attendee[]): MeetingRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    seriesId: row.series_id,
    type: row.type as MeetingType,
    title: row.title,
    state: row.state as MeetingState,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timezone: row.timezone,
    sequence: row.sequence,
    recurrence: row.recurrence,
    attendees,
    notes: row.notes,
    notesVersion: row.notes_version,
    recordingUrl: row.recording_url,
    csmSentiment: row.csm_sentiment as Sentiment | null,
    productSentiment: row.product_sentiment as Sentiment | null,
    summary: row.summary,
    organiserId: row.organiser_id,
    agendaSentAt: row.agenda_sent_at,
    heldAt: row.held_at,
    followUpSentAt: row.followed_up_at,
    completedAt: row.completed_at,
    cancelledAt: row.cancelled_at,
    originalStartsAt: row.original_starts_at ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(m: MeetingRecord): MeetingsTable {
  return {
    id: m.id,
    account_id: m.accountId,
    series_id: m.seriesId,
    type: m.type,
    title: m.title,
    starts_at: m.startsAt,
    ends_at: m.endsAt ?? m.startsAt,
    timezone: m.timezone,
    state: m.state,
    sequence: m.sequence,
    recurrence: m.recurrence,
    location: null,
    recording_url: m.recordingUrl,
    notes: m.notes,
    notes_version: m.notesVersion,
    csm_sentiment: m.csmSentiment,
    product_sentiment: m.productSentiment,
    summary: m.summary,
    organiser_id: m.organiserId,
    agenda_sent_at: m.agendaSentAt,
    held_at: m.heldAt,
    followed_up_at: m.followUpSentAt,
    completed_at: m.completedAt,
    cancelled_at: m.cancelledAt,
    original_starts_at: m.originalStartsAt ?? null,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

const attendeesQuery = compiledOnce((db: Executor, ids: readonly string[]) => db.selectFrom('meeting_attendees').selectAll().where('meeting_id', 'in', ids).orderBy('id'));

async function withAttendees(db: Executor, rows: MeetingsTable[]): Promise<MeetingRecord[]> {
  if (rows.length === 0) return [];
  const attendees = await attendeesQuery(
    db,
    rows.map((r) => r.id),
  );
  const by = new Map<string, Attendee[]>();
  for (const a of attendees) by.set(a.meeting_id, [...(by.get(a.meeting_id) ?? []), toAttendee(a)]);
  return rows.map((r) => toMeeting(r, by.get(r.id) ?? []));
}

export async function findMeeting(db: Executor, id: string): Promise<MeetingRecord | undefined> {
  const row = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withAttendees(db, [row]))[0] : undefined;
}

export async function insertMeeting(db: Executor, meeting: MeetingRecord, newId: () => string): Promise<void> {
  await db.insertInto('meetings').values(toRow(meeting)).execute();
  await replaceAttendees(db, meeting.id, meeting.attendees, newId);
  // The account's last held call and sentiment follow in the same transaction.
  await refreshMeetingFacts(db, [meeting.accountId]);
}

/**
 * Many new meetings at once (a calendar's first sync): what insertMeeting does for each, in a few
 * statements. A call not yet held and without sentiment leaves the account's facts as they were,
 * so only its cadence row is made sure of; the others' facts are recomputed.
 */
export async function insertMeetings(db: Executor, meetings: MeetingRecord[], newId: () => string): Promise<void> {
  if (meetings.length === 0) return;
  for (let i = 0; i < meetings.length; i += 50)
    await db
      .insertInto('meetings')
      .values(meetings.slice(i, i + 50).map(toRow))
      .execute();
  const attendees = meetings.flatMap((m) =>
    m.attendees.map((a) => ({
      id: newId(),
      meeting_id: m.id,
      kind: a.shadowing ? 'shadow' : a.side === 'customer' ? 'customer' : 'internal',
      user_id: a.kind === 'user' ? a.id : null,
      contact_id: a.kind === 'contact' ? a.id : null,
      name: a.name,
      email: a.email,
    })),
  );
  for (let i = 0; i < attendees.length; i += 200)
    await db
      .insertInto('meeting_attendees')
      .values(attendees.slice(i, i + 200))
      .execute();
  const changing = new Set(meetings.filter((m) => m.heldAt !== null || m.csmSentiment !== null).map((m) => m.accountId));
  const quiet = [...new Set(meetings.map((m) => m.accountId))].filter((id) => !changing.has(id));
  for (let i = 0; i < quiet.length; i += 200) {
    await db
      .insertInto('account_cadence')
      .values(quiet.slice(i, i + 200).map((account_id) => ({ account_id, override: null, last_call_at: null, last_touch_at: null, next_call_due: null, next_touch_due: null, overdue_days: null, computed_at: null })))
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
  }
  await refreshMeetingFacts(db, [...changing]);
}

/** Saves a meeting; the account's (and, when it moved, the former account's) cadence facts follow in the same transaction. */
export async function saveMeeting(db: Executor, meeting: MeetingRecord): Promise<void> {
  const { id, ...columns } = toRow(meeting);
  const before = await db.selectFrom('meetings').select('account_id').where('id', '=', id).executeTakeFirst();
  await db.updateTable('meetings').set(columns).where('id', '=', id).execute();
  await refreshMeetingFacts(db, before && before.account_id !== meeting.accountId ? [meeting.accountId, before.account_id] : [meeting.accountId]);
}

export async function replaceAttendees(db: Executor, meetingId: string, attendees: Attendee[], newId: () => string): Promise<void> {
  await db.deleteFrom('meeting_attendees').where('meeting_id', '=', meetingId).execute();
  if (attendees.length === 0) return;
  await db
    .insertInto('meeting_attendees')
    .values(
      attendees.map((a) => ({
        id: newId(),
        meeting_id: meetingId,
        kind: a.shadowing ? 'shadow' : a.side === 'customer' ? 'customer' : 'internal',
        user_id: a.kind === 'user' ? a.id : null,
        contact_id: a.kind === 'contact' ? a.id : null,
        name: a.name,
        email: a.email,
      })),
    )
    .execute();
}

/**
 * Saves notes only if nobody saved since `expectedVersion`: the compare-and-set that keeps a
 * stale tab from writing over newer notes. Returns whether the save was applied.
 */
export async function saveNotesIfCurrent(db: Executor, meetingId: string, expectedVersion: number, notes: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('meetings')
    .set({ notes, notes_version: expectedVersion + 1, updated_at: at })
    .where('id', '=', meetingId)
    .where('notes_version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface MeetingListFilter {
  accountIds?: string[];
  /** Accounts these users own or sit on the team of, or meetings they attend (null: all). */
  scopeUserIds: string[] | null;
  from?: string;
  to?: string;
  states?: string[];
  attendeeUserId?: string;
}

/** Which of a meetings list's filters are given, and how many values each has: the SQL's shape. */
interface MeetingListShape {
  scope: number | null;
  accounts: number | null;
  from: boolean;
  to: boolean;
  states: number;
  attendee: boolean;
  descending: boolean;
}

// My day asks it on every request (issue #16): built and compiled once per shape of filter. Its
// values, in this order: the scope's users, the accounts, from, to, the states, the attendee, the limit.
const meetingsQuery = compiledPerShape(
  (s: MeetingListShape) => `${s.scope}|${s.accounts}|${s.from}|${s.to}|${s.states}|${s.attendee}|${s.descending}`,
  (db: Executor, shape: MeetingListShape, values: readonly (string | number)[]) => {
    let at = 0;
    const take = (n: number) => values.slice(at, (at += n)) as string[];
    let q = db.selectFrom('meetings').selectAll('meetings');
    if (shape.scope !== null) {
      const ids = take(shape.scope);
      q = q.where((eb) =>
        eb.or([
          eb('meetings.account_id', 'in', eb.selectFrom('accounts').select('id').where('owner_id', 'in', ids)),
          eb('meetings.account_id', 'in', eb.selectFrom('account_team_members').select('account_id').where('user_id', 'in', ids)),
          eb('meetings.id', 'in', eb.selectFrom('meeting_attendees').select('meeting_id').where('user_id', 'in', ids)),
        ]),
      );
    }
    if (shape.accounts !== null) q = q.where('meetings.account_id', 'in', take(shape.accounts));
    if (shape.from) q = q.where('meetings.starts_at', '>=', take(1)[0]!);
    if (shape.to) q = q.where('meetings.starts_at', '<', take(1)[0]!);
    if (shape.states) q = q.where('meetings.state', 'in', take(shape.states));
    if (shape.attendee) q = q.where('meetings.id', 'in', db.selectFrom('meeting_attendees').select('meeting_id').where('user_id', '=', take(1)[0]!));
    return q
      .orderBy('meetings.starts_at', shape.descending ? 'desc' : 'asc')
      .orderBy('meetings.id')
      .limit(values[at] as number);
  },
);

export async function listMeetings(db: Executor, filter: MeetingListFilter, limit: number, descending = false): Promise<MeetingRecord[]> {
  const accountIds = filter.accountIds ? (filter.accountIds.length ? filter.accountIds : ['']) : null;
  const shape: MeetingListShape = {
    scope: filter.scopeUserIds ? filter.scopeUserIds.length : null,
    accounts: accountIds ? accountIds.length : null,
    from: !!filter.from,
    to: !!filter.to,
    states: filter.states?.length ?? 0,
    attendee: !!filter.attendeeUserId,
    descending,
  };
  const values: (string | number)[] = [...(filter.scopeUserIds ?? []), ...(accountIds ?? [])];
  if (filter.from) values.push(filter.from);
  if (filter.to) values.push(filter.to);
  values.push(...(filter.states ?? []));
  if (filter.attendeeUserId) values.push(filter.attendeeUserId);
  values.push(limit);
  return withAttendees(db, await meetingsQuery(db, shape, values));
}

function toAgendaItem(row: AgendaItemsTable): AgendaItem {
  return {
    id: row.id,
    section: row.section as AgendaSection,
    text: row.text,
    source: row.source_type ? { type: row.source_type as AgendaSourceType, ...(row.source_id ? { id: row.source_id } : {}) } : null,
    addedBy: row.added_by as AgendaItem['addedBy'],
    visibility: row.internal ? 'internal' : 'shared',
    prepNote: row.prep_note ?? null,
    discussed: row.discussed === 1,
    notes: row.notes,
    carriedOverFrom: row.carried_over_from,
  };
}

export async function loadAgenda(db: Executor, meetingId: string): Promise<Agenda> {
  const rows = await db.selectFrom('agenda_items').selectAll().where('meeting_id', '=', meetingId).orderBy('position').execute();
  return { meetingId, items: rows.map(toAgendaItem) };
}

/** Which of these meetings have notes against an agenda item (prep state), in one query. */
export async function meetingsWithItemNotes(db: Executor, meetingIds: readonly string[]): Promise<Set<string>> {
  if (meetingIds.length === 0) return new Set();
  const rows = await db.selectFrom('agenda_items').select(['meeting_id', 'notes']).where('meeting_id', 'in', meetingIds).where('notes', '<>', '').execute();
  // Blank is decided here, as the agenda's readers decide it (SQL's trim knows only spaces).
  return new Set(rows.filter((r) => r.notes.trim()).map((r) => r.meeting_id));
}

/** Replaces the meeting's agenda with these items in this order. */
export async function saveAgenda(db: Executor, agenda: Agenda, at: string): Promise<void> {
  await db.deleteFrom('agenda_items').where('meeting_id', '=', agenda.meetingId).execute();
  const rows: AgendaItemsTable[] = agenda.items.map((item, position) => ({
    id: item.id,
    meeting_id: agenda.meetingId,
    position,
    section: item.section,
    text: item.text,
    detail: null,
    source_type: item.source?.type ?? null,
    source_id: item.source?.id ?? null,
    added_by: item.addedBy,
    internal: item.visibility === 'internal' ? 1 : 0,
    prep_note: item.prepNote ?? null,
    discussed: item.discussed ? 1 : 0,
    notes: item.notes,
    carried_over_from: item.carriedOverFrom,
    created_at: at,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('agenda_items')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** The most recent meeting of the account before `before` in one of the states, if any. */
export async function findPreviousMeeting(db: Executor, accountId: string, before: string, states: string[]): Promise<MeetingRecord | undefined> {
  const row = await db.selectFrom('meetings').selectAll().where('account_id', '=', accountId).where('starts_at', '<', before).where('state', 'in', states).orderBy('starts_at', 'desc').limit(1).executeTakeFirst();
  return row ? (await withAttendees(db, [row]))[0] : undefined;
}

export async function countMeetings(db: Executor, accountId: string, states: string[]): Promise<number> {
  const row = await db
    .selectFrom('meetings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('state', 'in', states)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
