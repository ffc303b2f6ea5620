import type { Kysely } from 'kysely';

// Accounts pulled from a CRM (issue #18): each CRM connection's mapping (CRM field → Cadence
// field, value maps, per-field conflict rule, interval), the value of each field as last pulled
// for each account (what tells an edit in Cadence from one in the CRM), and each pull's report
// (records skipped with their reason, values Cadence kept). The watermark is the connection's
// integration cursor; each pull's counts are its integration sync run (scope crm-pull).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('crm_pull_mappings')
    .addColumn('integration_id', 'text', (c) => c.primaryKey().references('integrations.id').onDelete('cascade'))
    .addColumn('mapping', 'text', (c) => c.notNull()) // JSON CrmMapping
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('crm_pulled_values')
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull()) // an account API field: arr, renewalDate, ownerId …
    .addColumn('value', 'text', (c) => c.notNull()) // JSON of the value the CRM gave
    .addColumn('pulled_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_pulled_values_pk', ['integration_id', 'account_id', 'field'])
    .execute();
  await db.schema.createIndex('crm_pulled_values_account_idx').on('crm_pulled_values').column('account_id').execute();

  await db.schema
    .createTable('crm_pull_reports')
    .addColumn('run_id', 'text', (c) => c.primaryKey().references('integration_sync_runs.id').onDelete('cascade'))
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('report', 'text', (c) => c.notNull()) // JSON: skipped [{ crmId, name, reason }], kept, conflicts
    .execute();

  await db.schema.createIndex('accounts_crm_id_idx').on('accounts').column('crm_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('accounts_crm_id_idx').execute();
  for (const table of ['crm_pull_reports', 'crm_pulled_values', 'crm_pull_mappings']) await db.schema.dropTable(table).execute();
}
