import { createHash } from 'node:crypto';
import { agendaMail, projectCustomerView } from '../../domain/agenda/customer-view.ts';
import { formatCallTimeFor } from '../../domain/calendar/call-time.ts';
import type { Account, Actor, User } from '../../domain/model.ts';
import { ShareLinkCreateSchema } from '../../domain/meeting/meeting-input.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { renderMail } from '../../integrations/email/mail-layout.ts';
import { loadAgenda, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import type { Executor } from '../../store/database.ts';
import { closeTasksFor } from '../../store/tasks.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { callOf, inviteText } from './calendar.ts';
import { getEditableMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { assertMailConfigured, enqueueMail, inTransactionWithOutbox } from '../outbox/outbox.ts';
import { createShareLink } from './share-links.ts';

/** One mail exactly as a recipient gets it. */
export interface PreviewedMail {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string }[];
}

export interface AgendaPreview {
  messages: PreviewedMail[];
  /** Send with this to confirm: the send refuses (409) when the mail would differ from what was previewed. */
  fingerprint: string;
  /** The share link is created when the agenda is sent; the preview shows where it will go. */
  shareUrlPlaceholder: string;
}

const INVITE_ATTACHMENT = { filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST' };

/**
 * Who gets the agenda: customers in To, our team in Cc. Every attendee needs an email address
 * and at least one must be on the customer's side; otherwise a 400 names the attendee.
 */
function recipientsOf(meeting: MeetingRecord): { to: string[]; cc: string[]; greetingNames: string[] } {
  const customers = meeting.attendees.filter((a) => a.side === 'customer');
  if (customers.length === 0) throw new AppError('invalid', 'the call has no customer attendee; add one before sending the agenda', { field: 'attendees' });
  const missing = meeting.attendees.findIndex((a) => !a.email?.trim());
  if (missing >= 0) throw new AppError('invalid', `attendee ${meeting.attendees[missing]!.name} has no email address; add one or remove them before sending the agenda`, { field: `attendees[${missing}].email` });
  return {
    to: customers.map((c) => c.email!),
    cc: meeting.attendees.filter((a) => a.side === 'vendor').map((t) => t.email!),
    greetingNames: customers.map((c) => c.name.split(' ')[0] ?? c.name),
  };
}

async function composeAgendaMail(deps: Deps, db: Executor, actor: Actor, meeting: MeetingRecord, account: Account, shareUrl: string): Promise<{ mail: PreviewedMail; sender: User | undefined }> {
  if (meeting.state !== 'planned' && meeting.state !== 'agenda_sent') {
    throw new AppError('conflict', `the call is ${meeting.state.replace('_', ' ')}; its agenda can no longer be sent`);
  }
  const { to, cc, greetingNames } = recipientsOf(meeting);
  const sender = actor.id ? await findUser(db, actor.id) : undefined;
  const view = projectCustomerView(meeting, await loadAgenda(db, meeting.id), []);
  // Customers read the time in the account's zone, ours in brackets.
  const callTime = formatCallTimeFor(meeting.startsAt, { zone: account.timezone, otherZone: sender?.timezone ?? meeting.timezone });
  const { subject, content } = agendaMail(view, { callTime, greetingNames, senderName: sender?.name ?? deps.config.vendorName, shareUrl });
  const { html, text } = renderMail({ ...content, brand: deps.config.vendorName, footer: `You receive this because you are invited to ${meeting.title}. The invite is attached.` });
  return { mail: { to, cc, bcc: [], subject, text, html, attachments: [INVITE_ATTACHMENT] }, sender };
}

function fingerprintOf(mail: PreviewedMail): string {
  return createHash('sha256').update(JSON.stringify(mail)).digest('hex').slice(0, 32);
}

const placeholderUrl = (deps: Deps) => `${deps.config.baseUrl}/share/new-link-created-when-sent`;

/** Exactly what the agenda mail will say and to whom, without sending or saving anything. */
export async function previewAgenda(deps: Deps, actor: Actor, meetingId: string): Promise<AgendaPreview> {
  const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const shareUrlPlaceholder = placeholderUrl(deps);
  const { mail } = await composeAgendaMail(deps, deps.store.db, actor, meeting, account, shareUrlPlaceholder);
  return { messages: [mail], fingerprint: fingerprintOf(mail), shareUrlPlaceholder };
}

/** How a send is confirmed: the fingerprint of the preview the CSM saw, or an explicit yes (the CLI). */
export type AgendaSendConfirmation = { fingerprint: string } | { confirm: true };

/**
 * Sends the customer's version of the agenda to the attendees (customers in To, our team in Cc)
 * with a fresh share link, and moves the meeting to `agenda_sent`, keeping the send time so the
 * lead time before the call can be measured. Needs a confirmation; with a fingerprint, the mail
 * must still be the one previewed.
 */
export async function sendAgenda(deps: Deps, actor: Actor, meetingId: string, confirmation: AgendaSendConfirmation): Promise<{ meeting: MeetingRecord; recipients: string[]; shareUrl: string }> {
  const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const check = await composeAgendaMail(deps, deps.store.db, actor, meeting, account, placeholderUrl(deps));
  if ('fingerprint' in confirmation && confirmation.fingerprint !== fingerprintOf(check.mail)) {
    throw new AppError('conflict', 'the agenda or its recipients changed since the preview; preview it again before sending', { field: 'fingerprint' });
  }
  assertMailConfigured(deps);
  const share = await createShareLink(deps, actor, meetingId, ShareLinkCreateSchema.parse({}));
  const { mail, sender } = await composeAgendaMail(deps, deps.store.db, actor, meeting, account, share.url);
  // The invite rides along, so the call lands in everyone's calendar with the agenda link in it.
  const invite = inviteText(deps, await callOf(deps, meeting, share.url), 'REQUEST');
  const at = deps.now().toISOString();
  // The mail is queued in the transaction that marks the agenda sent, and leaves once it commits
  // (retried by the outbox if it cannot go out now): never sent for an agenda still owed, never lost.
  return inTransactionWithOutbox(deps, async (tx) => {
    const { meeting: current } = await getEditableMeeting(deps, actor, meetingId, tx);
    await enqueueMail(tx, deps, { to: mail.to, cc: mail.cc, subject: mail.subject, text: mail.text, html: mail.html, replyTo: sender?.email, calendar: { method: 'REQUEST', content: invite } });
    const after: MeetingRecord = { ...current, state: 'agenda_sent', agendaSentAt: at, updatedAt: at };
    await saveMeeting(tx, after);
    await closeTasksFor(tx, 'meeting', meetingId, ['send_agenda'], at);
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'meeting.agenda_sent',
      entityType: 'meeting',
      entityId: meetingId,
      before: { state: current.state, agendaSentAt: current.agendaSentAt },
      after: { state: after.state, agendaSentAt: at, to: mail.to, cc: mail.cc },
      summary: `Agenda of ${meeting.title} sent to ${mail.to.join(', ')}`,
    });
    return { meeting: after, recipients: [...mail.to, ...mail.cc], shareUrl: share.url };
  });
}
