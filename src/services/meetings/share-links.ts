import { randomBytes } from 'node:crypto';
import * as edits from '../../domain/agenda/agenda-edit.ts';
import { customerAttachments, projectCustomerView } from '../../domain/agenda/customer-view.ts';
import { listCustomerAttachments } from '../../store/attachments.repo.ts';
import type { CustomerTopic, ShareLinkCreate } from '../../domain/meeting/meeting-input.ts';
import type { Actor } from '../../domain/model.ts';
import { markDoneByCustomer, noteDoneOnAgenda, plainText, type CustomerDone } from '../../domain/agenda/customer-done.ts';
import type { CustomerView } from '../../domain/agenda/customer-view.ts';
import { DONE_BY_CUSTOMER } from '../../store/customer-done.repo.ts';
import { redraftUnsentFollowUps } from './follow-ups.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { findActionItem, listActionItems, saveActionItem } from '../../store/action-items.repo.ts';
import { findAccount, lockAccounts } from '../../store/accounts.repo.ts';
import { findMeeting, listMeetings, loadAgenda, saveAgenda } from '../../store/meetings.repo.ts';
import { findShareLinkByToken, insertShareLink, listShareLinks, revokeShareLink } from '../../store/share-links.repo.ts';
import { shareLinkState } from '../../domain/meeting/share-link.ts';
import { getEditableMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { sha256 } from '../users/users.ts';

/** One action item as the customer sees it on the share page. */
export type CustomerActionItemView = CustomerView['actionItems'][number];

/** Creates a secret link customer attendees use to read the agenda and propose topics. */
export async function createShareLink(deps: Deps, actor: Actor, meetingId: string, input: ShareLinkCreate): Promise<{ id: string; url: string; expiresAt: string }> {
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting } = await getEditableMeeting(deps, actor, meetingId, tx);
    const token = randomBytes(24).toString('base64url');
    const end = Math.max(Date.parse(meeting.endsAt ?? meeting.startsAt), deps.now().getTime());
    const expiresAt = new Date(end + input.expiresInDays * 86_400_000).toISOString();
    const id = deps.newId();
    await insertShareLink(tx, { id, meetingId, tokenHash: sha256(token), createdBy: actor.id, expiresAt, createdAt: deps.now().toISOString() });
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'share_link.created',
      entityType: 'meeting',
      entityId: meetingId,
      before: null,
      after: { shareLinkId: id, expiresAt },
      summary: `Agenda of ${meeting.title} shared with the customer (link until ${expiresAt.slice(0, 10)})`,
    });
    return { id, url: `${deps.config.baseUrl}/share/${token}`, expiresAt };
  });
}

/**
 * The meeting's customer links, each with whether it works now. Judged here, on the clock that
 * decides whether the customer's page opens: a browser whose clock is off would call a working
 * link expired and hide its Revoke button.
 */
export async function listMeetingShareLinks(deps: Deps, actor: Actor, meetingId: string) {
  await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const now = deps.now();
  return (await listShareLinks(deps.store.db, meetingId)).map((l) => ({
    id: l.id,
    expiresAt: l.expires_at,
    revokedAt: l.revoked_at,
    createdAt: l.created_at,
    state: shareLinkState({ revokedAt: l.revoked_at, expiresAt: l.expires_at }, now),
  }));
}

export async function revokeMeetingShareLink(deps: Deps, actor: Actor, meetingId: string, linkId: string): Promise<void> {
  await deps.store.db.transaction().execute(async (tx) => {
    const { meeting } = await getEditableMeeting(deps, actor, meetingId, tx);
    if (!(await revokeShareLink(tx, meetingId, linkId, deps.now().toISOString()))) throw notFound('share link');
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'share_link.revoked',
      entityType: 'meeting',
      entityId: meetingId,
      before: { shareLinkId: linkId },
      after: null,
      summary: `Customer link to the agenda of ${meeting.title} revoked`,
    });
  });
}

export async function liveLink(deps: Deps, token: string) {
  // The same answer for a wrong, expired or revoked token: a link either works or it does not.
  const link = token.length <= 100 ? await findShareLinkByToken(deps.store.db, sha256(token)) : undefined;
  if (!link || shareLinkState({ revokedAt: link.revoked_at, expiresAt: link.expires_at }, deps.now()) !== 'works') throw new AppError('not_found', 'this link is not valid or has expired; ask your contact for a new one');
  return link;
}

/** The account a live customer link belongs to (not found for a wrong, expired or revoked token). */
export async function accountOfShareLink(deps: Deps, token: string): Promise<{ id: string; name: string }> {
  const link = await liveLink(deps, token);
  const meeting = (await findMeeting(deps.store.db, link.meeting_id))!;
  const account = (await findAccount(deps.store.db, meeting.accountId))!;
  return { id: account.id, name: account.name };
}

/**
 * What a customer attendee sees through the link: the meeting, the shared agenda items and their
 * side's open action items. Never internal items, notes, risks, health, ARR or other accounts.
 */
