import { createHash } from 'node:crypto';
import { cleanBodyText, customerAddresses, dropReason, forwardedPart, internalParty, mailExcerpt, oneLine, PUBLIC_MAIL_DOMAINS, stripForwardPrefix, type CapturedMessage, type MailAddress } from '../../domain/mail-capture/captured-mail.ts';
import { sanitizeFragment } from '../../domain/markdown.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { parseMail } from '../../integrations/mail-capture/parse-mail.ts';
import type { InboundMail } from '../../integrations/mail-capture/smtp-receiver.ts';
import { findCapturedMailByMessageId, insertCapturedMail, insertMailCaptureLog, listUserEmails } from '../../store/captured-mails.repo.ts';
import { fromDatabaseError } from '../../store/db-errors.ts';
import { insertAuditEntry, insertTimelineEntry } from '../../store/history.repo.ts';
import { getSetting } from '../../store/settings.repo.ts';
import { insertTouch } from '../../store/touches.repo.ts';
import { refreshCadence } from '../team/cadence-engine.ts';
import { matchMailToAccount } from './match-account.ts';

/** Why a mail the receiver took was not logged; each is counted in `cadence mail status`. */
export type SkipReason = 'auto_reply' | 'bounce' | 'no_customer_address' | 'no_account' | 'ambiguous_account' | 'duplicate' | 'too_large' | 'unreadable';

export type CaptureOutcome = { outcome: 'logged'; accountId: string; capturedMailId: string; touchId: string } | { outcome: 'skipped'; reason: SkipReason; detail: string };

type CaptureDeps = Deps;

/** The never-customer domains calendar sync keeps (services/calendar-sync: `cadence calendar never-customer`); ours when unset. */
const NEVER_CUSTOMER_SETTING = 'calendar_sync.never_customer_domains';

const participantsOf = (list: MailAddress[], side: 'customer' | 'internal') => list.map((a) => ({ address: a.address, name: oneLine(a.name, 120), side }));

/** The Message-ID a copy is recognised by: the header, or a digest of the message when a sender left it out. */
function messageKey(mail: CapturedMessage, raw: Buffer): string {
  return oneLine(mail.messageId ?? `<sha256-${createHash('sha256').update(raw).digest('hex')}@cadence.capture>`, 998);
}

async function logSkip(deps: CaptureDeps, reason: SkipReason, detail: string, extra: { messageId?: string | null; accountId?: string | null } = {}): Promise<CaptureOutcome> {
  await insertMailCaptureLog(deps.store.db, {
    id: deps.newId(),
    received_at: deps.now().toISOString(),
    outcome: 'skipped',
    reason,
    detail: oneLine(detail, 500),
    message_id: extra.messageId ?? null,
    account_id: extra.accountId ?? null,
    captured_mail_id: null,
  });
  return { outcome: 'skipped', reason, detail };
}

/** A mail refused for its size (the receiver answers 552): counted, never read. */
export async function recordTooLargeMail(deps: CaptureDeps, info: { bytes: number | null; limit: number }): Promise<CaptureOutcome> {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return logSkip(deps, 'too_large', `a mail of ${info.bytes === null ? 'unknown size' : mb(info.bytes)} is over the ${mb(info.limit)} limit (CADENCE_CAPTURE_MAX_MB)`);
}

/** A mail that could not be processed (the receiver answers 451, the sender retries): the status's last error. */
export async function recordCaptureFailure(deps: CaptureDeps, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  await insertMailCaptureLog(deps.store.db, {
    id: deps.newId(),
    received_at: deps.now().toISOString(),
    outcome: 'failed',
    reason: 'error',
    detail: oneLine(message, 500),
    message_id: null,
    account_id: null,
    captured_mail_id: null,
  }).catch(() => undefined);
}

/**
 * Logs one mail taken by the capture receiver as a touch of kind `email` on its account: the
 * touch, the captured mail (subject, participants, excerpt, sanitised body, attachment names),
 * the timeline line, the audit entry and the account's cadence, in one transaction. Auto-replies,
 * bounces, mail with no customer address or no account, and a Message-ID already logged on the
 * account are skipped and counted with their reason; nothing of a skipped mail is written but
 * that count. A mail a Cadence user forwarded is logged by the addresses inside the forward.
 */
