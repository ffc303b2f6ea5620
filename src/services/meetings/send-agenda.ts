import { renderAgendaEmail } from '../../domain/agenda/agenda-render.ts';
import type { Actor } from '../../domain/model.ts';
import { ShareLinkCreateSchema } from '../../domain/meeting/meeting-input.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { loadAgenda, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { closeTasksFor } from '../../store/tasks.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { callOf, inviteText } from './calendar.ts';
import { getEditableMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { createShareLink } from './share-links.ts';

/**
 * Sends the customer's version of the agenda to the attendees (customers in To, our team in Cc)
 * with a fresh share link, and moves the meeting to `agenda_sent`, keeping the send time so the
 * lead time before the call can be measured.
 */
export async function sendAgenda(deps: Deps, actor: Actor, meetingId: string): Promise<{ meeting: MeetingRecord; recipients: string[]; shareUrl: string }> {
  const { meeting } = await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  if (meeting.state !== 'planned' && meeting.state !== 'agenda_sent') {
    throw new AppError('conflict', `the call is ${meeting.state.replace('_', ' ')}; its agenda can no longer be sent`);
  }
  const customers = meeting.attendees.filter((a) => a.side === 'customer' && a.email);
  if (customers.length === 0) throw new AppError('invalid', 'no customer attendee has an email address; add one to the meeting first', { field: 'attendees' });
  const team = meeting.attendees.filter((a) => a.side === 'vendor' && a.email);
  const sender = actor.id ? await findUser(deps.store.db, actor.id) : undefined;
  const share = await createShareLink(deps, actor, meetingId, ShareLinkCreateSchema.parse({}));
  const agenda = await loadAgenda(deps.store.db, meetingId);
  const mail = renderAgendaEmail({
    agenda,
    title: meeting.title,
    startsAt: meeting.startsAt,
    timezone: meeting.timezone,
    greetingNames: customers.map((c) => c.name.split(' ')[0] ?? c.name),
    senderName: sender?.name ?? deps.config.vendorName,
    shareUrl: share.url,
  });
  const to = customers.map((c) => c.email!);
  const cc = team.map((t) => t.email!);
  // Sent before the state changes: if the mail fails, the meeting still says the agenda is owed.
  // The invite rides along, so the call lands in everyone's calendar with the agenda link in it.
  const invite = inviteText(deps, await callOf(deps, meeting, share.url), 'REQUEST');
  await deps.mailer.send({ to, cc, subject: mail.subject, text: mail.text, html: mail.html, replyTo: sender?.email, calendar: { method: 'REQUEST', content: invite } });
  const at = deps.now().toISOString();
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting: current } = await getEditableMeeting(deps, actor, meetingId, tx);
    const after: MeetingRecord = { ...current, state: 'agenda_sent', agendaSentAt: at, updatedAt: at };
    await saveMeeting(tx, after);
    await closeTasksFor(tx, 'meeting', meetingId, ['send_agenda'], at);
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'meeting.agenda_sent',
      entityType: 'meeting',
      entityId: meetingId,
      before: { state: current.state, agendaSentAt: current.agendaSentAt },
      after: { state: after.state, agendaSentAt: at, to, cc },
      summary: `Agenda of ${meeting.title} sent to ${to.join(', ')}`,
    });
    return { meeting: after, recipients: [...to, ...cc], shareUrl: share.url };
  });
}
