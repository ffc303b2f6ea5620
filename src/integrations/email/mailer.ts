import { createRequire } from 'node:module';
import type nodemailer from 'nodemailer';
import { AppError } from '../../errors.ts';

// Loaded only when SMTP is configured: most CLI commands never send mail and should not pay for it (issue #16).
const require = createRequire(import.meta.url);

export interface OutgoingMail {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  text: string;
  html?: string;
  /** An RFC 5545 invite attached as text/calendar (method REQUEST or CANCEL). */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  replyTo?: string;
  /**
   * The RFC 5322 Message-ID, `<id@host>`, fixed when the mail was queued: a resend after a crash
   * carries the same one, so the receiver can drop the duplicate.
   */
  messageId?: string;
}

/** The one port every mail goes through: agendas, follow-ups, invites. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/**
 * SMTP through nodemailer. Mail that cannot be delivered is reported in words, so a CSM knows
 * the follow-up did not go out and why.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  const transport = (require('nodemailer') as typeof nodemailer).createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // Local relays commonly offer no certificate; `?tls=off` says so explicitly.
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(mail) {
      if (mail.to.length === 0) throw new AppError('invalid', 'the mail has no recipients');
      try {
        const info = await transport.sendMail({
          from,
          to: mail.to,
          cc: mail.cc,
          bcc: mail.bcc,
          replyTo: mail.replyTo,
          messageId: mail.messageId,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          icalEvent: mail.calendar ? { method: mail.calendar.method, content: mail.calendar.content } : undefined,
        });
        return { messageId: info.messageId };
      } catch (err) {
        throw new AppError('internal', `the mail could not be sent: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}

/** Used when SMTP_URL is not set: sending fails with a message that says how to configure it. */
export const unconfiguredMailer: Mailer = {
  async send() {
    throw new AppError('invalid', 'mail is not configured: set SMTP_URL (for example smtp://user:pass@mail.example.com:587)');
  },
};
