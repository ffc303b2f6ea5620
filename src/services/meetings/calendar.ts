import { randomBytes } from 'node:crypto';
import { transitionMeeting } from '../../domain/meeting/meeting-state.ts';
import type { Actor } from '../../domain/model.ts';
import type { Recurrence } from '../../domain/calendar/recurrence.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict } from '../../errors.ts';
import { buildFeed, buildInvite, type IcsEvent } from '../../integrations/calendar/ics.ts';
import { toRRule } from '../../domain/calendar/recurrence-rrule.ts';
import { findCalendarFeedUser, replaceCalendarFeed, revokeCalendarFeed } from '../../store/calendar-feeds.repo.ts';
import { listMeetings, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { closeTasksFor } from '../../store/tasks.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { getEditableMeeting, getMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { sha256 } from '../users/users.ts';

function domainOf(deps: Deps): string {
  return new URL(deps.config.baseUrl).hostname;
}

/**
 * A meeting as a calendar event in its own time zone, its description pointing at the agenda.
 * The first call of a series carries the series' id and RRULE, so calendars show every call.
 */
export async function callOf(deps: Deps, meeting: MeetingRecord, agendaUrl: string): Promise<IcsEvent> {
  const organiser = meeting.organiserId ? await findUser(deps.store.db, meeting.organiserId) : undefined;
  const recurrence = meeting.recurrence ? (JSON.parse(meeting.recurrence) as Recurrence) : null;
  const rule = recurrence ? toRRule(meeting.startsAt, meeting.timezone, recurrence) : null;
  return {
    id: meeting.seriesId && rule?.ok ? meeting.seriesId : meeting.id,
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt ?? meeting.startsAt,
    timezone: meeting.timezone,
    sequence: meeting.sequence,
    cancelled: meeting.state === 'cancelled',
    agendaUrl,
    organiser: organiser ? { name: organiser.name, email: organiser.email } : null,
    attendees: meeting.attendees.filter((a) => a.email).map((a) => ({ name: a.name, email: a.email!, optional: a.shadowing })),
    rrule: rule?.ok ? rule.rrule : null,
  };
}

function icsOptions(deps: Deps) {
  return { domain: domainOf(deps), vendorName: deps.config.vendorName, stamp: deps.now().toISOString() };
}

/** The invite (.ics) of a meeting, for the team to download; customers get theirs with the agenda. */
export async function meetingInvite(deps: Deps, actor: Actor, meetingId: string): Promise<string> {
  const { meeting } = await getMeeting(deps, actor, meetingId);
  return buildInvite(await callOf(deps, meeting, `${deps.config.baseUrl}/meetings/${meeting.id}`), icsOptions(deps), meeting.state === 'cancelled' ? 'CANCEL' : 'REQUEST');
}

export function inviteText(deps: Deps, call: IcsEvent, method: 'REQUEST' | 'CANCEL'): string {
  return buildInvite(call, icsOptions(deps), method);
}

/**
 * Calls a meeting off: it moves to `cancelled` with a higher SEQUENCE and the attendees get a
 * METHOD:CANCEL invite so their calendars remove it. Cancelled calls never count as held.
 */
export async function cancelMeeting(deps: Deps, actor: Actor, meetingId: string): Promise<{ meeting: MeetingRecord; notified: string[] }> {
  const result = await deps.store.db.transaction().execute(async (tx) => {
    const { meeting } = await getEditableMeeting(deps, actor, meetingId, tx);
    const move = transitionMeeting(meeting.state, 'cancel');
    if (!move.ok) throw conflict(`the call is ${meeting.state.replace('_', ' ')}; it can no longer be cancelled`);
    const at = deps.now().toISOString();
    const after: MeetingRecord = { ...meeting, state: 'cancelled', cancelledAt: at, sequence: meeting.sequence + 1, updatedAt: at };
    await saveMeeting(tx, after);
    await closeTasksFor(tx, 'meeting', meetingId, ['send_agenda'], at);
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'meeting.cancelled',
      entityType: 'meeting',
      entityId: meetingId,
      before: { state: meeting.state },
      after: { state: 'cancelled' },
      summary: `${meeting.title} on ${meeting.startsAt.slice(0, 10)} cancelled`,
    });
    return after;
  });
  const recipients = result.attendees.filter((a) => a.email).map((a) => a.email!);
  let notified: string[] = [];
  if (deps.config.smtpUrl && recipients.length) {
    const call = await callOf(deps, { ...result, recurrence: null, seriesId: null }, `${deps.config.baseUrl}/meetings/${result.id}`);
    await deps.mailer.send({
      to: recipients,
      subject: `Cancelled: ${result.title}, ${result.startsAt.slice(0, 10)}`,
      text: `${result.title} on ${result.startsAt.slice(0, 16).replace('T', ' ')} UTC is cancelled.`,
      calendar: { method: 'CANCEL', content: inviteText(deps, call, 'CANCEL') },
    });
    notified = recipients;
  }
  return { meeting: result, notified };
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

/** The feed behind a secret URL: the user's calls from 30 days ago to 90 days ahead. */
export async function calendarFeedFor(deps: Deps, token: string): Promise<string> {
  const userId = token.length <= 100 ? await findCalendarFeedUser(deps.store.db, sha256(token)) : undefined;
  const user = userId ? await findUser(deps.store.db, userId) : undefined;
  if (!user || !user.active) throw new AppError('not_found', 'this calendar link is not valid; create a new one in Cadence');
  const now = deps.now().getTime();
  const meetings = await listMeetings(deps.store.db, { scopeUserIds: [user.id], from: new Date(now - 30 * 86_400_000).toISOString(), to: new Date(now + 90 * 86_400_000).toISOString() }, 1000);
  const calls = await Promise.all(meetings.map((m) => callOf(deps, { ...m, recurrence: null, seriesId: null }, `${deps.config.baseUrl}/meetings/${m.id}`)));
  return buildFeed(calls, { ...icsOptions(deps), name: `${user.name}: cadence calls` });
}
