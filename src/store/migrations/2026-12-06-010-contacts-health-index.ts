import { sql, type Kysely } from 'kysely';

// Health asks, for an account, whether it has a live contact of each role and status: with this
// (partial) index each question is one look-up, however many contacts the account gathered. The
// DISTINCT over the account's contacts it replaces read every one of them at each rescore (6 ms
// an added contact at 8,000 contacts on one account, growing with each; issue #16).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index contacts_health_idx on contacts (account_id, role, status) where archived_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index contacts_health_idx`.execute(db);
}
