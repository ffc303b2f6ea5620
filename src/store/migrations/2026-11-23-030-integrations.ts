import type { Kysely } from 'kysely';

// Connected trackers, CRMs, chat and recording tools: their settings (secrets encrypted by the
// service before they reach this table), where each sync stopped, what each run did, and the
// CRM push owed for each held meeting.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // zendesk | jira | gitlab | github | hubspot | salesforce | slack | gong | zoom | findings
    .addColumn('settings', 'text', (c) => c.notNull()) // JSON; secret-named values are "enc:v1:…"
    .addColumn('account_rules', 'text', (c) => c.notNull().defaultTo('[]')) // JSON AccountMatchRule[]
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('integration_cursors')
    .addColumn('integration_id', 'text', (c) => c.primaryKey().references('integrations.id').onDelete('cascade'))
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('integration_sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull()) // incremental | account:<id>
    .addColumn('status', 'text', (c) => c.notNull()) // running | ok | failed
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fetched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unmatched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('integration_sync_runs_integration_idx').on('integration_sync_runs').columns(['integration_id', 'started_at']).execute();

  await db.schema
    .createTable('crm_syncs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | failed | synced
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('external_id', 'text')
    .addColumn('synced_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('crm_syncs_meeting_unique', ['integration_id', 'meeting_id'])
    .execute();
  await db.schema.createIndex('crm_syncs_due_idx').on('crm_syncs').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('crm_syncs_account_idx').on('crm_syncs').column('account_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['crm_syncs', 'integration_sync_runs', 'integration_cursors', 'integrations']) {
    await db.schema.dropTable(table).execute();
  }
}
