import { sql, type Kysely } from 'kysely';

// Every account has an external id, so a full export always re-imports unchanged: accounts made
// in the app or the API before this had none, and get their own id (unique, stable, never reused).
// down leaves them: an external id is harmless, and telling the backfilled ones apart is not possible.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update accounts set external_id = id where external_id is null`.execute(db);
}

export async function down(): Promise<void> {}
