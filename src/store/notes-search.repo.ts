import { sql } from 'kysely';
import { snippetOf } from '../domain/meeting/notes-snippet.ts';
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

/**
 * Meetings just created, indexed in one statement: nothing is indexed for them yet, and a new
 * meeting's agenda has no notes, so its words are its title, summary and notes.
 */
export async function indexNewMeetings(db: Executor, meetings: { id: string; accountId: string; title: string; summary: string | null; notes: string }[]): Promise<void> {
  for (let i = 0; i < meetings.length; i += 200) {
    const rows = meetings.slice(i, i + 200).map((m) => sql`(${m.id}, ${m.accountId}, ${[m.title, m.summary ?? '', m.notes].filter(Boolean).join('\n')})`);
    await sql`insert into meeting_search (meeting_id, account_id, content) values ${sql.join(rows)}`.execute(db);
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
 * Searches the notes of the meetings of the given accounts (null: all accounts), most recently
 * written first: recency beats relevance for "what did they say about X", and it lets both
 * engines stop after the first matches instead of ranking every one. Snippets are made for the
 * returned rows only. The scope is applied in the query, so nobody learns of notes they may not see.
 */
export async function searchNotes(db: Executor, dialect: Dialect, query: string, accountScope: { userIds: string[] } | null, limit: number): Promise<NotesHit[]> {
  const terms = toSearchTerms(query);
  if (terms.length === 0) return [];
  const scope = accountScope
    ? sql`and account_id in (select id from accounts where owner_id in (${sql.join(accountScope.userIds)}) union select account_id from account_team_members where user_id in (${sql.join(accountScope.userIds)}))`
    : sql``;
  const found =
    dialect === 'postgres'
      ? // Matches come from the GIN index first (materialised), so the planner never walks every
        // note newest-first hoping to meet a rare word or prefix it cannot estimate.
        await sql<{ meeting_id: string; account_id: string; content: string }>`
          with matches as materialized (
            select meeting_id from meeting_search
            where tsv @@ to_tsquery('simple', ${terms.map((t, i) => (i === terms.length - 1 ? `${t}:*` : t)).join(' & ')}) ${scope}
          ), newest as (select meeting_id from matches order by meeting_id desc limit ${limit})
          select s.meeting_id, s.account_id, s.content from meeting_search s join newest n on n.meeting_id = s.meeting_id
          order by s.meeting_id desc`.execute(db)
      : await sql<{ meeting_id: string; account_id: string; content: string }>`
          select meeting_id, account_id, content from meeting_search
          where meeting_search match ${terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' AND ')} ${scope}
          order by rowid desc limit ${limit}`.execute(db);
  return found.rows.map((r) => ({ meetingId: r.meeting_id, accountId: r.account_id, snippet: snippetOf(r.content, terms) }));
}
