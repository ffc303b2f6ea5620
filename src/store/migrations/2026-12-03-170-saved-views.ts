import type { Kysely } from 'kysely';

// Saved views of the book of business (issue #21): a name, the columns shown, the filters and the
// sort, private to their creator or shared with the creator's team (the team is its manager's id).
// And the indexes the book's new sorts and filters read (last call, days overdue, health).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'text') // the manager whose team sees a shared view; null: no team
    .addColumn('shared', 'text', (c) => c.notNull()) // private | team
    .addColumn('columns', 'text', (c) => c.notNull()) // JSON ["health", "name", …]
    .addColumn('filters', 'text', (c) => c.notNull()) // JSON { segment: [...], overdueMin: 1, … }
    .addColumn('sort', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_views_owner_idx').on('saved_views').columns(['owner_id', 'name']).execute();
  await db.schema.createIndex('saved_views_team_idx').on('saved_views').columns(['team_id', 'shared']).execute();

  await db.schema.createIndex('account_cadence_last_call_idx').on('account_cadence').column('last_call_at').execute();
  await db.schema.createIndex('account_cadence_overdue_idx').on('account_cadence').column('overdue_days').execute();
  await db.schema.createIndex('accounts_health_idx').on('accounts').column('health_score').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('accounts_health_idx').execute();
  await db.schema.dropIndex('account_cadence_overdue_idx').execute();
  await db.schema.dropIndex('account_cadence_last_call_idx').execute();
  await db.schema.dropTable('saved_views').execute();
}