export async function captureMail(deps: CaptureDeps, inbound: InboundMail): Promise<CaptureOutcome> {
  let mail: CapturedMessage;
  try {
    mail = await parseMail(inbound.raw);
  } catch (err) {
    return logSkip(deps, 'unreadable', `the mail could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const messageId = messageKey(mail, inbound.raw);
  const drop = dropReason(mail, inbound.envelopeFrom);
  if (drop) return logSkip(deps, drop, drop === 'bounce' ? `a delivery report: ${oneLine(mail.subject, 120)}` : `an automatic reply: ${oneLine(mail.subject, 120)}`, { messageId });

  const [users, neverCustomer] = await Promise.all([listUserEmails(deps.store.db), getSetting<string[]>(deps.store.db, NEVER_CUSTOMER_SETTING)]);
  const publicDomains: ReadonlySet<string> = neverCustomer ? new Set(neverCustomer.map((d) => d.toLowerCase())) : PUBLIC_MAIL_DOMAINS;
  const internal = internalParty(
    users.map((u) => u.email),
    [deps.config.mailCapture.address, deps.config.crmBcc, ...(/<([^>]+)>/.exec(deps.config.mailFrom)?.slice(1) ?? [deps.config.mailFrom])],
    publicDomains,
  );
  const sender = mail.from[0];
  const forwarder = sender ? users.find((u) => u.email.toLowerCase() === sender.address) : undefined;
  // A forward by one of us is about the people inside it, not the forwarder and the capture address.
  const forwarded = forwarder ? forwardedPart(mail.text) : null;
  const people: MailAddress[] = forwarded ? [...forwarded.from, ...forwarded.recipients] : [...mail.from, ...mail.to, ...mail.cc];
  const customers = customerAddresses(people, internal);
  if (customers.length === 0) return logSkip(deps, 'no_customer_address', `no customer address among ${people.length} participant${people.length === 1 ? '' : 's'}`, { messageId });

  const match = await matchMailToAccount(deps.store.db, customers, publicDomains);
  if (!match.matched) return logSkip(deps, match.reason, match.detail, { messageId });
  const accountId = match.accountId;
  if (await findCapturedMailByMessageId(deps.store.db, accountId, messageId)) return logSkip(deps, 'duplicate', `${messageId} is already on the account`, { messageId, accountId });

  const now = deps.now().toISOString();
  // A Date header in the future (a wrong clock) or missing: the touch happened when it arrived.
  const sentAt = mail.sentAt && mail.sentAt <= now ? mail.sentAt : now;
  const subject = oneLine(forwarded?.subject ?? (forwarder ? stripForwardPrefix(mail.subject) : mail.subject), 300) || '(no subject)';
  const bodyText = cleanBodyText(mail.text);
  // A forward's excerpt is what the customer wrote, not the forwarder's line above it.
  const excerpt = mailExcerpt(forwarded?.body.trim() ? cleanBodyText(forwarded.body) : bodyText);
  const internalPeople = people.filter((p) => !customers.some((c) => c.address === p.address) && p.address !== deps.config.mailCapture.address);
  const participants = [...participantsOf(customers, 'customer'), ...participantsOf([...new Map(internalPeople.map((p) => [p.address, p])).values()], 'internal')];
  const from = forwarded?.from[0] ?? sender ?? null;
  const attachments = mail.attachments.map((a) => ({ filename: a.filename === null ? null : oneLine(a.filename, 200), contentType: oneLine(a.contentType, 100), size: a.size }));
  const ids = { mail: deps.newId(), touch: deps.newId() };
  const actor: Actor = { id: forwarder?.id ?? null, role: 'admin', reportIds: [], label: 'mail capture' };

  try {
    await deps.store.db.transaction().execute(async (tx) => {
      const touch = { id: ids.touch, account_id: accountId, kind: 'email', occurred_at: sentAt, note: `Email: ${subject}`, user_id: forwarder?.id ?? null, created_at: now };
      await insertTouch(tx, touch);
      await insertCapturedMail(tx, {
        id: ids.mail,
        account_id: accountId,
        touch_id: ids.touch,
        message_id: messageId,
        subject,
        from_address: from?.address ?? null,
        participants: JSON.stringify(participants),
        excerpt,
        body_text: bodyText,
        body_html: mail.html ? sanitizeFragment(mail.html) : null,
        attachments: JSON.stringify(attachments),
        forwarded_by: forwarded ? (forwarder?.id ?? null) : null,
        sent_at: sentAt,
        captured_at: now,
      });
      const who = from ? oneLine(from.name || from.address, 120) : 'unknown sender';
      await insertTimelineEntry(tx, {
        id: deps.newId(),
        accountId,
        kind: 'touch.email_captured',
        summary: `Email "${subject}" from ${who}`,
        // The excerpt only: the full body is read through the captured-mails route, by who may read the account's notes.
        detail: { entityType: 'captured_mail', entityId: ids.mail, touchId: ids.touch, subject, from: from?.address ?? null, participants: participants.map((p) => p.address), excerpt, attachments: attachments.length },
        actorId: forwarder?.id ?? null,
        occurredAt: sentAt,
      });
      await insertAuditEntry(tx, {
        id: deps.newId(),
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'touch.email_captured',
        entityType: 'captured_mail',
        entityId: ids.mail,
        before: null,
        after: { id: ids.mail, accountId, touchId: ids.touch, messageId, subject, participants: participants.map((p) => p.address), sentAt, matchedBy: match.by },
        at: now,
      });
      await refreshCadence(deps, tx, [accountId]);
      await insertMailCaptureLog(tx, { id: deps.newId(), received_at: now, outcome: 'logged', reason: null, detail: null, message_id: messageId, account_id: accountId, captured_mail_id: ids.mail });
    });
  } catch (err) {
    // Two copies at once: the second meets the unique Message-ID and is the duplicate it is.
    if (fromDatabaseError(err)) return logSkip(deps, 'duplicate', `${messageId} is already on the account`, { messageId, accountId });
    throw err;
  }
  return { outcome: 'logged', accountId, capturedMailId: ids.mail, touchId: ids.touch };
}
