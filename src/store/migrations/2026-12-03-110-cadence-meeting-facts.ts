import { sql, type Kysely } from 'kysely';

// The due-state scan read the meetings table twice for every account (last held call, last
// sentiment). Both now live on the account's cadence row, kept up to date by the meetings store
// in the transaction of every meeting write (refreshMeetingFacts), and backfilled here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('account_cadence').addColumn('last_held_call_at', 'text').execute();
  await db.schema.alterTable('account_cadence').addColumn('last_sentiment_at', 'text').execute();
  await sql`
    insert into account_cadence (account_id)
    select distinct m.account_id from meetings m
    where not exists (select 1 from account_cadence c where c.account_id = m.account_id)`.execute(db);
  await sql`
    update account_cadence set
      last_held_call_at = (select max(m.held_at) from meetings m where m.account_id = account_cadence.account_id and m.held_at is not null and m.state <> 'cancelled'),
      last_sentiment_at = (select max(m.held_at) from meetings m where m.account_id = account_cadence.account_id and m.csm_sentiment is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('account_cadence').dropColumn('last_sentiment_at').execute();
  await db.schema.alterTable('account_cadence').dropColumn('last_held_call_at').execute();
}
