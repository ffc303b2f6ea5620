import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { seededRandom } from '../src/services/setup/demo-data.ts';
import { searchNotes } from '../src/services/meetings/notes-search.ts';
import { LOCAL_OPERATOR, actorFor } from '../src/services/users/users.ts';
import type { MeetingsTable } from '../src/store/schema.ts';
import { findUser } from '../src/store/users.repo.ts';
import { createTestDeps, postgresAvailable, type DialectName, type TestDeps } from '../test/helpers/dialects.ts';
import { generateBookOfBusiness } from './generate.ts';
import { measure, withRatios, type BenchResult } from './harness.ts';

const MEETINGS = 200_000;
const DOMAIN_WORDS = (
  'renewal champion rollout migration runner pipeline security scanning licence adoption training budget roadmap upgrade ' +
  'kubernetes latency outage ticket escalation sso okta saml audit compliance fedramp backup restore geo replica dashboard ' +
  'analytics onboarding workshop enablement procurement discount expansion consolidation competitor director architecture'
).split(' ');

/**
 * Notes read like prose: a few thousand distinct words with a Zipf distribution (a handful very
 * common, most rare), the CSM vocabulary spread among them. Without that, every word is common
 * and PostgreSQL's planner statistics look like no real book of business.
 */
function vocabulary(random: () => number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ra', 'to', 'su', 'vi', 'de', 'an', 'or', 'el', 'pa', 'ti', 'gu', 'ber', 'son', 'ly', 'ment', 'ing'];
  const words = new Set<string>();
  while (words.size < 5000) {
    const n = 2 + Math.floor(random() * 3);
    words.add(Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]).join(''));
  }
  const list = [...words];
  // The CSM words sit in the middle of the distribution: frequent, but not in every note.
  DOMAIN_WORDS.forEach((w, i) => list.splice(40 + i * 7, 0, w));
  return list;
}

function zipfSampler(size: number, random: () => number): () => number {
  const weights = Array.from({ length: size }, (_, i) => 1 / (i + 1) ** 1.07);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  return () => {
    const r = random();
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

async function generateMeetings(deps: TestDeps, accountIds: string[]): Promise<void> {
  const random = seededRandom(7);
  const words = vocabulary(random);
  const pick = zipfSampler(words.length, random);
  const noteText = (count: number) => Array.from({ length: count }, () => words[pick()]).join(' ');
  const dialect = deps.store.dialect;
  for (let start = 0; start < MEETINGS; start += 1000) {
    const meetings: MeetingsTable[] = [];
    const search: { meeting_id: string; account_id: string; content: string }[] = [];
    for (let i = start; i < Math.min(MEETINGS, start + 1000); i += 1) {
      const id = uuidv7();
      const accountId = accountIds[i % accountIds.length]!;
      const at = new Date(Date.UTC(2024, 0, 1) + i * 600_000).toISOString();
      const notes = noteText(60);
      meetings.push({
        id,
        account_id: accountId,
        series_id: null,
        type: 'cadence',
        title: `Call ${i}`,
        starts_at: at,
        ends_at: at,
        timezone: 'UTC',
        state: 'held',
        sequence: 0,
        recurrence: null,
        location: null,
        recording_url: null,
        notes,
        notes_version: 1,
        csm_sentiment: null,
        product_sentiment: null,
        summary: null,
        organiser_id: null,
        agenda_sent_at: null,
        held_at: at,
        followed_up_at: null,
        completed_at: null,
        cancelled_at: null,
        created_at: at,
        updated_at: at,
      });
      search.push({ meeting_id: id, account_id: accountId, content: `Call ${i}\n${notes}` });
    }
    await deps.store.db.transaction().execute(async (tx) => {
      await tx.insertInto('meetings').values(meetings).execute();
      for (let j = 0; j < search.length; j += 300) {
        const chunk = search.slice(j, j + 300);
        await sql`insert into meeting_search (meeting_id, account_id, content) values ${sql.join(chunk.map((r) => sql`(${r.meeting_id}, ${r.account_id}, ${r.content})`))}`.execute(tx);
      }
    });
  }
  if (dialect === 'postgres') await sql`analyze`.execute(deps.store.db);
}

async function runOn(dialect: DialectName): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  try {
    const started = Date.now();
    const book = await generateBookOfBusiness(deps.store.db, 2_000, 1);
    const rows = await deps.store.db.selectFrom('accounts').select('id').execute();
    await generateMeetings(
      deps,
      rows.map((r) => r.id),
    );
    const last = await deps.store.db.selectFrom('meetings').select(['id', 'account_id']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    await sql`update meetings set notes = notes || ' needle' where id = ${last.id}`.execute(deps.store.db);
    if (dialect === 'postgres') await sql`update meeting_search set content = content || ' needle' where meeting_id = ${last.id}`.execute(deps.store.db);
    else await sql`insert into meeting_search (meeting_id, account_id, content) values (${last.id}, ${last.account_id}, 'needle in the oldest call')`.execute(deps.store.db);
    if (dialect === 'postgres') await sql`analyze meeting_search`.execute(deps.store.db);
    console.log(`${dialect}: generated ${MEETINGS} meeting notes in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const csm = await actorFor(deps, (await findUser(deps.store.db, book.benchCsmId))!);
    const raw =
      dialect === 'postgres'
        ? () => sql`select meeting_id, account_id, content from meeting_search where tsv @@ to_tsquery('simple', 'consolidation & competitor') order by meeting_id desc limit 20`.execute(deps.store.db)
        : () => sql`select meeting_id, account_id, content from meeting_search where meeting_search match '"consolidation" AND "competitor"' order by rowid desc limit 20`.execute(deps.store.db);
    const result = withRatios([
      { case: 'raw full-text query (newest 20 matches)', ...(await measure(raw, 100, 10)) },
      { case: 'searchNotes, admin (all accounts, top 20)', ...(await measure(() => searchNotes(deps, LOCAL_OPERATOR, 'consolidation competitor'), 100, 10)), baseline_case: 'raw full-text query (newest 20 matches)' },
      { case: 'searchNotes, one CSM (scoped, top 20)', ...(await measure(() => searchNotes(deps, csm, 'consolidation competitor'), 100, 10)), baseline_case: 'raw full-text query (newest 20 matches)' },
      { case: 'searchNotes, prefix "escalat"', ...(await measure(() => searchNotes(deps, LOCAL_OPERATOR, 'escalat'), 100, 10)), baseline_case: 'raw full-text query (newest 20 matches)' },
      { case: 'searchNotes, a word in 1 note of 200,000', ...(await measure(() => searchNotes(deps, LOCAL_OPERATOR, 'needle'), 100, 10)), baseline_case: 'raw full-text query (newest 20 matches)' },
    ]);
    return { benchmark: 'notes-search', db: dialect, rows: result };
  } finally {
    await deps.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  const results = [await runOn('sqlite')];
  if (await postgresAvailable()) results.push(await runOn('postgres'));
  return results;
}