export async function customerView(deps: Deps, token: string) {
  const link = await liveLink(deps, token);
  const meeting = (await findMeeting(deps.store.db, link.meeting_id))!;
  const account = (await findAccount(deps.store.db, meeting.accountId))!;
  const agenda = await loadAgenda(deps.store.db, meeting.id);
  // Open items, and those ticked off since this link was made (so the customer sees their tick hold).
  const actionItems = (await listActionItems(deps.store.db, { accountId: account.id, status: ['open', 'done'] })).filter((a) => a.status === 'open' || (a.completedAt !== null && a.completedAt >= link.created_at));
  return {
    ...projectCustomerView(meeting, agenda, actionItems),
    attachments: customerAttachments(meeting, agenda, await listCustomerAttachments(deps.store.db, account.id, meeting.id)),
    account: { name: account.name },
    timezone: meeting.timezone,
    expiresAt: link.expires_at,
  };
}

/** A customer proposes a topic: plain text, length-limited, added to "Your topics". */
export async function proposeTopic(deps: Deps, token: string, input: CustomerTopic) {
  const link = await liveLink(deps, token);
  // Plain text only: strip anything that looks like markup rather than trusting renderers.
  const text = input.text
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length < 3) throw new AppError('invalid', 'text must be at least 3 characters of plain text', { field: 'text' });
  const by = input.name?.replace(/<[^>]*>/g, '').trim();
  return deps.store.db.transaction().execute(async (tx) => {
    const meeting = (await findMeeting(tx, link.meeting_id))!;
    // Topics sent from several screens at once each rewrite the agenda: one after the other.
    await lockAccounts(tx, deps.store.dialect, [meeting.accountId]);
    if (meeting.state !== 'planned' && meeting.state !== 'agenda_sent') throw new AppError('conflict', 'this call has already taken place; topics can no longer be added');
    const agenda = await loadAgenda(tx, meeting.id);
    if (agenda.items.filter((i) => i.addedBy === 'customer').length >= 30) throw new AppError('rate_limited', 'this agenda already has 30 topics from your side');
    const result = edits.addItem(agenda, { id: deps.newId(), text: by ? `${text} (${by})` : text, section: 'customer_topics', addedBy: 'customer', visibility: 'shared' });
    if (!result.ok) throw new AppError('invalid', 'the topic could not be added', { field: 'text' });
    await saveAgenda(tx, result.agenda, deps.now().toISOString());
    await recordChange(
      tx,
      deps,
      { id: null, role: 'viewer', reportIds: [], label: `customer${by ? `: ${by}` : ''}` },
      {
        accountId: meeting.accountId,
        action: 'agenda.customer_topic',
        entityType: 'meeting',
        entityId: meeting.id,
        before: null,
        after: { text },
        summary: `Customer proposed a topic for ${meeting.title}: ${text}`,
      },
    );
    return { ok: true };
  });
}

/**
 * A customer ticks off one of their side's action items through the link, with an optional
 * comment: the item is done, the timeline says so, agendas still to come say "Done by the
 * customer: …" and a follow-up not sent yet is redrafted, in one transaction. A vendor item,
 * another account's or a dropped one answers 404 like a wrong id; a second tick changes nothing.
 */
export async function markDoneByCustomerLink(deps: Deps, token: string, itemId: string, input: CustomerDone): Promise<CustomerActionItemView> {
  const link = await liveLink(deps, token);
  const comment = plainText(input.comment);
  const by = plainText(input.name);
  return deps.store.db.transaction().execute(async (tx) => {
    const meeting = (await findMeeting(tx, link.meeting_id))!;
    // Ticks of one item or of several, sent at once, each rewrite the coming agendas and the
    // follow-up draft: the account is held so they apply one after the other, never a 409.
    await lockAccounts(tx, deps.store.dialect, [meeting.accountId]);
    const account = (await findAccount(tx, meeting.accountId))!;
    const outcome = markDoneByCustomer(await findActionItem(tx, itemId), account.id, { comment }, deps.now());
    if (!outcome.ok) throw new AppError('not_found', 'no such action item on this link');
    const item = outcome.item;
    if (outcome.changed) {
      const at = deps.now().toISOString();
      await saveActionItem(tx, item, at);
      const customer: Actor = { id: null, role: 'viewer', reportIds: [], label: `customer${by ? `: ${by}` : ''}` };
      await recordChange(tx, deps, customer, {
        accountId: account.id,
        action: DONE_BY_CUSTOMER,
        entityType: 'action_item',
        entityId: item.id,
        before: { status: 'open' },
        after: { status: 'done', comment, by },
        summary: `${by ? `${by} (customer)` : 'The customer'} marked done: ${item.text}${comment ? `: ${comment}` : ''}`,
      });
      const done = { id: item.id, text: item.text, comment, completedAt: item.completedAt ?? at };
      for (const next of await listMeetings(tx, { accountIds: [account.id], scopeUserIds: null, from: at, states: ['planned', 'agenda_sent'] }, 20)) {
        await saveAgenda(tx, noteDoneOnAgenda(await loadAgenda(tx, next.id), done, deps.newId), at);
      }
      await redraftUnsentFollowUps(deps, tx, customer, account);
    }
    return { id: item.id, text: item.text, ownerName: item.owner.name, dueDate: item.dueDate, status: item.status };
  });
}
