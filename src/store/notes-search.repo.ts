import { sql } from 'kysely';
import type { Dialect, Executor } from './database.ts';

/** Replaces the searchable text of a meeting (call after notes change). */
export async function indexMeeting(db: Executor, dialect: Dialect, meetingId: string): Promise<void> {
  const meeting = await db.selectFrom('meetings').select(['account_id', 'title', 'summary', 'notes']).where('id', '=', meetingId).executeTakeFirst();
  if (!meeting) return;
  const items = await db.selectFrom('agenda_items').select(['text', 'notes']).where('meeting_id', '=', meetingId).where('notes', '!=', '').orderBy('position').execute();
  const content = [meeting.title, meeting.summary ?? '', meeting.notes, ...items.map((i) => `${i.text}\n${i.notes}`)].filter(Boolean).join('\n');
  if (dialect === 'postgres') {
    await sql`insert into meeting_search (meeting_id, account_id, content) values (${meetingId}, ${meeting.account_id}, ${content})
      on conflict (meeting_id) do update set content = excluded.content, account_id = excluded.account_id`.execute(db);
  } else {
    await sql`delete from meeting_search where meeting_id = ${meetingId}`.execute(db);
    await sql`insert into meeting_search (meeting_id, account_id, content) values (${meetingId}, ${meeting.account_id}, ${content})`.execute(db);
  }
}

export interface NotesHit {
  meetingId: string;
  accountId: string;
  snippet: string;
}

/** Turns what a person typed into a query both engines accept: words, all required, prefix on the last. */
export function toSearchTerms(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/**
 * Searches the notes of the meetings of the given accounts (null: all accounts), best first.
 * The scope is applied in the query, so nobody learns of notes they may not see.
 */
export async function searchNotes(db: Executor, dialect: Dialect, query: string, accountScope: { userIds: string[] } | null, limit: number): Promise<NotesHit[]> {
  const terms = toSearchTerms(query);
  if (terms.length === 0) return [];
  const scope = accountScope
    ? sql`and account_id in (select id from accounts where owner_id in (${sql.join(accountScope.userIds)}) union select account_id from account_team_members where user_id in (${sql.join(accountScope.userIds)}))`
    : sql``;
  if (dialect === 'postgres') {
    const tsquery = terms.map((t, i) => (i === terms.length - 1 ? `${t}:*` : t)).join(' & ');
    const result = await sql<{ meeting_id: string; account_id: string; snippet: string }>`
      select meeting_id, account_id,
        ts_headline('simple', content, to_tsquery('simple', ${tsquery}), 'MaxWords=20, MinWords=8, StartSel=«, StopSel=»') as snippet
      from meeting_search
      where tsv @@ to_tsquery('simple', ${tsquery}) ${scope}
      order by ts_rank(tsv, to_tsquery('simple', ${tsquery})) desc, meeting_id desc
      limit ${limit}`.execute(db);
    return result.rows.map((r) => ({ meetingId: r.meeting_id, accountId: r.account_id, snippet: r.snippet }));
  }
  const match = terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' AND ');
  const result = await sql<{ meeting_id: string; account_id: string; snippet: string }>`
    select meeting_id, account_id, snippet(meeting_search, 2, '«', '»', '…', 16) as snippet
    from meeting_search
    where meeting_search match ${match} ${scope}
    order by rank, meeting_id desc
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ meetingId: r.meeting_id, accountId: r.account_id, snippet: r.snippet }));
}
