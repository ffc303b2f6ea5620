import type { Kysely } from 'kysely';

// Google and Microsoft calendar connections (issue #17): an OAuth sign-in under way waits here
// between the start route and the callback: its state (hashed), the signed-in user and session it
// is bound to, the PKCE verifier (encrypted), and a short expiry. The tokens of a finished sign-in
// live in calendar_connections.secret like a CalDAV password.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_oauth_states')
    .addColumn('state_hash', 'text', (c) => c.primaryKey()) // sha256 of the state sent to the provider
    .addColumn('provider', 'text', (c) => c.notNull()) // google | microsoft
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('session_id', 'text') // the session that started it; null for a Bearer-token start
    .addColumn('verifier', 'text', (c) => c.notNull()) // "enc:v1:…" PKCE code_verifier
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calendar_oauth_states_expires_idx').on('calendar_oauth_states').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_oauth_states').execute();
}
