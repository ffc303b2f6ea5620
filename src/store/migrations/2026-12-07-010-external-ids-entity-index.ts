import { sql, type Kysely } from 'kysely';

// The accounts page asks, for each account, the least value of its one system (its web domain):
// with (entity_type, entity_id) and the primary key (entity_type, system, value) to choose from,
// SQLite took the primary key and read every account's domain for each account on the page, a cost
// that grew with the book (issue #16). This index answers the question with one seek and covers
// the value; its first two columns also serve every look-up the old entity index did.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index external_ids_entity_system_idx on external_ids (entity_type, entity_id, system, value)`.execute(db);
  await sql`drop index external_ids_entity_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index external_ids_entity_idx on external_ids (entity_type, entity_id)`.execute(db);
  await sql`drop index external_ids_entity_system_idx`.execute(db);
}
