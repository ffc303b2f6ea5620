import { sql, type Kysely } from 'kysely';

// A call of a series remembers the start the series gave it: its RECURRENCE-ID (RFC 5545) in every
// invite, so a moved or cancelled call replaces that one occurrence in the customer's calendar.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meetings').addColumn('original_starts_at', 'text').execute();
  await db
    .updateTable('meetings')
    .set({ original_starts_at: sql`starts_at` })
    .where('series_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meetings').dropColumn('original_starts_at').execute();
}
