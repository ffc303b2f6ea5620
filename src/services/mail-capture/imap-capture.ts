import { z } from 'zod';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict, forbidden } from '../../errors.ts';
import { isIntegrationError } from '../../integrations/errors.ts';
import { imapMailboxSource, type ImapSettings, type MailboxSource } from '../../integrations/mail-capture/imap-mailbox.ts';
import { decryptSecret, encryptSecret } from '../../integrations/secrets.ts';
import { findAccountsByIds } from '../../store/accounts.repo.ts';
import { claimImapMailbox, deleteImapMailbox, findImapMailbox, saveImapMailbox, updateImapMailbox, type ImapCounts, type ImapMailbox } from '../../store/imap-mailboxes.repo.ts';
import { captureMail, recordCaptureFailure, recordTooLargeMail } from './capture-mail.ts';

/**
 * The workspace's IMAP mailbox, polled for customer mail: each new message (by UID, UIDVALIDITY
 * kept as the watermark) goes through captureMail like one the SMTP receiver took, so matching,
 * Message-ID dedup and the auto-reply and bounce rules are the same. One node polls at a time (a
 * lease); a refused login marks the mailbox needs_reauth and it is not tried again until an admin
 * connects it again.
 */

export const ImapConnectSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or IP address')
    .describe('The IMAP server, e.g. imap.fastmail.com'),
  port: z.number().int().min(1).max(65_535).default(993).describe('993 for implicit TLS, 143 for a plain (STARTTLS) connection'),
  tls: z.boolean().default(true).describe('Implicit TLS (port 993); false for a plain connection'),
  username: z.string().trim().min(1).max(320).describe('The mailbox login'),
  password: z.string().min(1).max(1000).describe('The password or app password; stored encrypted'),
  mailbox: z.string().trim().min(1).max(200).default('INBOX').describe('The folder to read'),
  intervalMinutes: z.number().int().min(1).max(1440).default(5).describe('Minutes between polls'),
});
export type ImapConnectInput = z.output<typeof ImapConnectSchema>;

/** What the status shows: never the password. */
export interface ImapMailboxView {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  mailbox: string;
  status: ImapMailbox['status'];
  intervalMinutes: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  nextSyncAt: string | null;
  lastError: string | null;
  lastCounts: ImapCounts | null;
  uidValidity: string | null;
  lastUid: number;
}

export interface ImapSyncResult {
  status: 'ok' | 'failed' | 'needs_reauth' | 'busy' | 'not_connected';
  counts: ImapCounts;
  /** The accounts this poll filed mail to, most mails first: what an admin checks after "Sync now". */
  accounts: { id: string; name: string; logged: number }[];
  error: string | null;
}

/** Messages read per poll: the watermark moves after each batch, and the next poll goes on. */
const BATCH = 200;
const BATCHES_PER_RUN = 10;
const LEASE_MS = 10 * 60_000;
const SECRET_CONTEXT = 'mail_imap.password';

const viewOf = (m: ImapMailbox): ImapMailboxView => ({
  host: m.host,
  port: m.port,
  tls: m.tls,
  username: m.username,
  mailbox: m.mailbox,
  status: m.status,
  intervalMinutes: m.intervalMinutes,
  lastSuccessAt: m.lastSuccessAt,
  lastAttemptAt: m.lastAttemptAt,
  nextSyncAt: m.nextSyncAt,
  lastError: m.lastError,
  lastCounts: m.lastCounts,
  uidValidity: m.uidValidity,
  lastUid: m.lastUid,
});

function describe(err: unknown, doing: string): string {
  if (isIntegrationError(err) && err.kind === 'auth')
    return `${err.message} while ${doing}: the password was changed or revoked. Connect the mailbox again (Settings → Calendar & mail, or cadence mail imap connect …); until then Cadence does not try it again.`;
  return `While ${doing}: ${err instanceof Error ? err.message : String(err)}`;
}

