import type { Kysely } from 'kysely';

// The outbox: every mail (later Slack posts, tracker writes, CRM pushes) is written here in the
// transaction of the change that causes it, then delivered after the commit (inline, or by the
// worker when that fails or the process died). `idempotency_key` is fixed at enqueue time (for
// mail, the Message-ID), so a resend after a crash carries the same key. A lease
// (`lease_owner`, `lease_until`) keeps two deliverers off one row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // mail
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON, what the deliverer needs
    .addColumn('summary', 'text', (c) => c.notNull()) // who it goes to and what about, never the body
    .addColumn('status', 'text', (c) => c.notNull()) // pending | delivered | dead
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}
