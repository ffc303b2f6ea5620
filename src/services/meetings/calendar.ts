import { randomBytes } from 'node:crypto';
import { cancelMail, movedMail, projectCustomerView } from '../../domain/agenda/customer-view.ts';
import { transitionMeeting } from '../../domain/meeting/meeting-state.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Recurrence } from '../../domain/calendar/recurrence.ts';
import { formatCallTimeFor } from '../../domain/calendar/call-time.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict } from '../../errors.ts';
import { buildFeed, buildInvite, type IcsEvent } from '../../integrations/calendar/ics.ts';
import { renderMail, type MailBlock } from '../../integrations/email/mail-layout.ts';
import { toRRule } from '../../domain/calendar/recurrence-rrule.ts';
import { findCalendarFeedUser, replaceCalendarFeed, revokeCalendarFeed } from '../../store/calendar-feeds.repo.ts';
import type { Executor } from '../../store/database.ts';
import { listSeriesMeetings } from '../../store/meeting-series.repo.ts';
import { listMeetings, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { closeTasksFor } from '../../store/tasks.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { getEditableMeeting, getMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { enqueueMail, inTransactionWithOutbox } from '../outbox/outbox.ts';
import { sha256 } from '../users/users.ts';
import { writeMeetingToCalendar } from '../calendar-sync/write-calendar.ts';

function domainOf(deps: Deps): string {
  return new URL(deps.config.baseUrl).hostname;
}

/** The start the series gave a call: its RECURRENCE-ID, unchanged when the call moves. */
export function occurrenceStart(meeting: Pick<MeetingRecord, 'originalStartsAt' | 'startsAt'>): string {
  return meeting.originalStartsAt ?? meeting.startsAt;
}

/**
 * The SEQUENCE of a series' own event: the lowest of its calls', so every call's own event (whose
 * SEQUENCE only grows) is never older than the series it belongs to.
 */
function seriesSequence(calls: MeetingRecord[]): number {
  return Math.min(...calls.map((c) => c.sequence));
}

async function organiserOf(deps: Deps, db: Executor, meeting: MeetingRecord) {
  const organiser = meeting.organiserId ? await findUser(db, meeting.organiserId) : undefined;
  return organiser ? { name: organiser.name, email: organiser.email } : null;
}

function attendeesOf(meeting: MeetingRecord): IcsEvent['attendees'] {
  return meeting.attendees.filter((a) => a.email).map((a) => ({ name: a.name, email: a.email!, optional: a.shadowing }));
}

/** One call as an event: on its own (its id is the UID), or as one occurrence of its series (the series' UID and RECURRENCE-ID). */
async function occurrenceEvent(deps: Deps, db: Executor, meeting: MeetingRecord, agendaUrl: string): Promise<IcsEvent> {
  return {
    id: meeting.seriesId ?? meeting.id,
    recurrenceId: meeting.seriesId ? occurrenceStart(meeting) : null,
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt ?? meeting.startsAt,
    timezone: meeting.timezone,
    sequence: meeting.sequence,
    cancelled: meeting.state === 'cancelled',
    agendaUrl,
    organiser: await organiserOf(deps, db, meeting),
    attendees: attendeesOf(meeting),
    rrule: null,
  };
}

function meetingUrl(deps: Deps, meeting: MeetingRecord): string {
  return `${deps.config.baseUrl}/meetings/${meeting.id}`;
}

/**
 * A whole series as the events of one UID (RFC 5545 3.8.4.4): the series' event with its RRULE
 * from the first call's original start, EXDATE for each cancelled call, and one event with a
 * RECURRENCE-ID for each call that moved (or was renamed). All cancelled: the series' event says so.
 */
async function seriesEvents(deps: Deps, db: Executor, calls: MeetingRecord[], agendaUrl: (m: MeetingRecord) => string): Promise<IcsEvent[]> {
  const first = calls.find((c) => c.recurrence) ?? calls[0]!;
  const recurrence = first.recurrence ? (JSON.parse(first.recurrence) as Recurrence) : null;
  const rule = recurrence ? toRRule(occurrenceStart(first), first.timezone, recurrence) : null;
  if (!rule?.ok) return Promise.all(calls.map((c) => occurrenceEvent(deps, db, c, agendaUrl(c))));
  const duration = Date.parse(first.endsAt ?? first.startsAt) - Date.parse(first.startsAt);
  const start = occurrenceStart(first);
  const allCancelled = calls.every((c) => c.state === 'cancelled');
  const master: IcsEvent = {
    id: first.seriesId!,
    title: first.title,
    startsAt: start,
    endsAt: new Date(Date.parse(start) + duration).toISOString(),
    timezone: first.timezone,
    sequence: seriesSequence(calls),
    cancelled: allCancelled,
    agendaUrl: agendaUrl(first),
    organiser: await organiserOf(deps, db, first),
    attendees: attendeesOf(first),
    rrule: rule.rrule,
    exdates: allCancelled ? [] : calls.filter((c) => c.state === 'cancelled').map(occurrenceStart),
  };
  if (allCancelled) return [master];
  const differs = (a: string | null, b: string) => Date.parse(a ?? b) !== Date.parse(b);
  const moved = calls.filter((c) => c.state !== 'cancelled' && (differs(c.startsAt, occurrenceStart(c)) || c.title !== first.title || differs(c.endsAt, new Date(Date.parse(c.startsAt) + duration).toISOString())));
  return [master, ...(await Promise.all(moved.map((c) => occurrenceEvent(deps, db, c, agendaUrl(c)))))];
}

/**
 * A meeting as a calendar event in its own time zone, its description pointing at the agenda.
 * A call of a series carries the series' UID and its RECURRENCE-ID, so it replaces that one call
 * in the attendee's calendar; the first call's carries the whole series (RRULE, EXDATE for the
 * cancelled calls, the moved calls) so calendars show every call once.
 */
export async function callOf(deps: Deps, meeting: MeetingRecord, agendaUrl: string): Promise<IcsEvent> {
  const db = deps.store.db;
  if (meeting.seriesId && meeting.recurrence) {
    const calls = await listSeriesMeetings(db, meeting.seriesId);
    const [master, ...overrides] = await seriesEvents(deps, db, calls, (m) => (m.id === meeting.id ? agendaUrl : meetingUrl(deps, m)));
    if (master?.rrule) return { ...master, overrides };
  }
  return occurrenceEvent(deps, db, meeting, agendaUrl);
}

function icsOptions(deps: Deps) {
  return { domain: domainOf(deps), vendorName: deps.config.vendorName, stamp: deps.now().toISOString() };
}

/** The invite (.ics) of a meeting, for the team to download; customers get theirs with the agenda. */
export async function meetingInvite(deps: Deps, actor: Actor, meetingId: string): Promise<string> {
  const { meeting } = await getMeeting(deps, actor, meetingId);
  return inviteText(deps, await callOf(deps, meeting, meetingUrl(deps, meeting)), meeting.state === 'cancelled' ? 'CANCEL' : 'REQUEST');
}

/** The invite of a call (with the moved calls of its series, when it carries them). */
export function inviteText(deps: Deps, call: IcsEvent, method: 'REQUEST' | 'CANCEL'): string {
  return buildInvite(call, icsOptions(deps), method);
}

/** Who reads a mail about a call, grouped by the zone they read times in: customers the account's, our team their own. */
async function readersOf(deps: Deps, db: Executor, meeting: MeetingRecord, account: Pick<Account, 'timezone' | 'ownerId'>): Promise<{ zone: string; otherZone: string; to: string[] }[]> {
  const csmZone = await organiserZone(deps, db, meeting, account);
  const groups = new Map<string, { zone: string; otherZone: string; to: string[] }>();
  for (const a of meeting.attendees) {
    if (!a.email) continue;
    const zone = a.side === 'customer' ? account.timezone : ((a.kind === 'user' ? (await findUser(db, a.id))?.timezone : undefined) ?? csmZone);
    const otherZone = a.side === 'customer' ? csmZone : account.timezone;
    const key = `${zone}|${otherZone}`;
    const group = groups.get(key) ?? { zone, otherZone, to: [] };
    group.to.push(a.email);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The CSM's zone for a call: the organiser's, else the account owner's, else UTC. */
export async function organiserZone(deps: Deps, db: Executor, meeting: Pick<MeetingRecord, 'organiserId'>, account: Pick<Account, 'ownerId'>): Promise<string> {
  const id = meeting.organiserId ?? account.ownerId;
  return (id ? (await findUser(db, id))?.timezone : undefined) ?? 'UTC';
}

/**
 * Queues a calendar update (one mail per reading zone) to every attendee with an address in the
 * change's transaction (`db`); it leaves once that commits. Answers who gets it.
 */
async function sendUpdate(
  deps: Deps,
  db: Executor,
  meeting: MeetingRecord,
  account: Pick<Account, 'timezone' | 'ownerId'>,
  invite: { method: 'REQUEST' | 'CANCEL'; content: string },
  words: (when: (at: string) => string) => { subject: string; blocks: MailBlock[] },
): Promise<string[]> {
  if (!deps.config.smtpUrl) return [];
  const notified: string[] = [];
  for (const group of await readersOf(deps, db, meeting, account)) {
    const { subject, blocks } = words((at) => formatCallTimeFor(at, { zone: group.zone, otherZone: group.otherZone }));
    const mail = renderMail({ blocks });
    await enqueueMail(db, deps, { to: group.to, subject, text: mail.text, html: mail.html, calendar: invite });
    notified.push(...group.to);
  }
  return notified;
}

/** The update every attendee gets when a call (or a whole series) moved: METHOD:REQUEST with the raised SEQUENCE. */
export async function notifyMoved(deps: Deps, db: Executor, before: MeetingRecord, after: MeetingRecord, account: Account, scope: 'occurrence' | 'series'): Promise<string[]> {
  const events = scope === 'series' && after.seriesId ? await seriesEvents(deps, db, await listSeriesMeetings(db, after.seriesId), (m) => meetingUrl(deps, m)) : [await occurrenceEvent(deps, db, after, meetingUrl(deps, after))];
  const content = buildInvite(events, icsOptions(deps), 'REQUEST');
  // The mail says only what the customer view of the call, before and after, holds.
  const [was, is] = [projectCustomerView(before, null, []).meeting, projectCustomerView(after, null, []).meeting];
  return sendUpdate(deps, db, after, account, { method: 'REQUEST', content }, (when) => movedMail(was, is, scope, when));
}

function refuseCancel(meeting: MeetingRecord, now: Date): void {
  const move = transitionMeeting(meeting.state, 'cancel');
  if (!move.ok) throw conflict(`the call is ${meeting.state.replace('_', ' ')}; it can no longer be cancelled`);
  if (Date.parse(meeting.startsAt) <= now.getTime()) throw conflict(`the call started at ${meeting.startsAt.slice(0, 16).replace('T', ' ')} UTC; a call in the past cannot be cancelled`);
}

/**
 * Calls a meeting off (or every call of its series still to come): each moves to `cancelled` with
 * a higher SEQUENCE and the attendees get a METHOD:CANCEL invite: for one call of a series the
 * series' UID with that call's RECURRENCE-ID, so only that call leaves their calendars. A call
 * already held or in the past is refused (409), and then nothing is saved or sent.
 */
export async function cancelMeeting(deps: Deps, actor: Actor, meetingId: string, scope: 'occurrence' | 'series' = 'occurrence'): Promise<{ meeting: MeetingRecord; cancelledMeetingIds: string[]; notified: string[] }> {
  const now = deps.now();
  const outcome = await inTransactionWithOutbox(deps, async (tx) => {
    const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, tx);
    if (scope === 'series' && !meeting.seriesId) throw new AppError('invalid', 'scope: this call is not part of a series', { field: 'scope' });
    const series = meeting.seriesId && scope === 'series' ? await listSeriesMeetings(tx, meeting.seriesId) : [meeting];
    const toCancel = scope === 'series' ? series.filter((c) => transitionMeeting(c.state, 'cancel').ok && Date.parse(c.startsAt) > now.getTime()) : [meeting];
    if (scope === 'occurrence') refuseCancel(meeting, now);
    if (toCancel.length === 0) throw conflict('no call of this series is still to come; there is nothing to cancel');
    const at = now.toISOString();
    const done: MeetingRecord[] = [];
    for (const call of toCancel) {
      const after: MeetingRecord = { ...call, state: 'cancelled', cancelledAt: at, sequence: call.sequence + 1, updatedAt: at };
      await saveMeeting(tx, after);
      await closeTasksFor(tx, 'meeting', call.id, ['send_agenda'], at);
      done.push(after);
    }
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'meeting.cancelled',
      entityType: 'meeting',
      entityId: meetingId,
      before: { state: meeting.state },
      after: { state: 'cancelled', calls: done.length },
      summary: done.length > 1 ? `${meeting.title}: ${done.length} calls from ${done[0]!.startsAt.slice(0, 10)} cancelled` : `${meeting.title} on ${meeting.startsAt.slice(0, 10)} cancelled`,
    });
    const after = scope === 'series' ? await listSeriesMeetings(tx, meeting.seriesId!) : done;
    const result = done.find((d) => d.id === meetingId) ?? { ...meeting };
    const calls = done;
    // The whole series gone: cancel its UID. Some calls of it held: cancel only the calls to come.
    const events = scope === 'series' && after.every((c) => c.state === 'cancelled') ? await seriesEvents(deps, tx, after, (m) => meetingUrl(deps, m)) : await Promise.all(calls.map((c) => occurrenceEvent(deps, tx, c, meetingUrl(deps, c))));
    const content = buildInvite(events, icsOptions(deps), 'CANCEL');
    const first = calls[0]!;
    // Queued in the transaction, so it leaves only if the cancel is saved (and is retried until it
    // does). It says only what the customer view of each call holds.
    const cancelled = calls.map((c) => projectCustomerView(c, null, []).meeting);
    const notified = await sendUpdate(deps, tx, first, account, { method: 'CANCEL', content }, (when) => cancelMail(cancelled, when));
    return { meeting: result, cancelledMeetingIds: calls.map((c) => c.id), notified };
  });
  // The organiser's connected calendar follows once saved (never throws; the sync retries a failure).
  await writeMeetingToCalendar(deps, outcome.meeting);
  return outcome;
}

