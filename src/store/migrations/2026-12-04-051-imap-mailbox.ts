import type { Kysely } from 'kysely';

// The workspace's IMAP mailbox polled for customer mail (issue #17): where it is, the password
// encrypted like the other integration secrets, and the watermark: the mailbox's UIDVALIDITY and
// the highest UID read (RFC 9051 §2.3.1.1: UIDs only mean something together with UIDVALIDITY).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_imap_mailboxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('tls', 'integer', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('uid_validity', 'text')
    .addColumn('last_uid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('next_sync_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_counts', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_imap_mailboxes').execute();
}
