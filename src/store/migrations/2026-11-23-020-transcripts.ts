import type { Kysely } from 'kysely';

// Transcripts attached to meetings and the notes suggestions drawn from them, each awaiting the
// CSM's decision. A suggestion's fingerprint keeps a re-run from duplicating it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('transcripts')
    .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('cues', 'text', (c) => c.notNull()) // JSON
    .addColumn('speaker_map', 'text', (c) => c.notNull().defaultTo('{}')) // JSON: speaker → attendee key
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('extracted_by', 'text', (c) => c.notNull()) // local | llm
    .addColumn('imported_by', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('note_suggestions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON
    .addColumn('status', 'text', (c) => c.notNull()) // pending | accepted | rejected
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('record_type', 'text')
    .addColumn('record_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('note_suggestions_unique').on('note_suggestions').columns(['meeting_id', 'kind', 'fingerprint']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('note_suggestions').execute();
  await db.schema.dropTable('transcripts').execute();
}
