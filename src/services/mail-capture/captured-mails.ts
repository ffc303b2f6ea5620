import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { canReadCapturedMailBody } from '../../policies/mail-capture.policy.ts';
import { listCapturedMails as listRows } from '../../store/captured-mails.repo.ts';
import { getAccount } from '../accounts/accounts.ts';

export interface CapturedMail {
  id: string;
  accountId: string;
  touchId: string;
  messageId: string;
  subject: string;
  from: string | null;
  participants: { address: string; name: string; side: 'customer' | 'internal' }[];
  excerpt: string;
  /** The whole text, sanitised (control and bidi characters removed). */
  bodyText: string;
  /** The HTML part, sanitised with the notes' rules (no scripts, handlers or foreign schemes); null for a text-only mail. */
  bodyHtml: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
  forwardedBy: string | null;
  sentAt: string;
  capturedAt: string;
}

/** One page of the mails captured on an account, newest first, with their bodies: for who may read the account's notes (else 404). */
export async function listCapturedMails(deps: Deps, actor: Actor, accountId: string, query: { limit: number; cursor?: string | undefined }): Promise<{ items: CapturedMail[]; nextCursor: string | null }> {
  const account = await getAccount(deps, actor, accountId);
  if (!canReadCapturedMailBody(actor, account)) throw notFound('account');
  const rows = await listRows(deps.store.db, account.id, query.limit + 1, query.cursor);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      touchId: r.touch_id,
      messageId: r.message_id,
      subject: r.subject,
      from: r.from_address,
      participants: JSON.parse(r.participants) as CapturedMail['participants'],
      excerpt: r.excerpt,
      bodyText: r.body_text,
      bodyHtml: r.body_html,
      attachments: JSON.parse(r.attachments) as CapturedMail['attachments'],
      forwardedBy: r.forwarded_by,
      sentAt: r.sent_at,
      capturedAt: r.captured_at,
    })),
    nextCursor: rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