/** A first connect that fails: what to check, not "connect again". */
function describeConnect(err: unknown): string {
  if (isIntegrationError(err) && err.kind === 'auth') return `${err.message}. Check the user name and the password (many providers want an app password here).`;
  if (isIntegrationError(err) && err.kind === 'not_found') return `${err.message}. Check the folder name (INBOX, or a folder of that mailbox).`;
  return `${err instanceof Error ? err.message : String(err)}. Check the server, the port and TLS.`;
}

const requireAdmin = (actor: Actor, doing: string) => {
  if (actor.role !== 'admin') throw forbidden(`only an admin ${doing} the capture mailbox`);
};

/** Connects the workspace's mailbox (admins): the login is tried first, so a wrong password is a 400 now, not a failing job later. */
export async function connectImapMailbox(deps: Deps, actor: Actor, input: ImapConnectInput, options: { source?: MailboxSource } = {}): Promise<ImapMailboxView> {
  requireAdmin(actor, 'connects');
  const settings: ImapSettings = { host: input.host, port: input.port, tls: input.tls, username: input.username, password: input.password, mailbox: input.mailbox };
  try {
    await (options.source ?? imapMailboxSource).check(settings);
  } catch (err) {
    const field = isIntegrationError(err) && err.kind === 'auth' ? 'password' : isIntegrationError(err) && err.kind === 'not_found' ? 'mailbox' : 'host';
    throw new AppError('invalid', `${field}: ${describeConnect(err)}`, { field });
  }
  const at = deps.now().toISOString();
  await saveImapMailbox(
    deps.store.db,
    { host: input.host, port: input.port, tls: input.tls, username: input.username, secret: encryptSecret(input.password, deps.config.secret, SECRET_CONTEXT), mailbox: input.mailbox, intervalMinutes: input.intervalMinutes },
    at,
  );
  return viewOf((await findImapMailbox(deps.store.db))!);
}

export async function getImapMailboxStatus(deps: Deps): Promise<ImapMailboxView | null> {
  const m = await findImapMailbox(deps.store.db);
  return m ? viewOf(m) : null;
}

/** The status as an admin reads it in Settings → Calendar & mail (the CLI's operator reads getImapMailboxStatus); null when none is connected. */
export async function viewImapMailbox(deps: Deps, actor: Actor): Promise<ImapMailboxView | null> {
  requireAdmin(actor, 'sees');
  return getImapMailboxStatus(deps);
}

export async function disconnectImapMailbox(deps: Deps, actor: Actor): Promise<boolean> {
  requireAdmin(actor, 'disconnects');
  return deleteImapMailbox(deps.store.db);
}

/** "Sync now" from Settings: an admin's poll; with no mailbox connected there is nothing to poll (a conflict in words). */
export async function syncImapMailboxNow(deps: Deps, actor: Actor, options: { source?: MailboxSource } = {}): Promise<ImapSyncResult> {
  requireAdmin(actor, 'polls');
  const r = await syncImapMailbox(deps, options);
  if (r.status === 'not_connected') throw conflict('no IMAP mailbox is connected: connect one first');
  return r;
}

/**
 * One poll: messages past the watermark, each captured (logged or skipped with its reason), the
 * watermark moved after each batch and, when a message cannot be processed, up to the one before
 * it, so nothing is skipped over and nothing read twice but that one.
 */
