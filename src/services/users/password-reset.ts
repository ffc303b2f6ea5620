import { randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/model.ts';
import type { PasswordResetComplete } from '../../domain/users.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { renderMail } from '../../integrations/email/mail-layout.ts';
import { authorize } from '../../policies/authorize.ts';
import { canManageUsers } from '../../policies/users.policy.ts';
import { deleteSessionsOfUser } from '../../store/auth.repo.ts';
import { findPasswordReset, insertPasswordReset, markPasswordResetUsed } from '../../store/auth.repo.ts';
import { findUser, updatePasswordHash } from '../../store/users.repo.ts';
import { recordChange } from '../record-change.ts';
import { enqueueMail, inTransactionWithOutbox } from '../outbox/outbox.ts';
import { assertPasswordNotCommon, hashPassword } from './passwords.ts';
import { sha256 } from './users.ts';

/** A reset link works once, within an hour: long enough to find the mail, short enough to go stale. */
export const RESET_LINK_MINUTES = 60;

export interface ResetLink {
  /** The one-time link; null when it went by mail (then only the user sees it). */
  link: string | null;
  mailed: boolean;
  expiresAt: string;
}

/**
 * An admin (or the CLI operator) resets a user's password: a one-time link to the set-password page,
 * mailed to the user when SMTP is configured, otherwise handed to the admin to pass on. The token
 * rides in the link's #fragment, which browsers never send, so it stays out of every server log.
 */
export async function requestPasswordReset(deps: Deps, actor: Actor, userId: string): Promise<ResetLink> {
  authorize(canManageUsers(actor), 'only an admin may reset passwords');
  const user = await findUser(deps.store.db, userId);
  if (!user) throw notFound('user');
  if (!user.active) throw new AppError('conflict', `${user.email} is deactivated; reactivate them first`);
  const token = randomBytes(32).toString('base64url');
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + RESET_LINK_MINUTES * 60_000).toISOString();
  const link = `${deps.config.baseUrl}/set-password#token=${token}`;
  const mailed = Boolean(deps.config.smtpUrl);
  // The mail is queued with the link it carries and leaves once both are saved (retried if it cannot go out now).
  await inTransactionWithOutbox(deps, async (tx) => {
    await insertPasswordReset(tx, { id: sha256(token), userId, createdAt: now.toISOString(), expiresAt });
    if (mailed) await enqueueMail(tx, deps, { to: [user.email], subject: 'Set a new Cadence password', ...resetMail(user.name, link) });
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'user.password_reset_requested',
      entityType: 'user',
      entityId: userId,
      before: null,
      after: { expiresAt },
      summary: `Password reset link made for ${user.email}`,
    });
  });
  return mailed ? { link: null, mailed: true, expiresAt } : { link, mailed: false, expiresAt };
}

function resetMail(name: string, link: string): { text: string; html: string } {
  const mail = renderMail({
    preheader: 'Set a new Cadence password',
    greeting: `Hello ${name},`,
    blocks: [
      { kind: 'paragraph', text: `An administrator reset your Cadence password. The link below works once, for ${RESET_LINK_MINUTES} minutes.` },
      { kind: 'button', label: 'Set a new password', url: link },
      { kind: 'paragraph', text: 'If you did not expect this, tell your administrator; your old password no longer matters once a new one is set.' },
    ],
  });
  return { text: mail.text, html: mail.html };
}

/**
 * Sets a new password from a reset link: the link must be unused and unexpired, it is used up in the
 * same transaction, and every session of the user ends (whoever had them must sign in again).
 */
export async function completePasswordReset(deps: Deps, input: PasswordResetComplete): Promise<void> {
  assertPasswordNotCommon(input.password, 'password');
  const hash = await hashPassword(input.password);
  await deps.store.db.transaction().execute(async (tx) => {
    const now = deps.now().toISOString();
    const reset = await findPasswordReset(tx, sha256(input.token));
    if (!reset || reset.used_at || reset.expires_at <= now) throw new AppError('invalid', 'this reset link is not valid: it expired or was used already; ask an admin for a new one', { field: 'token' });
    const user = await findUser(tx, reset.user_id);
    if (!user?.active) throw new AppError('invalid', 'this reset link is not valid: ask an admin for a new one', { field: 'token' });
    if (!(await markPasswordResetUsed(tx, reset.id, now))) throw new AppError('invalid', 'this reset link was used already', { field: 'token' });
    await updatePasswordHash(tx, user.id, hash, now);
    const sessionsEnded = await deleteSessionsOfUser(tx, user.id);
    await recordChange(
      tx,
      deps,
      { id: user.id, role: user.role, reportIds: [], label: user.email },
      {
        accountId: null,
        action: 'user.password_reset',
        entityType: 'user',
        entityId: user.id,
        before: null,
        after: { sessionsEnded },
        summary: `User ${user.email} set a new password from a reset link`,
      },
    );
  });
}
