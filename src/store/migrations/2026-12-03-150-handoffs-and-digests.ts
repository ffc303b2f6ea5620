import type { Kysely } from 'kysely';

// Issue #19 items 2, 6 and 8: handoffs of an account from one CSM to another (the drafted note the
// new owner reviews, the task, the optional introduction mail), the sales context a new customer's
// kickoff asks for, where an account's internal updates go, and each user's digest settings with
// one row per digest sent (user, kind, period), so a digest goes out once however many nodes run.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('from_user_id', 'text')
    .addColumn('to_user_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // pending_review | reviewed
    .addColumn('note', 'text', (c) => c.notNull()) // markdown, drafted then edited by the new owner
    .addColumn('task_id', 'text')
    .addColumn('intro_mail', 'integer', (c) => c.notNull().defaultTo(0)) // the introduction mail was asked for
    .addColumn('intro_sent_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    .execute();
  await db.schema.createIndex('handoffs_to_user').on('handoffs').columns(['to_user_id', 'status']).execute();
  await db.schema.createIndex('handoffs_account').on('handoffs').columns(['account_id']).execute();

  await db.schema
    .createTable('account_sales_context')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('purchase_reasons', 'text', (c) => c.notNull())
    .addColumn('use_cases', 'text', (c) => c.notNull())
    .addColumn('stakeholders', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('account_internal_updates')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('channel', 'text', (c) => c.notNull()) // slack | mail | off
    .addColumn('slack_channel', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('digest_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('daily', 'integer', (c) => c.notNull())
    .addColumn('weekly', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull()) // mail | slack
    .addColumn('slack_channel', 'text')
    .addColumn('local_time', 'text', (c) => c.notNull()) // HH:MM
    .addColumn('timezone', 'text') // null: the user's own
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('digest_sends')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // daily | weekly
    .addColumn('period', 'text', (c) => c.notNull()) // the local date (the Monday for weekly)
    .addColumn('outbox_id', 'text')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_sends_pk', ['user_id', 'kind', 'period'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('digest_sends').execute();
  await db.schema.dropTable('digest_settings').execute();
  await db.schema.dropTable('account_internal_updates').execute();
  await db.schema.dropTable('account_sales_context').execute();
  await db.schema.dropTable('handoffs').execute();
}