export async function syncImapMailbox(deps: Deps, options: { source?: MailboxSource } = {}): Promise<ImapSyncResult> {
  const counts: ImapCounts = { seen: 0, logged: 0, skipped: 0, reasons: {} };
  const filed = new Map<string, number>();
  const now = deps.now();
  const mailbox = await claimImapMailbox(deps.store.db, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString());
  if (!mailbox) {
    const seen = await findImapMailbox(deps.store.db);
    if (!seen) return { status: 'not_connected', counts, accounts: [], error: 'no IMAP mailbox is connected' };
    return seen.status === 'needs_reauth' ? { status: 'needs_reauth', counts, accounts: [], error: seen.lastError } : { status: 'busy', counts, accounts: [], error: null };
  }
  const source = options.source ?? imapMailboxSource;
  const next = () => new Date(deps.now().getTime() + mailbox.intervalMinutes * 60_000).toISOString();
  let watermark = { uidValidity: mailbox.uidValidity, lastUid: mailbox.lastUid };
  try {
    const settings: ImapSettings = { host: mailbox.host, port: mailbox.port, tls: mailbox.tls, username: mailbox.username, password: decryptSecret(mailbox.secret, deps.config.secret, SECRET_CONTEXT), mailbox: mailbox.mailbox };
    for (let round = 0; round < BATCHES_PER_RUN; round += 1) {
      const batch = await source.readSince(settings, watermark, BATCH, deps.config.mailCapture.maxBytes);
      if (batch.reset || watermark.uidValidity !== batch.uidValidity) watermark = { uidValidity: batch.uidValidity, lastUid: 0 };
      try {
        for (const message of batch.messages) {
          counts.seen += 1;
          const outcome = message.mail ? await captureMail(deps, message.mail) : await recordTooLargeMail(deps, { bytes: message.bytes, limit: deps.config.mailCapture.maxBytes });
          if (outcome.outcome === 'logged') {
            counts.logged += 1;
            filed.set(outcome.accountId, (filed.get(outcome.accountId) ?? 0) + 1);
          } else {
            counts.skipped += 1;
            counts.reasons[outcome.reason] = (counts.reasons[outcome.reason] ?? 0) + 1;
          }
          watermark = { ...watermark, lastUid: message.uid };
        }
      } finally {
        await updateImapMailbox(deps.store.db, { uidValidity: watermark.uidValidity, lastUid: watermark.lastUid }, deps.now().toISOString());
      }
      if (!batch.more) break;
    }
    const finished = deps.now().toISOString();
    await updateImapMailbox(deps.store.db, { status: 'ok', lastSuccessAt: finished, lastAttemptAt: finished, nextSyncAt: next(), lastError: null, lastCounts: counts, leaseUntil: null }, finished);
    return { status: 'ok', counts, accounts: await filedAccounts(deps, filed), error: null };
  } catch (err) {
    const reauth = isIntegrationError(err) && err.kind === 'auth';
    const error = describe(err, 'reading the capture mailbox');
    const finished = deps.now().toISOString();
    if (!isIntegrationError(err)) await recordCaptureFailure(deps, err);
    await updateImapMailbox(deps.store.db, { status: reauth ? 'needs_reauth' : 'failing', lastAttemptAt: finished, nextSyncAt: reauth ? null : next(), lastError: error, lastCounts: counts, leaseUntil: null }, finished);
    if (!reauth) deps.logger.warn({ err: isIntegrationError(err) ? err.message : err }, 'IMAP capture failed');
    return { status: reauth ? 'needs_reauth' : 'failed', counts, accounts: await filedAccounts(deps, filed), error };
  }
}

async function filedAccounts(deps: Deps, filed: Map<string, number>): Promise<ImapSyncResult['accounts']> {
  if (filed.size === 0) return [];
  const found = await findAccountsByIds(deps.store.db, [...filed.keys()]);
  return [...filed].map(([id, logged]) => ({ id, name: found.get(id)?.name ?? id, logged })).sort((a, b) => b.logged - a.logged || a.name.localeCompare(b.name));
}

/** The scheduled poll: the mailbox when its next poll is due (and connected, and not waiting for a new password). */
export async function syncDueImapMailbox(deps: Deps): Promise<ImapSyncResult | null> {
  const m = await findImapMailbox(deps.store.db);
  if (!m || m.status === 'needs_reauth' || (m.nextSyncAt !== null && m.nextSyncAt > deps.now().toISOString())) return null;
  return syncImapMailbox(deps);
}
