import type { Kysely } from 'kysely';

// Two-way calendar sync (issue #17): each user's calendar connections (the password encrypted by
// the service before it reaches this table), the calendar objects seen or written there, which
// meeting each occurrence became, and the events matched to no account with the user's choice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull()) // caldav (google, microsoft later)
    .addColumn('url', 'text', (c) => c.notNull()) // the server or calendar URL the user gave
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull()) // "enc:v1:…"
    .addColumn('calendars', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: [{ url, name, syncToken, ctag }]
    .addColumn('write_calendar_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // new | ok | failing | needs_reauth
    .addColumn('interval_minutes', 'integer', (c) => c.notNull().defaultTo(15))
    .addColumn('last_success_at', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('next_sync_at', 'text')
    .addColumn('lease_until', 'text') // one node syncs a connection at a time
    .addColumn('last_error', 'text')
    .addColumn('last_counts', 'text') // JSON: seen, created, updated, cancelled, unmatched, skipped, reasons
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('calendar_connections_user_url_unique', ['user_id', 'url'])
    .execute();

  await db.schema
    .createTable('calendar_objects')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('calendar_connections.id').onDelete('cascade'))
    .addColumn('href', 'text', (c) => c.notNull())
    .addColumn('calendar_url', 'text', (c) => c.notNull())
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('origin', 'text', (c) => c.notNull()) // cadence (written by Cadence) | remote (read from the calendar)
    .addColumn('pending_write', 'integer', (c) => c.notNull().defaultTo(0)) // a Cadence change not yet written there
    .addColumn('outcome', 'text') // imported | unmatched | ignored | skipped:<reason>
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_objects_pk', ['connection_id', 'href'])
    .execute();
  await db.schema.createIndex('calendar_objects_uid_idx').on('calendar_objects').columns(['connection_id', 'uid']).execute();

  await db.schema
    .createTable('calendar_occurrences')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('calendar_connections.id').onDelete('cascade'))
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('recurrence_key', 'text', (c) => c.notNull()) // the occurrence's original start, '' for a one-off event
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('conference_url', 'text')
    .addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_occurrences_pk', ['connection_id', 'uid', 'recurrence_key'])
    .execute();
  await db.schema.createIndex('calendar_occurrences_meeting_idx').on('calendar_occurrences').column('meeting_id').execute();

  await db.schema
    .createTable('calendar_unmatched_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('calendar_connections.id').onDelete('cascade'))
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull()) // JSON: external addresses
    .addColumn('candidates', 'text', (c) => c.notNull().defaultTo('[]')) // JSON account ids when several matched
    .addColumn('status', 'text', (c) => c.notNull()) // pending | assigned | ignored
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('calendar_unmatched_user_uid_unique', ['user_id', 'uid'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['calendar_unmatched_events', 'calendar_occurrences', 'calendar_objects', 'calendar_connections']) {
    await db.schema.dropTable(table).execute();
  }
}
