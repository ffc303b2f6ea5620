import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Full-text search over meeting notes: an FTS5 table on SQLite, a generated tsvector with a GIN
// index on PostgreSQL, both without stemming so that a typed prefix ("consolid") finds its words;
// both hold one row per meeting: title, summary, free and per-item notes.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create table meeting_search (
      meeting_id text primary key references meetings(id) on delete cascade,
      account_id text not null,
      content text not null,
      tsv tsvector generated always as (to_tsvector('simple', content)) stored
    )`.execute(db);
    await sql`create index meeting_search_tsv_idx on meeting_search using gin (tsv)`.execute(db);
    await sql`create index meeting_search_account_idx on meeting_search (account_id)`.execute(db);
  } else {
    await sql`create virtual table meeting_search using fts5(meeting_id unindexed, account_id unindexed, content, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table meeting_search`.execute(db);
}
