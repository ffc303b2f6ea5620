import type { Kysely } from 'kysely';

// An agenda item's text is what the customer reads; the CSM's reason for it (the playbook's
// blunt line, the licence figures) lives beside it and is never rendered for the customer.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('agenda_items').addColumn('prep_note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('agenda_items').dropColumn('prep_note').execute();
}
