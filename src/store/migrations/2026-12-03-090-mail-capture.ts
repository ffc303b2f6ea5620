import { sql, type Kysely } from 'kysely';

// Mail captured on the account (issue #17): each mail BCC'd or forwarded to the capture address
// that was logged as a touch, with its sanitised body (readable only by who may read the account's
// notes), and one line per mail the receiver saw, logged or not, for `cadence mail status`.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('captured_mails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('touch_id', 'text', (c) => c.notNull().references('touches.id'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text')
    .addColumn('participants', 'text', (c) => c.notNull()) // JSON [{ address, name, side }]
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull()) // JSON [{ filename, contentType, size }]
    .addColumn('forwarded_by', 'text') // the Cadence user who forwarded it, or null
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'text', (c) => c.notNull())
    .execute();
  // A Message-ID is logged once per account: a second copy (BCC and a forward, a retry) is a duplicate.
  await db.schema.createIndex('captured_mails_message').unique().on('captured_mails').columns(['account_id', 'message_id']).execute();
  await db.schema.createIndex('captured_mails_account').on('captured_mails').columns(['account_id', 'sent_at']).execute();

  // Each captured mail looks its addresses up among the contacts, whose emails are kept as typed.
  await db.schema
    .createIndex('contacts_email_lower')
    .on('contacts')
    .expression(sql`lower(email)`)
    .execute();

  await db.schema
    .createTable('mail_capture_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull()) // logged | skipped | failed
    .addColumn('reason', 'text') // duplicate | auto_reply | bounce | no_customer_address | … ; null when logged
    .addColumn('detail', 'text') // one line in words
    .addColumn('message_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('captured_mail_id', 'text')
    .execute();
  await db.schema.createIndex('mail_capture_log_outcome').on('mail_capture_log').columns(['outcome', 'reason']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_capture_log').execute();
  await db.schema.dropIndex('contacts_email_lower').execute();
  await db.schema.dropTable('captured_mails').execute();
}
