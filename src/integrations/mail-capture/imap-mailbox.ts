import type { ImapFlow } from 'imapflow';
import { IntegrationError } from '../errors.ts';
import type { InboundMail } from './smtp-receiver.ts';

/**
 * The other way mail reaches the capture port: a mailbox polled over IMAP (imapflow). It hands
 * over the same InboundMail the SMTP receiver does, so matching, Message-ID dedup and the
 * auto-reply and bounce rules are the capture service's, once for both.
 *
 * Reading by UID (RFC 9051 §2.3.1.1): a message's UID only grows within one UIDVALIDITY; when the
 * server answers another UIDVALIDITY (the mailbox was recreated), the old watermark means nothing
 * and the mailbox is read from its start again (dedup by Message-ID keeps that harmless).
 * Messages are fetched with BODY.PEEK[] (§6.4.5, imapflow's `source`), so \Seen flags stay as
 * the mailbox's owner left them.
 */

export interface ImapSettings {
  host: string;
  port: number;
  /** Implicit TLS (993); false for a plain connection upgraded by STARTTLS when offered. */
  tls: boolean;
  username: string;
  password: string;
  mailbox: string;
}

export interface ImapWatermark {
  uidValidity: string | null;
  lastUid: number;
}

export interface ImapMessage {
  uid: number;
  /** null for a message over the size limit: not read, only counted. */
  mail: InboundMail | null;
  bytes: number;
}

export interface ImapBatch {
  uidValidity: string;
  /** True when the server's UIDVALIDITY is not the watermark's: the mailbox is read from its start. */
  reset: boolean;
  /** In UID order, at most `limit`; the caller moves the watermark after each one it handled. */
  messages: ImapMessage[];
  /** More messages wait past `limit`. */
  more: boolean;
}

/** The mail-capture port's polling side. */
export interface MailboxSource {
  /** Logs in and out again: whether the settings work. */
  check(settings: ImapSettings): Promise<{ uidValidity: string; exists: number }>;
  /** Messages with a UID above the watermark (all of them when UIDVALIDITY changed). */
  readSince(settings: ImapSettings, watermark: ImapWatermark, limit: number, maxBytes: number): Promise<ImapBatch>;
}

const VENDOR = 'imap';

/** imapflow is loaded on the first mailbox read: the server and the CLI start without it (issue #16). */
async function clientFor(s: ImapSettings): Promise<ImapFlow> {
  const { ImapFlow } = await import('imapflow');
  return new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.tls,
    auth: { user: s.username, pass: s.password },
    logger: false,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    disableAutoIdle: true,
  });
}

/** The server's words in Cadence's error kinds: a refused login needs the admin, the rest may pass. */
function failure(err: unknown, s: ImapSettings): IntegrationError {
  const e = err as { authenticationFailed?: boolean; responseText?: string; code?: string; message?: string; mailboxMissing?: boolean; serverResponseCode?: string };
  const target = `${s.host}:${s.port}`;
  if (e?.authenticationFailed || e?.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return new IntegrationError('auth', `the IMAP server ${target} refused the login of ${s.username}${e.responseText ? `: ${e.responseText}` : ''}`, { vendor: VENDOR, target, cause: err });
  }
  if (e?.mailboxMissing || e?.serverResponseCode === 'NONEXISTENT' || /doesn't exist|does not exist|nonexistent/i.test(e?.responseText ?? '')) {
    return new IntegrationError('not_found', `the folder “${s.mailbox}” is not on ${target}`, { vendor: VENDOR, target, cause: err });
  }
  const network = e?.code === 'ECONNREFUSED' ? 'refused' : e?.code === 'ENOTFOUND' ? 'dns' : e?.code === 'ETIMEDOUT' || e?.code === 'ETIMEOUT' ? 'timeout' : undefined;
  return new IntegrationError('temporary', `the IMAP server ${target} could not be read: ${e?.responseText ?? e?.message ?? String(err)}`, { vendor: VENDOR, target, network, cause: err });
}

/** The Return-Path a delivering server wrote (RFC 5321 §4.4): '' for the null sender of a bounce, null when absent. */
export function envelopeFromOf(raw: Buffer): string | null {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const m = /^return-path:\s*<([^>]*)>/im.exec(end >= 0 ? head.slice(0, end) : head);
  return m ? m[1]!.trim().toLowerCase() : null;
}

async function withMailbox<T>(s: ImapSettings, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await clientFor(s);
  // A dropped connection is reported by the command that was waiting; never an unhandled 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw failure(err, s);
  }
  try {
    return await use(client);
  } catch (err) {
    throw err instanceof IntegrationError ? err : failure(err, s);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export const imapMailboxSource: MailboxSource = {
  check: (s) =>
    withMailbox(s, async (client) => {
      if (!(await client.list()).some((b) => b.path === s.mailbox)) throw new IntegrationError('not_found', `the folder “${s.mailbox}” is not on ${s.host}:${s.port}`, { vendor: VENDOR, target: `${s.host}:${s.port}` });
      const status = await client.status(s.mailbox, { uidValidity: true, messages: true });
      if (!status) throw new IntegrationError('not_found', `the folder “${s.mailbox}” is not on ${s.host}:${s.port}`, { vendor: VENDOR, target: `${s.host}:${s.port}` });
      return { uidValidity: String(status.uidValidity ?? ''), exists: status.messages ?? 0 };
    }),

  readSince: (s, watermark, limit, maxBytes) =>
    withMailbox(s, async (client) => {
      const box = await client.mailboxOpen(s.mailbox, { readOnly: true });
      const uidValidity = String(box.uidValidity);
      const reset = watermark.uidValidity !== null && watermark.uidValidity !== uidValidity;
      const after = watermark.uidValidity === uidValidity ? watermark.lastUid : 0;
      if (box.exists === 0 || (box.uidNext !== undefined && box.uidNext <= after + 1)) return { uidValidity, reset, messages: [], more: false };
      // UID FETCH n:* always answers the last message even when its UID is below n (RFC 9051 §6.4.8): filtered here.
      const sizes: { uid: number; size: number }[] = [];
      for await (const m of client.fetch(`${after + 1}:*`, { uid: true, size: true }, { uid: true })) if (m.uid > after) sizes.push({ uid: m.uid, size: m.size ?? 0 });
      sizes.sort((a, b) => a.uid - b.uid);
      const take = sizes.slice(0, limit);
      const messages: ImapMessage[] = [];
      for (const { uid, size } of take) {
        if (size > maxBytes) {
          messages.push({ uid, mail: null, bytes: size });
          continue;
        }
        const m = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (!m || !m.source) continue;
        // Without a Return-Path the sender is not known to be null: '(none)' is not read as a bounce.
        messages.push({ uid, mail: { raw: m.source, envelopeFrom: envelopeFromOf(m.source) ?? '(none)', envelopeTo: [] }, bytes: size });
      }
      return { uidValidity, reset, messages, more: sizes.length > take.length };
    }),
};
