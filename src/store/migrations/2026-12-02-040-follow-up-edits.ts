import type { Kysely } from 'kysely';

// When the CSM last edited the follow-up draft; a redraft replaces only a draft nobody edited.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('follow_ups').addColumn('edited_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('follow_ups').dropColumn('edited_at').execute();
}
