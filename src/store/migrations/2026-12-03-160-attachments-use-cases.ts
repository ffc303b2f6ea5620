import type { Kysely } from 'kysely';

// Issue #19 items 3 and 4. Attachments: files on an account, a meeting (advance materials) or an
// agenda item; the bytes live in object storage under `storage_key` (never the user's file name).
// Use cases: the workspace's templates per product, and each account's use cases scored
// red/yellow/green by hand or from product findings.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
    .addColumn('agenda_item_id', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull()) // sniffed from the bytes
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('for_customer', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('from_customer', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('share_link_id', 'text') // the link a customer uploaded through
    .addColumn('uploaded_by', 'text') // user id; null for a customer
    .addColumn('uploaded_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_account').on('attachments').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('attachments_meeting').on('attachments').columns(['meeting_id']).execute();
  await db.schema.createIndex('attachments_share_link').on('attachments').columns(['share_link_id']).execute();

  await db.schema
    .createTable('use_case_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull()) // lower(product) | lower(name): one of each per product
    .addColumn('customer_wording', 'text', (c) => c.notNull())
    .addColumn('enablement_offer', 'text', (c) => c.notNull())
    .addColumn('finding_match', 'text') // a finding whose title contains this (case-insensitive) speaks for the use case
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('use_case_templates_key').unique().on('use_case_templates').columns(['name_key']).execute();

  await db.schema
    .createTable('account_use_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('template_id', 'text', (c) => c.notNull().references('use_case_templates.id'))
    .addColumn('score', 'text') // red | yellow | green; null: not scored yet
    .addColumn('note', 'text')
    .addColumn('scored_by', 'text') // user id
    .addColumn('scored_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_use_cases_key').unique().on('account_use_cases').columns(['account_id', 'template_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_use_cases').execute();
  await db.schema.dropTable('use_case_templates').execute();
  await db.schema.dropTable('attachments').execute();
}
