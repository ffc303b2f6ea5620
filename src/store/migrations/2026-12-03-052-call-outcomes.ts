import type { Kysely } from 'kysely';

// What a call settled, in the CSM's words for the customer: the recap lines, the decisions
// ("what we agreed") and the questions raised (answered or still pending). The follow-up is
// drafted from these, never from the internal timeline summary.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('call_outcomes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // recap | decision | question | link (text: the URL, answer: what it is)
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('answer', 'text') // questions only; null while pending
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_outcomes_meeting').on('call_outcomes').columns(['meeting_id', 'kind', 'position']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('call_outcomes').execute();
}
