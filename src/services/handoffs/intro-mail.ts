import { createHash } from 'node:crypto';
import { projectCustomerAccount } from '../../domain/account/customer-account-view.ts';
import { introMail } from '../../domain/handoff/intro-mail.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid } from '../../errors.ts';
import { renderMail } from '../../integrations/email/mail-layout.ts';
import { authorize } from '../../policies/authorize.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listContacts } from '../../store/contacts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { lockHandoff, saveHandoff, type Handoff } from '../../store/handoffs.repo.ts';
import { listAccountObjectives } from '../../store/objectives.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { assertMailConfigured, enqueueMail, inTransactionWithOutbox } from '../outbox/outbox.ts';
import { recordChange } from '../record-change.ts';
import { canReviewHandoff, loadHandoff, viewOf, type HandoffView } from './handoffs.ts';

/** One introduction mail exactly as its recipient gets it. */
export interface IntroMessage {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
}

export interface IntroPreview {
  messages: IntroMessage[];
  /** Send with this: the send refuses (409) when a mail would differ from what was previewed. */
  fingerprint: string;
}

/** Who is introduced to: the account's active champions, economic buyers and admins with an address (each gets their own mail). */
const INTRO_ROLES = ['champion', 'economic_buyer', 'admin'];

async function composeIntro(deps: Deps, db: Executor, handoff: Handoff, accountName: string): Promise<{ messages: IntroMessage[]; replyTo: string | undefined }> {
  const contacts = (await listContacts(db, { accountIds: [handoff.accountId], scopeUserIds: null, status: ['active'] }, { limit: 500 })).filter((c) => c.email?.trim());
  const greeted = contacts.filter((c) => INTRO_ROLES.includes(c.role));
  const recipients = greeted.length ? greeted : contacts;
  if (recipients.length === 0) throw invalid('the account has no active contact with an email address to introduce yourself to', 'contacts');
  const [to, from, actionItems, objectives] = [
    await findUser(db, handoff.toUserId),
    handoff.fromUserId ? await findUser(db, handoff.fromUserId) : undefined,
    await listActionItems(db, { accountId: handoff.accountId, status: ['open'] }),
    await listAccountObjectives(db, handoff.accountId),
  ];
  const view = projectCustomerAccount({ id: handoff.accountId, name: accountName }, { contacts: recipients, actionItems, objectives });
  const messages = recipients.map((c) => {
    const { subject, content } = introMail({ view, recipientName: c.name, newOwnerName: to?.name ?? deps.config.vendorName, previousOwnerName: from?.name ?? null, vendorName: deps.config.vendorName });
    const { html, text } = renderMail({ ...content, brand: deps.config.vendorName, footer: `You receive this because you work with ${deps.config.vendorName} on ${accountName}.` });
    return { to: [c.email!], cc: to?.email ? [to.email] : [], subject, text, html };
  });
  return { messages, replyTo: to?.email };
}

function fingerprintOf(messages: IntroMessage[]): string {
  return createHash('sha256').update(JSON.stringify(messages)).digest('hex').slice(0, 32);
}

/** Exactly what each customer contact would get, without sending anything. */
export async function previewHandoffIntro(deps: Deps, actor: Actor, id: string): Promise<IntroPreview> {
  const { handoff, account } = await loadHandoff(deps, actor, id, deps.store.db);
  authorize(canReviewHandoff(actor, handoff, account), 'only the new owner (or their manager) introduces themself to the customer');
  const { messages } = await composeIntro(deps, deps.store.db, handoff, account?.name ?? '');
  return { messages, fingerprint: fingerprintOf(messages) };
}

export type IntroConfirmation = { fingerprint: string } | { confirm: true };

/** Sends the introduction mails through the outbox, once: a second send is a 409. */
export async function sendHandoffIntro(deps: Deps, actor: Actor, id: string, confirmation: IntroConfirmation): Promise<HandoffView> {
  const { handoff, account } = await loadHandoff(deps, actor, id, deps.store.db);
  authorize(canReviewHandoff(actor, handoff, account), 'only the new owner (or their manager) introduces themself to the customer');
  assertMailConfigured(deps);
  return inTransactionWithOutbox(deps, async (tx) => {
    await lockHandoff(tx, deps.store.dialect, id);
    const { handoff: current } = await loadHandoff(deps, actor, id, tx);
    if (current.introSentAt) throw new AppError('conflict', `the introduction mail was already sent at ${current.introSentAt}`);
    const { messages, replyTo } = await composeIntro(deps, tx, current, account?.name ?? '');
    if ('fingerprint' in confirmation && confirmation.fingerprint !== fingerprintOf(messages)) {
      throw new AppError('conflict', 'the mail or its recipients changed since the preview; preview it again before sending', { field: 'fingerprint' });
    }
    for (const m of messages) await enqueueMail(tx, deps, { to: m.to, cc: m.cc, subject: m.subject, text: m.text, html: m.html, ...(replyTo ? { replyTo } : {}) });
    const at = deps.now().toISOString();
    const after: Handoff = { ...current, introSentAt: at, updatedAt: at };
    await saveHandoff(tx, after);
    await recordChange(tx, deps, actor, {
      accountId: current.accountId,
      action: 'handoff.intro_sent',
      entityType: 'handoff',
      entityId: id,
      before: { introSentAt: null },
      after: { introSentAt: at, to: messages.flatMap((m) => m.to) },
      summary: `Introduction mail sent to ${messages.flatMap((m) => m.to).join(', ')}`,
    });
    return viewOf(tx, after, account);
  });
}
