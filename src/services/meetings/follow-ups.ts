import { createHash } from 'node:crypto';
import { projectCustomerCall } from '../../domain/agenda/customer-view.ts';
import { businessCalendar } from '../../domain/calendar/business-calendar.ts';
import { assessEngagement, type EngagementAssessment } from '../../domain/meeting/engagement.ts';
import type { RequestSettle } from '../../domain/meeting/meeting-input.ts';
import { transitionMeeting } from '../../domain/meeting/meeting-state.ts';
import { contentFromText, describeUnaddressed, draftFollowUpFor, mayRedraft, type FollowUpDraft, type FollowUpEdit, type FollowUpSend, type ItemReview } from '../../domain/meeting/follow-up.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { renderMail } from '../../integrations/email/mail-layout.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listRequestsRaised } from '../../store/agenda-context.repo.ts';
import { listActionItemsChangedSince, loadCallOutcomes } from '../../store/call-outcomes.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findFollowUp, listUnsentFollowUps, saveFollowUp, type FollowUpRecord } from '../../store/follow-ups.repo.ts';
import { findMeeting, listMeetings, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { closeTasksFor } from '../../store/tasks.repo.ts';
import { findRaisedRequest } from '../../store/tracker.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { loadCadenceSettings } from '../team/cadence-engine.ts';
import { settleRequestIn } from './create-raised-request.ts';
import { getEditableMeeting, getMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { assertMailConfigured, enqueueMail, inTransactionWithOutbox } from '../outbox/outbox.ts';

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
      // The CSM's text is sent as typed; its HTML part is laid out like every other mail.
      html: patch.text ? renderMail(contentFromText(text)).html : current.html,
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

/** The follow-up as Cadence would write it now, from what is stored: the CSM's outcomes, the action items, the next call. */
async function composeDraft(deps: Deps, db: Executor, actor: Actor, meeting: MeetingRecord, account: Pick<Account, 'name' | 'timezone'>): Promise<FollowUpDraft & { text: string; html: string }> {
  const [outcomes, openItems, thisCall, requests, sender, next, { holidays }] = await Promise.all([
    loadCallOutcomes(db, meeting.id),
    listActionItems(db, { accountId: meeting.accountId, status: ['open'] }),
    listActionItems(db, { accountId: meeting.accountId, status: ['done'] }),
    listRequestsRaised(db, meeting.id),
    actor.id ? findUser(db, actor.id) : undefined,
    findNextCall(db, meeting),
    loadCadenceSettings(db),
  ]);
  // Done in (or since) this call: its own items closed, and older ones closed once the call began.
  const doneInCall = thisCall.filter((a) => a.meetingId === meeting.id || (a.completedAt !== null && Date.parse(a.completedAt) >= Date.parse(meeting.startsAt)));
  // This call's items done in the call first, then every open item of the account.
  const customer = projectCustomerCall(meeting, account.name, { outcomes, actionItems: [...doneInCall, ...openItems], requests });
  const draft = draftFollowUpFor({
    vendorName: deps.config.vendorName,
    timezone: account.timezone,
    ourTimezone: sender?.timezone ?? null,
    senderName: sender?.name ?? deps.config.vendorName,
    customer,
    // A planned call whose time has passed is no promise to make: the mail says the date will be confirmed.
    nextCallAt: next && Date.parse(next.startsAt) > deps.now().getTime() ? next.startsAt : null,
    now: deps.now(),
    calendar: businessCalendar(holidays),
  });
  return { ...draft, ...renderMail(draft.content) };
}

/**
 * Drafts the follow-up of a held call from what is stored now (the CSM's recap, decisions and
 * questions, the action items, the next call), or redrafts it after something changed (an accepted
 * suggestion, an action item added or edited). A draft the CSM edited, or one already sent, is
 * left as it is. The first draft is due at `dueAt`; a redraft keeps the due time it had.
 */
export async function draftFollowUp(deps: Deps, db: Executor, actor: Actor, meeting: MeetingRecord, account: Pick<Account, 'name' | 'timezone'>, dueAt: string): Promise<void> {
  const existing = await findFollowUp(db, meeting.id);
  if (!mayRedraft(existing)) return;
  const draft = await composeDraft(deps, db, actor, meeting, account);
  await saveFollowUp(db, {
    meetingId: meeting.id,
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    recipients: existing?.recipients ?? draft.recipients,
    dueAt: existing?.dueAt ?? dueAt,
    draftedAt: deps.now().toISOString(),
    editedAt: null,
    sentAt: null,
    messageId: null,
  });
}

/**
 * After an action item of the account was added, edited or closed: every follow-up not sent yet
 * is redrafted, unless the CSM edited it (then the preview says which items changed since).
 */
export async function redraftUnsentFollowUps(deps: Deps, tx: Executor, actor: Actor, account: Pick<Account, 'id' | 'name' | 'timezone'>): Promise<void> {
  for (const followUp of await listUnsentFollowUps(tx, account.id)) {
    if (!mayRedraft(followUp)) continue;
    const meeting = await findMeeting(tx, followUp.meetingId);
    if (meeting) await draftFollowUp(deps, tx, actor, meeting, account, followUp.dueAt);
  }
}

/** One mail exactly as a recipient receives it. */
export interface MailPreview {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string }[];
}

export interface FollowUpPreview {
  messages: MailPreview[];
  /** Every live action item and whether the message addresses it. */
  review: ItemReview[];
  /** Sending refuses without `sendWithUnaddressed` while this is non-empty. */
  unaddressed: ItemReview[];
  warnings: string[];
  /** For a draft the CSM edited: what changed since, which the message does not show. */
  notices: string[];
  /** Send this back to send exactly what was previewed. */
  fingerprint: string;
}

async function previewIn(deps: Deps, db: Executor, actor: Actor, meetingId: string): Promise<{ preview: FollowUpPreview; meeting: MeetingRecord; followUp: FollowUpRecord }> {
  const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, db);
  const followUp = await findFollowUp(db, meetingId);
  if (!followUp) throw notFound('follow-up (wrap the call up first)');
  if (followUp.sentAt) throw conflict(`this follow-up was already sent at ${followUp.sentAt}`);
  // A draft nobody edited is written afresh for today, so no date that has passed since is promised.
  const fresh = await composeDraft(deps, db, actor, meeting, account);
  const edited = !mayRedraft(followUp);
  const body = edited ? { subject: followUp.subject, text: followUp.text, html: followUp.html } : { subject: fresh.subject, text: fresh.text, html: fresh.html };
  const message: MailPreview = {
    to: followUp.recipients,
    cc: meeting.attendees.filter((a) => a.side === 'vendor' && a.email && !followUp.recipients.includes(a.email)).map((a) => a.email!),
    bcc: deps.config.crmBcc ? [deps.config.crmBcc] : [],
    ...body,
    attachments: [],
  };
  const notices: string[] = [];
  if (edited && followUp.editedAt) {
    const changed = await listActionItemsChangedSince(db, meeting.accountId, followUp.editedAt);
    if (changed.length) {
      const n = changed.length === 1 ? '1 action item changed' : `${changed.length} action items changed`;
      notices.push(`${n} since you edited the draft: ${changed.map((c) => `"${c.text}"`).join(', ')}. The message keeps your words; edit it to match, or redraft it.`);
    }
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 32);
  const unaddressed = fresh.review.filter((r) => !r.addressed);
  return { preview: { messages: [message], review: fresh.review, unaddressed, warnings: fresh.warnings, notices, fingerprint }, meeting, followUp };
}

