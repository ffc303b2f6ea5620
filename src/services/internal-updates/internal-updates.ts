import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { renderMail } from '../../integrations/email/mail-layout.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { findAccount } from '../../store/accounts.repo.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listOpenRisks } from '../../store/agenda-context.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findInternalUpdates, saveInternalUpdates, type InternalUpdates } from '../../store/internal-updates.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { getUsableIntegration } from '../connections/integrations.ts';
import { enqueueMail, enqueueSlackPost } from '../outbox/outbox.ts';
import { recordChange } from '../record-change.ts';

/**
 * Internal updates to the account team (issue #19 item 6; Sourcegraph's proactive updates in the
 * internal customer channel): after a wrap-up, and when a risk is raised or closed, the recap, the
 * open risks and our open action items go to the account's Slack channel or by mail to its team.
 * Internal only: the recipients are Cadence users (owner and team), never the customer's contacts.
 */

export type InternalUpdateEvent = { kind: 'wrap_up'; meetingTitle: string; recap: readonly string[]; summary: string | null } | { kind: 'risk_raised' | 'risk_closed'; riskLabel: string; resolution?: string | null };

const OFF: Omit<InternalUpdates, 'accountId'> = { channel: 'off', slackIntegration: null, updatedAt: null };

/** Where the account's internal updates go (off until someone chooses). */
export async function getInternalUpdates(deps: Deps, actor: Actor, accountId: string): Promise<InternalUpdates> {
  await getAccount(deps, actor, accountId);
  return (await findInternalUpdates(deps.store.db, accountId)) ?? { accountId, ...OFF };
}

export async function setInternalUpdates(deps: Deps, actor: Actor, accountId: string, input: { channel: InternalUpdates['channel']; slackIntegration?: string | null | undefined }): Promise<InternalUpdates> {
  return deps.store.db.transaction().execute(async (tx) => {
    const account = await getAccount(deps, actor, accountId, tx);
    authorize(canEditAccount(actor, account), 'you may not edit this account');
    const slackIntegration = input.slackIntegration ?? null;
    // A named Slack integration must be a usable one now (400 naming slackIntegration), not at each update.
    if (input.channel === 'slack' && slackIntegration) await getUsableIntegration(deps, tx, slackIntegration, ['slack'], 'slackIntegration');
    const before = (await findInternalUpdates(tx, accountId)) ?? { accountId, ...OFF };
    const after: InternalUpdates = { accountId, channel: input.channel, slackIntegration: input.channel === 'slack' ? slackIntegration : null, updatedAt: deps.now().toISOString() };
    await saveInternalUpdates(tx, after, actor.id);
    await recordChange(tx, deps, actor, {
      accountId,
      action: 'account.internal_updates_set',
      entityType: 'account',
      entityId: accountId,
      before,
      after,
      summary: `Internal updates: ${after.channel === 'off' ? 'off' : after.channel === 'slack' ? 'to Slack' : 'by mail to the account team'}`,
    });
    return after;
  });
}

function lines(title: string, items: string[]): string[] {
  return items.length ? [title, ...items.map((i) => `• ${i}`), ''] : [];
}

/**
 * Queues the account team's update in the caller's transaction (it leaves only if the change
 * commits). Nothing when the account's updates are off or the team has no address. A Slack
 * integration that stopped working is logged, never fails the wrap-up or the risk.
 */
export async function queueInternalUpdate(tx: Executor, deps: Deps, accountId: string, event: InternalUpdateEvent): Promise<void> {
  const settings = await findInternalUpdates(tx, accountId);
  if (!settings || settings.channel === 'off') return;
  const account = await findAccount(tx, accountId);
  if (!account) return;
  const risks = await listOpenRisks(tx, accountId);
  const items = (await listActionItems(tx, { accountId, status: ['open'] })).filter((a) => a.side === 'vendor');
  const headline =
    event.kind === 'wrap_up' ? `Call wrapped up: ${event.meetingTitle}` : event.kind === 'risk_raised' ? `Risk raised: ${event.riskLabel}` : `Risk closed: ${event.riskLabel}${event.resolution ? ` (${event.resolution})` : ''}`;
  const subject = `[Internal] ${account.name}: ${headline}`;
  const body = [
    headline,
    '',
    ...(event.kind === 'wrap_up' ? lines('Recap', [...event.recap, ...(event.summary && event.recap.length === 0 ? [event.summary] : [])]) : []),
    ...lines(
      'Open risks',
      risks.map((r) => `${r.severity} ${r.type.replace(/_/g, ' ')}${r.evidence ? `: ${r.evidence}` : ''}`),
    ),
    ...lines(
      'Our open action items',
      items.map((a) => `${a.text} (${a.owner.name}${a.dueDate ? `, due ${a.dueDate}` : ''})`),
    ),
    `${deps.config.baseUrl}/accounts/${account.id}`,
  ].join('\n');
  if (settings.channel === 'slack') {
    try {
      await enqueueSlackPost(tx, deps, { ...(settings.slackIntegration ? { integration: settings.slackIntegration } : {}), channel: `${account.name} (internal)`, text: `*${subject}*\n${body}` });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      deps.logger.warn({ accountId, err: err.message }, 'internal update not posted: the Slack integration is not usable');
    }
    return;
  }
  const people = [account.ownerId, ...account.team.map((m) => m.userId)].filter((id): id is string => !!id);
  const emails: string[] = [];
  for (const id of new Set(people)) {
    const user = await findUser(tx, id);
    if (user?.active && user.email) emails.push(user.email);
  }
  if (emails.length === 0) return;
  const { html, text } = renderMail({ blocks: body.split('\n\n').map((p) => ({ kind: 'paragraph' as const, text: p })), brand: deps.config.vendorName, footer: 'Internal: for the account team only. Do not forward to the customer.' });
  await enqueueMail(tx, deps, { to: emails, subject, text, html });
}
