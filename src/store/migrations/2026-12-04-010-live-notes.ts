import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Live meeting notes (issue #20): one Yjs document per meeting, kept as a snapshot plus the updates
// accepted since. Each update is its own row, written before it is passed on to anyone, so a
// keystroke another screen has shown is on disk. `projected` is the text last written to
// meetings.notes and the agenda items' notes, so a write there that did not come from the
// document (wrap-up, an old client) is noticed and merged in rather than overwritten.
export async function up(db: Kysely<any>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('live_note_docs')
    .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
    .addColumn('snapshot', bytes) // Y.encodeStateAsUpdate of everything compacted so far; null: none yet
    .addColumn('projected', 'text') // JSON { notes, items: { [agendaItemId]: text } }
    .addColumn('compacted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('live_note_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('live_note_docs.meeting_id').onDelete('cascade'))
    .addColumn('data', bytes, (c) => c.notNull())
    .addColumn('user_id', 'text') // who typed it; null: the server (a REST save, a merge of an outside write)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_note_updates_meeting_idx').on('live_note_updates').columns(['meeting_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_note_updates').execute();
  await db.schema.dropTable('live_note_docs').execute();
}
