import type { Executor } from './database.ts';
import type { MailImapMailboxesTable } from './schema.ts';

/** The workspace's polled IMAP mailbox (one per workspace): where it is, its watermark and its last run. */

export type ImapMailboxStatus = 'new' | 'ok' | 'failing' | 'needs_reauth';

export interface ImapCounts {
  seen: number;
  logged: number;
  skipped: number;
  /** Skipped mails by reason: duplicate, auto_reply, bounce, no_customer_address, no_account… */
  reasons: Record<string, number>;
}

export interface ImapMailbox {
  id: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  /** "enc:v1:…": decrypted only to log in. */
  secret: string;
  mailbox: string;
  uidValidity: string | null;
  lastUid: number;
  status: ImapMailboxStatus;
  intervalMinutes: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  nextSyncAt: string | null;
  lastError: string | null;
  lastCounts: ImapCounts | null;
  createdAt: string;
  updatedAt: string;
}

/** The one row's id: Cadence is one workspace per installation. */
export const WORKSPACE_MAILBOX_ID = 'workspace';

function toMailbox(r: MailImapMailboxesTable): ImapMailbox {
  return {
    id: r.id,
    host: r.host,
    port: r.port,
    tls: r.tls === 1,
    username: r.username,
    secret: r.secret,
    mailbox: r.mailbox,
    uidValidity: r.uid_validity,
    lastUid: Number(r.last_uid),
    status: r.status as ImapMailboxStatus,
    intervalMinutes: r.interval_minutes,
    lastSuccessAt: r.last_success_at,
    lastAttemptAt: r.last_attempt_at,
    nextSyncAt: r.next_sync_at,
    lastError: r.last_error,
    lastCounts: r.last_counts ? (JSON.parse(r.last_counts) as ImapCounts) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findImapMailbox(db: Executor): Promise<ImapMailbox | undefined> {
  const row = await db.selectFrom('mail_imap_mailboxes').selectAll().where('id', '=', WORKSPACE_MAILBOX_ID).executeTakeFirst();
  return row ? toMailbox(row) : undefined;
}

/** Connects (or reconnects) the mailbox; a different host, user or folder starts from its beginning. */
export async function saveImapMailbox(db: Executor, m: Pick<ImapMailbox, 'host' | 'port' | 'tls' | 'username' | 'secret' | 'mailbox' | 'intervalMinutes'>, at: string): Promise<void> {
  const before = await findImapMailbox(db);
  const same = before && before.host === m.host && before.port === m.port && before.username === m.username && before.mailbox === m.mailbox;
  const values = {
    host: m.host,
    port: m.port,
    tls: m.tls ? 1 : 0,
    username: m.username,
    secret: m.secret,
    mailbox: m.mailbox,
    uid_validity: same ? before.uidValidity : null,
    last_uid: same ? before.lastUid : 0,
    status: 'new',
    interval_minutes: m.intervalMinutes,
    next_sync_at: at,
    last_error: null,
    updated_at: at,
  };
  await db
    .insertInto('mail_imap_mailboxes')
    .values({ id: WORKSPACE_MAILBOX_ID, ...values, last_success_at: null, last_attempt_at: null, last_counts: null, lease_until: null, created_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function deleteImapMailbox(db: Executor): Promise<boolean> {
  const r = await db.deleteFrom('mail_imap_mailboxes').where('id', '=', WORKSPACE_MAILBOX_ID).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Takes the mailbox for one poll until `until` unless another node holds it (compare-and-set on the lease). */
export async function claimImapMailbox(db: Executor, now: string, until: string): Promise<ImapMailbox | undefined> {
  const row = await db
    .updateTable('mail_imap_mailboxes')
    .set({ lease_until: until })
    .where('id', '=', WORKSPACE_MAILBOX_ID)
    .where('status', '!=', 'needs_reauth')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  return row ? toMailbox(row) : undefined;
}

export interface ImapMailboxPatch {
  uidValidity?: string | null;
  lastUid?: number;
  status?: ImapMailboxStatus;
  lastSuccessAt?: string | null;
  lastAttemptAt?: string | null;
  nextSyncAt?: string | null;
  lastError?: string | null;
  lastCounts?: ImapCounts | null;
  leaseUntil?: string | null;
}

export async function updateImapMailbox(db: Executor, patch: ImapMailboxPatch, at: string): Promise<void> {
  const set: Partial<MailImapMailboxesTable> = { updated_at: at };
  if (patch.uidValidity !== undefined) set.uid_validity = patch.uidValidity;
  if (patch.lastUid !== undefined) set.last_uid = patch.lastUid;
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.lastSuccessAt !== undefined) set.last_success_at = patch.lastSuccessAt;
  if (patch.lastAttemptAt !== undefined) set.last_attempt_at = patch.lastAttemptAt;
  if (patch.nextSyncAt !== undefined) set.next_sync_at = patch.nextSyncAt;
  if (patch.lastError !== undefined) set.last_error = patch.lastError;
  if (patch.lastCounts !== undefined) set.last_counts = patch.lastCounts ? JSON.stringify(patch.lastCounts) : null;
  if (patch.leaseUntil !== undefined) set.lease_until = patch.leaseUntil;
  await db.updateTable('mail_imap_mailboxes').set(set).where('id', '=', WORKSPACE_MAILBOX_ID).execute();
}