/** Exactly what each recipient of the follow-up will get (To, Cc, Bcc, subject, both parts), and how it answers each action item. Writes nothing. */
export async function previewFollowUp(deps: Deps, actor: Actor, meetingId: string): Promise<FollowUpPreview> {
  return (await previewIn(deps, deps.store.db, actor, meetingId)).preview;
}

/** Drops the CSM's edits and drafts the follow-up again from what is stored now. */
export async function redraftFollowUp(deps: Deps, actor: Actor, meetingId: string): Promise<FollowUpRecord> {
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, tx);
    const current = await findFollowUp(tx, meetingId);
    if (!current) throw notFound('follow-up (wrap the call up first)');
    if (current.sentAt) throw conflict('this follow-up was already sent');
    await saveFollowUp(tx, { ...current, editedAt: null });
    await draftFollowUp(deps, tx, actor, meeting, account, current.dueAt);
    return (await findFollowUp(tx, meetingId))!;
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
 * Sends the follow-up, once confirmed (a fingerprint must match the preview's), to the
 * customer attendees, our team in copy and the CRM's logging address in BCC; refuses while an open
 * action item is not addressed unless told to send anyway. Records the sent time and what was
 * sent, closes the follow-up task and completes the engagement when nothing else is outstanding.
 */
export async function sendFollowUp(deps: Deps, actor: Actor, meetingId: string, confirm: FollowUpSend): Promise<{ meeting: MeetingRecord; followUp: FollowUpRecord; engagement: EngagementAssessment }> {
  const { preview, meeting, followUp } = await previewIn(deps, deps.store.db, actor, meetingId);
  const move = transitionMeeting(meeting.state, 'send_follow_up');
  if (!move.ok) throw conflict(`the call is ${meeting.state.replace('_', ' ')}; wrap it up before sending the follow-up`);
  if (followUp.recipients.length === 0) throw new AppError('invalid', 'the follow-up has no recipients; add the customer emails first', { field: 'recipients' });
  if (confirm.fingerprint !== undefined && confirm.fingerprint !== preview.fingerprint) throw conflict('the follow-up changed since you previewed it; preview it again and confirm what you see', 'fingerprint');
  const unaddressed = describeUnaddressed(preview.unaddressed);
  if (unaddressed && !confirm.sendWithUnaddressed) throw conflict(`${unaddressed}. Give each a next step and a date, or confirm sending anyway (sendWithUnaddressed)`, 'sendWithUnaddressed');
  const mail = preview.messages[0]!;
  const sender = actor.id ? await findUser(deps.store.db, actor.id) : undefined;
  assertMailConfigured(deps);
  // Queued with the change that records it sent and delivered once that commits (the outbox
  // retries it if it cannot go out now); its Message-ID is known from here on.
  return inTransactionWithOutbox(deps, async (tx) => {
    const sent = await enqueueMail(tx, deps, { to: mail.to, cc: mail.cc, bcc: mail.bcc.length ? mail.bcc : undefined, subject: mail.subject, text: mail.text, html: mail.html, replyTo: sender?.email });
    const at = deps.now().toISOString();
    const record = { ...followUp, subject: mail.subject, text: mail.text, html: mail.html, sentAt: at, messageId: sent.messageId };
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
      summary: `Follow-up for ${meeting.title} sent to ${followUp.recipients.join(', ')}${late ? ' (after its one-business-day deadline)' : ''}${unaddressed ? ` with ${preview.unaddressed.length} action item(s) not addressed` : ''}`,
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
