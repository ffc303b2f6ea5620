import type { Kysely } from 'kysely';

// Who each editor of a meeting's live notes was (issue #20, the authorship view). The Yjs document
// remembers, for every character, the editor (client id) that typed it, and keeps that through
// compaction; the updates table does not outlive compaction, so the person behind each client id is
// kept here. A client id is a random 32-bit number a browser picks (bigint: it passes 2^31); the first
// person seen sending it owns it, so nobody can take over another's text by reusing their id.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_notes_clients')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('client_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_notes_clients_pk', ['meeting_id', 'client_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_notes_clients').execute();
}