/** Creates (or rotates) the user's secret calendar feed URL; the old URL stops working. */
export async function createCalendarFeed(deps: Deps, actor: Actor): Promise<{ url: string }> {
  if (!actor.id) throw new AppError('invalid', 'a calendar feed belongs to a user');
  const token = randomBytes(24).toString('base64url');
  await replaceCalendarFeed(deps.store.db, actor.id, sha256(token), deps.now().toISOString());
  return { url: `${deps.config.baseUrl}/calendar/${token}.ics` };
}

export async function deleteCalendarFeed(deps: Deps, actor: Actor): Promise<boolean> {
  return actor.id ? revokeCalendarFeed(deps.store.db, actor.id) : false;
}

/**
 * The feed behind a secret URL: the user's calls from 30 days ago to 90 days ahead. A series is
 * written as the mails write it (one UID, RRULE, EXDATE for cancelled calls, RECURRENCE-ID for
 * moved ones), so a calendar holding both the feed and the invites shows each call once.
 */
export async function calendarFeedFor(deps: Deps, token: string): Promise<string> {
  const userId = token.length <= 100 ? await findCalendarFeedUser(deps.store.db, sha256(token)) : undefined;
  const user = userId ? await findUser(deps.store.db, userId) : undefined;
  if (!user || !user.active) throw new AppError('not_found', 'this calendar link is not valid; create a new one in Cadence');
  const db = deps.store.db;
  const now = deps.now().getTime();
  const meetings = await listMeetings(db, { scopeUserIds: [user.id], from: new Date(now - 30 * 86_400_000).toISOString(), to: new Date(now + 90 * 86_400_000).toISOString() }, 1000);
  const events: IcsEvent[] = [];
  const seen = new Set<string>();
  for (const m of meetings) {
    if (!m.seriesId) {
      events.push(await occurrenceEvent(deps, db, m, meetingUrl(deps, m)));
      continue;
    }
    if (seen.has(m.seriesId)) continue;
    seen.add(m.seriesId);
    events.push(...(await seriesEvents(deps, db, await listSeriesMeetings(db, m.seriesId), (c) => meetingUrl(deps, c))));
  }
  return buildFeed(events, { ...icsOptions(deps), name: `${user.name}: cadence calls` });
}
