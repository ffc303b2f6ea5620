import type { Kysely } from 'kysely';

// Health history and overrides, shadowing, and the few columns risks, objectives and accounts
// need for the team's rhythm (register drill-down, private objective notes, expansion flag).
// Same conventions as the foundation migration: text ids, ISO text times, JSON as text.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('health_scores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('score', 'double precision')
    .addColumn('colour', 'text')
    .addColumn('result', 'text', (c) => c.notNull()) // JSON HealthResult
    .addColumn('explanation', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('health_scores_account_idx').on('health_scores').columns(['account_id', 'computed_at']).execute();

  await db.schema
    .createTable('health_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text')
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('cleared_at', 'text')
    .addColumn('cleared_by', 'text')
    .execute();
  await db.schema.createIndex('health_overrides_account_idx').on('health_overrides').columns(['account_id', 'set_at']).execute();

  await db.schema
    .createTable('shadowing_pairings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('new_csm_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('senior_csm_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('checklist', 'text', (c) => c.notNull()) // JSON { activity: count }
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shadowing_pairings_new_idx').on('shadowing_pairings').column('new_csm_id').execute();

  await db.schema
    .createTable('shadowing_debriefs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pairing_id', 'text', (c) => c.notNull().references('shadowing_pairings.id'))
    .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('new_csm_notes', 'text') // JSON NotesSide
    .addColumn('senior_notes', 'text') // JSON NotesSide
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shadowing_debriefs_pairing_idx').on('shadowing_debriefs').column('pairing_id').execute();

  await db.schema.alterTable('risks').addColumn('transcript_id', 'text').execute();
  await db.schema.createIndex('risks_status_idx').on('risks').columns(['status', 'created_at']).execute();
  await db.schema.alterTable('success_objectives').addColumn('internal_notes', 'text').execute();
  await db.schema.alterTable('success_objectives').addColumn('owner_kind', 'text').execute();
  await db.schema.alterTable('success_objectives').addColumn('owner_ref', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('expansion_note', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('expansion_amount', 'double precision').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('expansion_amount').execute();
  await db.schema.alterTable('accounts').dropColumn('expansion_note').execute();
  await db.schema.alterTable('success_objectives').dropColumn('owner_ref').execute();
  await db.schema.alterTable('success_objectives').dropColumn('owner_kind').execute();
  await db.schema.alterTable('success_objectives').dropColumn('internal_notes').execute();
  await db.schema.dropIndex('risks_status_idx').execute();
  await db.schema.alterTable('risks').dropColumn('transcript_id').execute();
  for (const table of ['shadowing_debriefs', 'shadowing_pairings', 'health_overrides', 'health_scores']) {
    await db.schema.dropTable(table).execute();
  }
}
