import type { Kysely } from 'kysely';

// A call taken from the calendar months ahead gets its agenda when it comes within the agenda
// window (or when someone opens it), not at import: the agenda is built from the account's facts
// of the day, and building 1,000 of them made a first sync take minutes. 1 = not built yet.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('calendar_occurrences')
    .addColumn('agenda_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calendar_occurrences').dropColumn('agenda_pending').execute();
}
