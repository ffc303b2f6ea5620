import { businessCalendar } from '../../domain/calendar/business-calendar.ts';
import { assessEngagement, type EngagementAssessment } from '../../domain/meeting/engagement.ts';
import { markdownToSafeHtml } from '../../domain/markdown.ts';
import type { RequestSettle } from '../../domain/meeting/meeting-input.ts';
import { transitionMeeting } from '../../domain/meeting/meeting-state.ts';
import { draftFollowUpFor, mayRedraft, type FollowUpEdit } from '../../domain/meeting/follow-up.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listRequestsRaised } from '../../store/agenda-context.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findFollowUp, saveFollowUp, type FollowUpRecord } from '../../store/follow-ups.repo.ts';
import { listMeetings, loadAgenda, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { closeTasksFor } from '../../store/tasks.repo.ts';
import { findRaisedRequest } from '../../store/tracker.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { loadCadenceSettings } from '../team/cadence-engine.ts';
import { settleRequestIn } from './create-raised-request.ts';
import { getEditableMeeting, getMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';

export async function getFollowUp(deps: Deps, actor: Actor, meetingId: string): Promise<FollowUpRecord> {
  await getMeeting(deps, actor, meetingId);
  const followUp = await findFollowUp(deps.store.db, meetingId);
  if (!followUp) throw notFound('follow-up (wrap the call up first)');
  return followUp;
}

export async function editFollowUp(deps: Deps, actor: Actor, meetingId: string, patch: FollowUpEdit): Promise<FollowUpRecord> {
  return deps.store.db.transaction().execute(async (tx) => {
    await getEditableMeeting(deps, actor, meetingId, tx);
    const current = await findFollowUp(tx, meetingId);
    if (!current) throw notFound('follow-up (wrap the call up first)');
    if (current.sentAt) throw conflict('this follow-up was already sent');
    const text = patch.text ?? current.text;
    const next = {
      ...current,
      subject: patch.subject ?? current.subject,
      text,
      html: patch.text ? markdownToSafeHtml(text) : current.html,
      recipients: patch.recipients ?? current.recipients,
      // The CSM's words: a later redraft must not overwrite them.
      editedAt: patch.subject !== undefined || patch.text !== undefined ? deps.now().toISOString() : current.editedAt,
    };
    await saveFollowUp(tx, next);
    return next;
  });
}

/** The next call planned with the account after this one, if any. */
export async function findNextCall(db: Executor, meeting: Pick<MeetingRecord, 'id' | 'accountId' | 'startsAt'>): Promise<MeetingRecord | undefined> {
  const upcoming = await listMeetings(db, { accountIds: [meeting.accountId], scopeUserIds: null, from: meeting.startsAt, states: ['planned', 'agenda_sent'] }, 5);
  return upcoming.find((m) => m.id !== meeting.id);
}

/**
 * Drafts the follow-up of a held call from what is stored now (recap, every open action item, the
 * next call), or redrafts it after something changed (an accepted suggestion). A draft the CSM
 * edited, or one already sent, is left as it is. The first draft is due at `dueAt`; a redraft
 * keeps the due time it had.
 */
export async function draftFollowUp(deps: Deps, db: Executor, actor: Actor, meeting: MeetingRecord, account: Pick<Account, 'name' | 'timezone'>, dueAt: string): Promise<void> {
  const existing = await findFollowUp(db, meeting.id);
  if (!mayRedraft(existing)) return;
  const [agenda, openItems, sender, next, { holidays }] = await Promise.all([
    loadAgenda(db, meeting.id),
    listActionItems(db, { accountId: meeting.accountId, status: ['open'] }),
    actor.id ? findUser(db, actor.id) : undefined,
    findNextCall(db, meeting),
    loadCadenceSettings(db),
  ]);
  const draft = draftFollowUpFor({
    vendorName: deps.config.vendorName,
    accountName: account.name,
    timezone: account.timezone,
    senderName: sender?.name ?? deps.config.vendorName,
    meeting,
    agenda,
    openItems,
    nextCallAt: next?.startsAt ?? null,
    now: deps.now(),
    calendar: businessCalendar(holidays),
  });
  await saveFollowUp(db, {
    meetingId: meeting.id,
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    recipients: draft.recipients,
    dueAt: existing?.dueAt ?? dueAt,
    draftedAt: deps.now().toISOString(),
    editedAt: null,
    sentAt: null,
    messageId: null,
  });
}

/** The meeting's engagement: complete only when the follow-up is sent and every request is opened. */
export async function engagementOf(db: Executor, meeting: MeetingRecord): Promise<EngagementAssessment> {
  const [items, requests, followUp] = await Promise.all([listActionItems(db, { meetingId: meeting.id }), listRequestsRaised(db, meeting.id), findFollowUp(db, meeting.id)]);
  return assessEngagement(meeting, items, requests, followUp ? { sentAt: followUp.sentAt } : null);
}

/** Moves a followed-up meeting to complete when its engagement is; otherwise leaves it. Call inside the transaction that settled the last outstanding piece. */
export async function completeIfDone(deps: Deps, tx: Executor, actor: Actor, meeting: MeetingRecord): Promise<MeetingRecord> {
  const engagement = await engagementOf(tx, meeting);
  const move = transitionMeeting(meeting.state, 'complete', engagement);
  if (!move.ok || !move.changed) return meeting;
  const at = deps.now().toISOString();
  const done = { ...meeting, state: move.to, completedAt: at, updatedAt: at };
  await saveMeeting(tx, done);
  await recordChange(tx, deps, actor, {
    accountId: meeting.accountId,
    action: 'meeting.completed',
    entityType: 'meeting',
    entityId: meeting.id,
    before: { state: meeting.state },
    after: { state: done.state },
    summary: `Engagement complete for ${meeting.title}: follow-up sent and every request opened`,
  });
  return done;
}

/**
 * Sends the follow-up to the customer attendees, our team in copy and the CRM's logging address
 * in BCC; records the sent time, closes the follow-up task and completes the engagement when
 * nothing else is outstanding.
 */
export async function sendFollowUp(deps: Deps, actor: Actor, meetingId: string): Promise<{ meeting: MeetingRecord; followUp: FollowUpRecord; engagement: EngagementAssessment }> {
  const { meeting } = await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const followUp = await findFollowUp(deps.store.db, meetingId);
  if (!followUp) throw notFound('follow-up (wrap the call up first)');
  if (followUp.sentAt) throw conflict(`this follow-up was already sent at ${followUp.sentAt}`);
  const move = transitionMeeting(meeting.state, 'send_follow_up');
  if (!move.ok) throw conflict(`the call is ${meeting.state.replace('_', ' ')}; wrap it up before sending the follow-up`);
  if (followUp.recipients.length === 0) throw new AppError('invalid', 'the follow-up has no recipients; add the customer emails first', { field: 'recipients' });
  const sender = actor.id ? await findUser(deps.store.db, actor.id) : undefined;
  const cc = meeting.attendees.filter((a) => a.side === 'vendor' && a.email).map((a) => a.email!);
  const sent = await deps.mailer.send({
    to: followUp.recipients,
    cc,
    bcc: deps.config.crmBcc ? [deps.config.crmBcc] : undefined,
    subject: followUp.subject,
    text: followUp.text,
    html: followUp.html,
    replyTo: sender?.email,
  });
  return deps.store.db.transaction().execute(async (tx) => {
    const at = deps.now().toISOString();
    const record = { ...followUp, sentAt: at, messageId: sent.messageId };
    await saveFollowUp(tx, record);
    const { meeting: current } = await getEditableMeeting(deps, actor, meetingId, tx);
    let after: MeetingRecord = { ...current, state: move.to, followUpSentAt: at, updatedAt: at };
    await saveMeeting(tx, after);
    await closeTasksFor(tx, 'meeting', meetingId, ['send_follow_up'], at);
    const late = at > followUp.dueAt;
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'meeting.followed_up',
      entityType: 'meeting',
      entityId: meetingId,
      before: { state: current.state },
      after: { state: after.state, followUpSentAt: at, to: followUp.recipients },
      summary: `Follow-up for ${meeting.title} sent to ${followUp.recipients.join(', ')}${late ? ' (after its one-business-day deadline)' : ''}`,
    });
    after = await completeIfDone(deps, tx, actor, after);
    return { meeting: after, followUp: record, engagement: await engagementOf(tx, after) };
  });
}

/** Records that a ticket or feature request raised in the call was opened (or dismissed). */
export async function settleRequest(deps: Deps, actor: Actor, meetingId: string, requestId: string, input: RequestSettle) {
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting } = await getEditableMeeting(deps, actor, meetingId, tx);
    const found = await findRaisedRequest(tx, requestId);
    if (!found || found.row.raised_in_meeting_id !== meetingId) throw notFound('request raised in this meeting');
    const request = { table: found.table, id: requestId, accountId: meeting.accountId, title: found.row.title, status: found.row.status };
    await settleRequestIn(tx, deps, actor, request, { externalId: input.externalId ?? null, url: input.url ?? null, dismissedReason: input.dismissedReason ?? null });
    const after = await completeIfDone(deps, tx, actor, meeting);
    return { meeting: after, engagement: await engagementOf(tx, after) };
  });
}

export async function getEngagement(deps: Deps, actor: Actor, meetingId: string) {
  const { meeting } = await getMeeting(deps, actor, meetingId);
  return { engagement: await engagementOf(deps.store.db, meeting), requests: await listRequestsRaised(deps.store.db, meetingId) };
}
