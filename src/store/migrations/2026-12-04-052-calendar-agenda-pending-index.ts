import { sql, type Kysely } from 'kysely';

// A quiet sync asks which of its calls still wait for an agenda and come within the window: with
// this (small, partial) index that is a look at the few waiting links, not a walk of every
// meeting in the window (100 ms on PostgreSQL at 45,000 imported calls; the target is 50 ms a sync).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index calendar_occurrences_agenda_pending_idx on calendar_occurrences (connection_id, meeting_id) where agenda_pending = 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index calendar_occurrences_agenda_pending_idx`.execute(db);
}
