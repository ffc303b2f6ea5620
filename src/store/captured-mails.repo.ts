import { sql } from 'kysely';
import type { Executor } from './database.ts';
import type { CapturedMailsTable, MailCaptureLogTable } from './schema.ts';

/** Every user's email, active or not: a colleague who left is still "us" on an old thread. */
export async function listUserEmails(db: Executor): Promise<{ id: string; email: string }[]> {
  return db.selectFrom('users').select(['id', 'email']).execute();
}

/** Live contacts of live accounts with one of these addresses (lower-cased). */
export async function findContactsByEmail(db: Executor, emails: readonly string[]): Promise<{ accountId: string; email: string }[]> {
  if (emails.length === 0) return [];
  const rows = await db
    .selectFrom('contacts')
    .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
    .select(['contacts.account_id as accountId', 'contacts.email as email'])
    .where(sql<string>`lower(contacts.email)`, 'in', [...emails])
    .where('contacts.archived_at', 'is', null)
    .where('accounts.archived_at', 'is', null)
    .execute();
  return rows.map((r) => ({ accountId: r.accountId, email: (r.email ?? '').toLowerCase() }));
}

/** The accounts whose live contacts have an address at one of these domains (exactly, lower-cased). */
export async function findAccountsByContactDomain(db: Executor, domains: readonly string[]): Promise<{ accountId: string; domain: string }[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .selectFrom('contacts')
    .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
    .select(['contacts.account_id as accountId', 'contacts.email as email'])
    .where((eb) => eb.or(domains.map((d) => eb(sql<string>`lower(contacts.email)`, 'like', `%@${d.replace(/[\\%_]/g, '')}`))))
    .where('contacts.archived_at', 'is', null)
    .where('accounts.archived_at', 'is', null)
    .execute();
  const out = new Map<string, { accountId: string; domain: string }>();
  for (const r of rows) {
    const domain = (r.email ?? '').toLowerCase().split('@')[1] ?? '';
    out.set(`${r.accountId} ${domain}`, { accountId: r.accountId, domain });
  }
  return [...out.values()];
}

/** The account-matching rules of every enabled integration, as stored (JSON AccountMatchRule[] each). */
export async function listIntegrationAccountRules(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('integrations').select('account_rules').where('enabled', '=', 1).execute();
  return rows.map((r) => r.account_rules);
}

export async function findCapturedMailByMessageId(db: Executor, accountId: string, messageId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('captured_mails').select('id').where('account_id', '=', accountId).where('message_id', '=', messageId).executeTakeFirst();
}

export async function insertCapturedMail(db: Executor, row: CapturedMailsTable): Promise<void> {
  await db.insertInto('captured_mails').values(row).execute();
}

export async function insertMailCaptureLog(db: Executor, row: MailCaptureLogTable): Promise<void> {
  await db.insertInto('mail_capture_log').values(row).execute();
}

/** The account's captured mails, newest first; `before` is the id of the last one already shown. */
export async function listCapturedMails(db: Executor, accountId: string, limit: number, before?: string): Promise<CapturedMailsTable[]> {
  let q = db.selectFrom('captured_mails').selectAll().where('account_id', '=', accountId);
  if (before) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/** How many mails the receiver saw, by outcome and reason. */
export async function countMailCaptureOutcomes(db: Executor): Promise<{ outcome: string; reason: string | null; count: number; last: string }[]> {
  const rows = await db
    .selectFrom('mail_capture_log')
    .select(['outcome', 'reason', (eb) => eb.fn.countAll<number | string>().as('count'), (eb) => eb.fn.max('received_at').as('last')])
    .groupBy(['outcome', 'reason'])
    .execute();
  return rows.map((r) => ({ outcome: r.outcome, reason: r.reason, count: Number(r.count), last: String(r.last) }));
}

/** The newest mail that could not be processed (a failure, not a skip), with what went wrong. */
export async function lastMailCaptureFailure(db: Executor): Promise<{ at: string; detail: string | null } | undefined> {
  const row = await db.selectFrom('mail_capture_log').select(['received_at', 'detail']).where('outcome', '=', 'failed').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { at: row.received_at, detail: row.detail } : undefined;
}
