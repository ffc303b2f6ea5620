import type { Attendee } from '../../domain/meeting/meeting.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import type { CalendarObject } from '../../integrations/calendar/port.ts';
import { readCalendarObject, type CalendarOccurrence, type ReadWindow } from '../../integrations/calendar/ics-read.ts';
import { findAccount, findAccountsByIds } from '../../store/accounts.repo.ts';
import {
  deleteCalendarObject,
  deleteUnmatchedEventByUid,
  findCalendarObject,
  insertPlainAttendees,
  insertPlainAttendeesOf,
  listCalendarObjectsByHref,
  listOccurrenceLinks,
  listOccurrenceLinksOfUids,
  listUnmatchedDecisions,
  upsertCalendarObjects,
  upsertOccurrenceLink,
  upsertOccurrenceLinks,
  upsertUnmatchedEvent,
  type CalendarConnection,
  type CalendarObjectRow,
  type CalendarOccurrenceLink,
  type SyncCounts,
  type UnmatchedEvent,
} from '../../store/calendar-sync.repo.ts';
import type { Executor } from '../../store/database.ts';
import { listSeriesMeetings } from '../../store/meeting-series.repo.ts';
import { findMeeting, insertMeetings, replaceAttendees, saveAgenda, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { indexNewMeetings } from '../../store/notes-search.repo.ts';
import { closeTasksFor } from '../../store/tasks.repo.ts';
import { occurrenceStart } from '../meetings/calendar.ts';
import { assembleAgenda } from '../meetings/agenda.ts';
import { HELD_STATES } from '../meetings/meetings.ts';
import { recordChange, recordChanges, type Change } from '../record-change.ts';
import { isInternal, matchEvent, type MatchDirectory } from './match-event.ts';

/** What one sync needs to apply the objects it reads; built once per connection and run. */
export interface ApplyContext {
  deps: Deps;
  connection: CalendarConnection;
  /** The connection's owner, acting: the timeline says "by calendar sync (Sam)". */
  actor: Actor;
  ownerId: string;
  dir: MatchDirectory;
  /** The host Cadence's own UIDs end with (`<id>@<host>`, see ics.ts). */
  ourDomain: string;
  window: ReadWindow;
  /**
   * Calls from now until this instant get their agenda at import; later (and past) ones when they
   * come within it or are opened (lazy agendas): an agenda is built from the facts of its day.
   */
  agendaUntil: string;
  /** Accounts read during this sync (a calendar names the same few again and again). */
  accounts: Map<string, Account | undefined>;
  counts: SyncCounts;
}

/** How many objects are applied in one transaction: a first sync commits per batch, not per object. */
export const APPLY_BATCH = 100;

/** What a batch reads once instead of once per object. */
interface Preloaded {
  links: Map<string, CalendarOccurrenceLink[]>;
  decisions: Map<string, UnmatchedEvent>;
  /** Calls made by the batch and not written yet: they go in a few statements (flush). */
  made: { meeting: MeetingRecord; account: Account; plain: PlainPerson[]; link: CalendarOccurrenceLink; change: Change }[];
  uids: Set<string>;
}

/** Writes the calls the batch made: meetings, attendees, links, search index, history, then the agendas due now. */
async function flush(ctx: ApplyContext, tx: Executor, pre: Preloaded): Promise<void> {
  const { deps } = ctx;
  const made = pre.made.splice(0);
  if (made.length === 0) return;
  const at = deps.now().toISOString();
  await insertMeetings(
    tx,
    made.map((m) => m.meeting),
    deps.newId,
  );
  await insertPlainAttendeesOf(
    tx,
    made.map((m) => ({ meetingId: m.meeting.id, people: m.plain })),
  );
  await upsertOccurrenceLinks(
    tx,
    made.map((m) => m.link),
    at,
  );
  await indexNewMeetings(
    tx,
    made.map((m) => m.meeting),
  );
  await recordChanges(
    tx,
    deps,
    ctx.actor,
    made.map((m) => m.change),
  );
  for (const m of made) if (!m.link.agendaPending) await saveAgenda(tx, await assembleAgenda(deps, tx, m.meeting, m.account), at);
}

export function emptyCounts(): SyncCounts {
  return { seen: 0, created: 0, updated: 0, cancelled: 0, unchanged: 0, unmatched: 0, written: 0, skipped: 0, reasons: {} };
}

function skip(counts: SyncCounts, reason: string): void {
  counts.skipped += 1;
  counts.reasons[reason] = (counts.reasons[reason] ?? 0) + 1;
}

const keyOf = (o: Pick<CalendarOccurrence, 'recurrenceId'>) => o.recurrenceId ?? '';
const sameInstant = (a: string | null | undefined, b: string | null | undefined) => (a ?? '') !== '' && (b ?? '') !== '' && Date.parse(a!) === Date.parse(b!);

function snapshot(counts: SyncCounts): SyncCounts {
  return { ...counts, reasons: { ...counts.reasons } };
}

/**
 * Applies calendar objects (one UID each) read from the calendar, a batch per transaction: an
 * object whose etag did not change is passed over; one that cannot be read is skipped with its
 * reason (and remembered until it changes); Cadence's own events move or cancel their meetings;
 * other events with a customer become or update meetings on that account, the rest are listed as
 * unmatched. When the database refuses something in a batch, the batch is rolled back and its
 * objects applied one per transaction, so one bad object is skipped (reason "error", retried when
 * it changes) and nothing of it is half-written.
 */
export async function applyCalendarObjects(ctx: ApplyContext, calendarUrl: string, objs: CalendarObject[]): Promise<void> {
  if (objs.length === 0) return;
  const before = snapshot(ctx.counts);
  try {
    await applyBatch(ctx, calendarUrl, objs);
    return;
  } catch (err) {
    Object.assign(ctx.counts, before);
    if (objs.length === 1) {
      ctx.counts.seen += 1;
      skip(ctx.counts, 'error');
      ctx.deps.logger.warn({ err, href: objs[0]!.href }, 'calendar object not applied');
      return;
    }
  }
  for (const obj of objs) await applyCalendarObjects(ctx, calendarUrl, [obj]);
}

/** One object, in its own transaction (see applyCalendarObjects). */
export async function applyCalendarObject(ctx: ApplyContext, calendarUrl: string, obj: CalendarObject): Promise<void> {
  await applyCalendarObjects(ctx, calendarUrl, [obj]);
}

async function applyBatch(ctx: ApplyContext, calendarUrl: string, objs: CalendarObject[]): Promise<void> {
  const { deps, connection, counts } = ctx;
  const known = await listCalendarObjectsByHref(
    deps.store.db,
    connection.id,
    objs.map((o) => o.href),
  );
  const rows: CalendarObjectRow[] = [];
  const row = (obj: CalendarObject, uid: string, outcome: string, origin: CalendarObjectRow['origin'] = 'remote'): CalendarObjectRow => ({
    connectionId: connection.id,
    href: obj.href,
    calendarUrl,
    uid,
    etag: obj.etag,
    origin,
    pendingWrite: false,
    outcome,
  });
  // Parsed before the transaction opens: the write lock is held for writing only.
  const todo: { obj: CalendarObject; uid: string; occurrences: CalendarOccurrence[] }[] = [];
  for (const obj of objs) {
    counts.seen += 1;
    const was = known.get(obj.href);
    if (was && was.etag && obj.etag && was.etag === obj.etag) {
      counts.unchanged += 1;
      continue;
    }
    // Cadence changed this event and has not written it there yet: Cadence's version wins.
    if (was?.pendingWrite) {
      counts.unchanged += 1;
      continue;
    }
    const parsed = readCalendarObject(obj.ics, ctx.window);
    if (!parsed.ok) {
      skip(counts, parsed.reason);
      rows.push(row(obj, was?.uid ?? `invalid:${obj.href}`, `skipped:${parsed.reason}`));
      continue;
    }
    todo.push({ obj, uid: parsed.uid, occurrences: parsed.occurrences });
  }
  if (rows.length === 0 && todo.length === 0) return;
  const at = deps.now().toISOString();
  await deps.store.db.transaction().execute(async (tx) => {
    const uids = [...new Set(todo.map((t) => t.uid))];
    const pre: Preloaded = { links: await listOccurrenceLinksOfUids(tx, connection.id, uids), decisions: await listUnmatchedDecisions(tx, ctx.ownerId, uids), made: [], uids: new Set() };
    await preloadAccounts(ctx, tx, pre, todo);
    for (const { obj, uid, occurrences } of todo) {
      // The same UID twice in a batch (an override kept apart): the second one reads what the first wrote.
      if (pre.uids.has(uid)) await flush(ctx, tx, pre);
      pre.uids.add(uid);
      const own = ownId(uid, ctx.ourDomain);
      if (own && (await applyOwnEvent(ctx, tx, own, occurrences))) {
        rows.push(row(obj, uid, 'cadence', 'cadence'));
        continue;
      }
      rows.push(row(obj, uid, await applyRemoteEvent(ctx, tx, pre, uid, occurrences)));
    }
    await flush(ctx, tx, pre);
    await upsertCalendarObjects(tx, rows, at);
  });
}

/** `<id>` of a UID `<id>@<our host>`, or null. */
function ownId(uid: string, domain: string): string | null {
  const suffix = `@${domain}`;
  return uid.toLowerCase().endsWith(suffix.toLowerCase()) ? uid.slice(0, -suffix.length) : null;
}

async function moveOrCancel(ctx: ApplyContext, tx: Executor, meeting: MeetingRecord, occ: CalendarOccurrence | null, attendees?: { people: Attendee[]; plain: PlainPerson[] }): Promise<void> {
  const { deps, counts } = ctx;
  if (HELD_STATES.includes(meeting.state) || meeting.state === 'cancelled') {
    counts.unchanged += 1;
    return;
  }
  const at = deps.now().toISOString();
  if (!occ || occ.cancelled) {
    const after: MeetingRecord = { ...meeting, state: 'cancelled', cancelledAt: at, sequence: meeting.sequence + 1, updatedAt: at };
    await saveMeeting(tx, after);
    await closeTasksFor(tx, 'meeting', meeting.id, ['send_agenda'], at);
    await recordChange(tx, deps, ctx.actor, {
      accountId: meeting.accountId,
      action: 'meeting.cancelled',
      entityType: 'meeting',
      entityId: meeting.id,
      before: { state: meeting.state },
      after: { state: 'cancelled', source: 'calendar' },
      summary: `${meeting.title} on ${meeting.startsAt.slice(0, 10)} cancelled in the calendar`,
    });
    counts.cancelled += 1;
    return;
  }
  const moved = !sameInstant(meeting.startsAt, occ.startsAt) || !sameInstant(meeting.endsAt, occ.endsAt);
  const renamed = occ.title !== meeting.title;
  const peopleChanged = attendees !== undefined && emailsOf(meeting.attendees) !== [...attendees.people.map((p) => p.email ?? ''), ...attendees.plain.map((p) => p.email)].sort().join(',');
  if (!moved && !renamed && !peopleChanged) {
    counts.unchanged += 1;
    return;
  }
  const after: MeetingRecord = { ...meeting, title: occ.title, startsAt: occ.startsAt, endsAt: occ.endsAt, sequence: meeting.sequence + 1, updatedAt: at };
  await saveMeeting(tx, after);
  if (attendees && peopleChanged) await replacePeople(ctx, tx, meeting.id, attendees);
  await recordChange(tx, deps, ctx.actor, {
    accountId: meeting.accountId,
    action: 'meeting.updated',
    entityType: 'meeting',
    entityId: meeting.id,
    before: { startsAt: meeting.startsAt, title: meeting.title },
    after: { startsAt: after.startsAt, title: after.title, source: 'calendar' },
    summary: moved ? `${after.title} moved to ${after.startsAt.slice(0, 16).replace('T', ' ')} UTC in the calendar` : `${after.title} updated in the calendar`,
  });
  counts.updated += 1;
}

function emailsOf(attendees: Attendee[]): string {
  return attendees
    .map((a) => a.email ?? '')
    .sort()
    .join(',');
}

/**
 * A Cadence meeting (or series) seen in the calendar: a move or cancel made there is taken over,
 * a call already held is left alone. Answers false when no meeting has that id (then the event is
 * read as anyone else's).
 */
async function applyOwnEvent(ctx: ApplyContext, tx: Executor, id: string, occurrences: CalendarOccurrence[]): Promise<boolean> {
  const single = await findMeeting(tx, id);
  const calls = single && !single.seriesId ? [single] : await listSeriesMeetings(tx, id);
  if (calls.length === 0) return false;
  const now = ctx.deps.now().getTime();
  const windowEnd = Date.parse(ctx.window.to);
  for (const call of calls) {
    const occ = call.seriesId ? occurrences.find((o) => sameInstant(o.recurrenceId ?? o.startsAt, occurrenceStart(call))) : occurrences[0];
    if (occ) {
      await moveOrCancel(ctx, tx, call, occ);
      continue;
    }
    // Gone from the calendar's expansion (an EXDATE, or the event now outside the window): only calls still to come in the window are cancelled.
    const start = Date.parse(call.startsAt);
    if (call.seriesId && start > now && start < windowEnd) await moveOrCancel(ctx, tx, call, null);
  }
  return true;
}

interface PlainPerson {
  id: string;
  name: string;
  email: string;
  side: 'customer' | 'vendor';
}

function peopleFor(ctx: ApplyContext, accountId: string, occ: CalendarOccurrence): { people: Attendee[]; plain: PlainPerson[] } {
  const people: Attendee[] = [];
  const plain: PlainPerson[] = [];
  const seen = new Set<string>();
  for (const p of [...(occ.organiser ? [occ.organiser] : []), ...occ.attendees]) {
    const email = p.email.toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    const user = ctx.dir.users.get(email);
    if (user) {
      people.push({ kind: 'user', id: user.id, name: user.name, email, side: 'vendor', role: null, shadowing: false });
      continue;
    }
    const contact = ctx.dir.contacts.get(email)?.find((c) => c.accountId === accountId);
    if (contact) {
      people.push({ kind: 'contact', id: contact.contactId, name: contact.name, email, side: 'customer', role: null, shadowing: false });
      continue;
    }
    plain.push({ id: ctx.deps.newId(), name: p.name ?? email, email, side: isInternal(email, ctx.dir) ? 'vendor' : 'customer' });
  }
  return { people, plain };
}

async function replacePeople(ctx: ApplyContext, tx: Executor, meetingId: string, who: { people: Attendee[]; plain: PlainPerson[] }): Promise<void> {
  await replaceAttendees(tx, meetingId, who.people, ctx.deps.newId);
  await insertPlainAttendees(tx, meetingId, who.plain);
}

/** Someone else's event (or the CSM's own, booked outside Cadence): matched to an account by its people. */
async function applyRemoteEvent(ctx: ApplyContext, tx: Executor, pre: Preloaded, uid: string, occurrences: CalendarOccurrence[]): Promise<string> {
  const { deps, connection, counts } = ctx;
  const links = pre.links.get(uid) ?? [];
  const first = occurrences[0];
  let accountId: string | null = null;
  if (first) {
    const decision = pre.decisions.get(uid);
    if (decision?.status === 'ignored') {
      skip(counts, 'ignored');
      return 'ignored';
    }
    if (decision?.status === 'assigned' && decision.accountId) accountId = decision.accountId;
    else {
      const match = matchEvent(first, ctx.dir);
      if (match.kind === 'skip') {
        if (links.length === 0) {
          skip(counts, match.reason);
          return `skipped:${match.reason}`;
        }
        // Once matched, an event stays with its account when people are added or removed later.
        accountId = (await findMeeting(tx, links[0]!.meetingId))?.accountId ?? null;
      } else if (match.kind === 'unmatched') {
        if (links.length === 0) {
          await upsertUnmatchedEvent(tx, {
            id: deps.newId(),
            userId: ctx.ownerId,
            connectionId: connection.id,
            uid,
            title: first.title,
            startsAt: first.startsAt,
            attendees: match.externals,
            candidates: match.candidates,
            createdAt: deps.now().toISOString(),
            updatedAt: deps.now().toISOString(),
          });
          counts.unmatched += 1;
          return 'unmatched';
        }
        accountId = (await findMeeting(tx, links[0]!.meetingId))?.accountId ?? null;
      } else {
        accountId = match.accountId;
        await deleteUnmatchedEventByUid(tx, ctx.ownerId, uid);
      }
    }
  }
  const account = accountId ? await accountOf(ctx, tx, accountId) : undefined;
  const at = deps.now().toISOString();
  const now = deps.now().getTime();
  const byKey = new Map(links.map((l) => [l.recurrenceKey, l]));
  const current = new Set<string>();
  for (const occ of occurrences) {
    const key = keyOf(occ);
    current.add(key);
    const link = byKey.get(key);
    const meeting = link ? await findMeeting(tx, link.meetingId) : undefined;
    if (meeting) {
      await moveOrCancel(ctx, tx, meeting, occ, account ? peopleFor(ctx, account.id, occ) : undefined);
      await upsertOccurrenceLink(tx, { ...link!, conferenceUrl: occ.conferenceUrl, allDay: occ.allDay }, at);
      continue;
    }
    if (occ.cancelled || !account) continue;
    const created = createMeeting(ctx, pre, account, occ, uid, key);
    pre.links.set(uid, [...(pre.links.get(uid) ?? []), created]);
  }
  // Occurrences that left the calendar (deleted, EXDATE, the series cut short) cancel their calls still to come in the window.
  const windowEnd = Date.parse(ctx.window.to);
  for (const link of links) {
    if (current.has(link.recurrenceKey)) continue;
    const meeting = await findMeeting(tx, link.meetingId);
    if (meeting && Date.parse(meeting.startsAt) > now && Date.parse(meeting.startsAt) < windowEnd) await moveOrCancel(ctx, tx, meeting, null);
  }
  return account ? 'imported' : 'outside_window';
}

async function accountOf(ctx: ApplyContext, tx: Executor, id: string): Promise<Account | undefined> {
  if (!ctx.accounts.has(id)) ctx.accounts.set(id, await findAccount(tx, id));
  return ctx.accounts.get(id);
}

/** The call an occurrence makes, queued on the batch (flush writes it); answers its link to the event. */
function createMeeting(ctx: ApplyContext, pre: Preloaded, account: Account, occ: CalendarOccurrence, uid: string, recurrenceKey: string): CalendarOccurrenceLink {
  const { deps } = ctx;
  const at = deps.now().toISOString();
  const { people, plain } = peopleFor(ctx, account.id, occ);
  const organiser = occ.organiser ? ctx.dir.users.get(occ.organiser.email.toLowerCase()) : undefined;
  const meeting: MeetingRecord = {
    id: deps.newId(),
    accountId: account.id,
    seriesId: null,
    type: 'cadence',
    title: occ.title,
    state: 'planned',
    startsAt: occ.startsAt,
    endsAt: occ.endsAt,
    timezone: occ.timezone ?? account.timezone,
    sequence: occ.sequence,
    recurrence: null,
    attendees: people,
    notes: '',
    notesVersion: 0,
    recordingUrl: null,
    csmSentiment: null,
    productSentiment: null,
    summary: null,
    organiserId: organiser?.id ?? ctx.ownerId,
    agendaSentAt: null,
    heldAt: null,
    followUpSentAt: null,
    completedAt: null,
    cancelledAt: null,
    originalStartsAt: null,
    createdAt: at,
    updatedAt: at,
  };
  const start = Date.parse(meeting.startsAt);
  const link: CalendarOccurrenceLink = {
    connectionId: ctx.connection.id,
    uid,
    recurrenceKey,
    meetingId: meeting.id,
    conferenceUrl: occ.conferenceUrl,
    allDay: occ.allDay,
    agendaPending: !(start >= deps.now().getTime() && start < Date.parse(ctx.agendaUntil)),
  };
  pre.made.push({
    meeting,
    account,
    plain,
    link,
    change: {
      accountId: account.id,
      action: 'meeting.imported',
      entityType: 'meeting',
      entityId: meeting.id,
      before: null,
      after: { title: meeting.title, startsAt: meeting.startsAt, source: 'calendar' },
      summary: `${meeting.title} on ${meeting.startsAt.slice(0, 16).replace('T', ' ')} UTC taken from the calendar`,
    },
  });
  ctx.counts.created += 1;
  return link;
}

/** The accounts the batch's events go to, read in one query (each would otherwise be one). */
async function preloadAccounts(ctx: ApplyContext, tx: Executor, pre: Preloaded, todo: { uid: string; occurrences: CalendarOccurrence[] }[]): Promise<void> {
  const wanted = new Set<string>();
  for (const { uid, occurrences } of todo) {
    const decision = pre.decisions.get(uid);
    if (decision?.status === 'assigned' && decision.accountId) wanted.add(decision.accountId);
    else if (occurrences[0]) {
      const match = matchEvent(occurrences[0], ctx.dir);
      if (match.kind === 'account') wanted.add(match.accountId);
    }
  }
  const missing = [...wanted].filter((id) => !ctx.accounts.has(id));
  if (missing.length === 0) return;
  const found = await findAccountsByIds(tx, missing);
  for (const id of missing) ctx.accounts.set(id, found.get(id));
}

/**
 * An object gone from the calendar: the calls it made that are still to come are cancelled (one
 * already held stays held); Cadence's own event deleted there cancels its meeting the same way.
 */
export async function applyCalendarDeletion(ctx: ApplyContext, href: string): Promise<void> {
  const { deps, connection } = ctx;
  const known = await findCalendarObject(deps.store.db, connection.id, href);
  if (!known) return;
  ctx.counts.seen += 1;
  await deps.store.db.transaction().execute(async (tx) => {
    const now = deps.now().getTime();
    const own = known.origin === 'cadence' ? ownId(known.uid, ctx.ourDomain) : null;
    const meetings: MeetingRecord[] = [];
    if (own) {
      const single = await findMeeting(tx, own);
      meetings.push(...(single && !single.seriesId ? [single] : await listSeriesMeetings(tx, own)));
    } else {
      for (const link of await listOccurrenceLinks(tx, connection.id, known.uid)) {
        const m = await findMeeting(tx, link.meetingId);
        if (m) meetings.push(m);
      }
    }
    for (const m of meetings) if (Date.parse(m.startsAt) > now) await moveOrCancel(ctx, tx, m, null);
    await deleteCalendarObject(tx, connection.id, href);
  });
}
