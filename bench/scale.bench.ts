import { sql } from 'kysely';
import { buildApp } from '../src/server/build-app.ts';
import { refreshCadence, runPlaybook } from '../src/services/team/cadence-engine.ts';
import { createApiToken, LOCAL_OPERATOR } from '../src/services/users/users.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { generateBookOfBusiness, generateMeetings } from './generate.ts';
import { measure, round, type BenchResult, type BenchRow } from './harness.ts';

/**
 * Issue #16's scale: the book-of-business, cadence and playbook figures at 20,000 accounts and at
 * 100,000 accounts with 500,000 contacts and 2,000,000 meetings, and how each grows between the
 * two. `SCALE_ACCOUNTS=20000,100000` sets the sizes; PostgreSQL runs too with `SCALE_POSTGRES=1`
 * (its bulk load of 2.6 million rows takes several minutes).
 */
const SIZES = (process.env.SCALE_ACCOUNTS ?? '20000,100000').split(',').map(Number);
const CONTACTS_PER_ACCOUNT = 5;
const MEETINGS_PER_ACCOUNT = 20;
const TARGETS = { book_p95_ms: 20, due_all_ms: 1500, playbook_ms: 30_000 };

async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return round(Number(process.hrtime.bigint() - start) / 1e6, 1);
}

async function atSize(dialect: DialectName, accounts: number): Promise<BenchRow[]> {
  const deps = await createTestDeps(dialect);
  try {
    const started = Date.now();
    const book = await generateBookOfBusiness(deps.store.db, accounts, CONTACTS_PER_ACCOUNT);
    const meetings = await generateMeetings(deps.store.db, MEETINGS_PER_ACCOUNT);
    const label = `${accounts} accounts, ${book.contacts} contacts, ${meetings} meetings`;
    console.log(`${dialect}: generated ${label} in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    const { token } = await createApiToken(deps, LOCAL_OPERATOR, book.benchCsmId, { name: 'bench' });
    const app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}/api/accounts?owner=me&sort=-arr&limit=100`;
    const headers = { authorization: `Bearer ${token}` };
    const rawSql = sql`select * from accounts where owner_id = ${book.benchCsmId} and archived_at is null order by coalesce(arr, -1) desc, id desc limit 101`;
    const rows: BenchRow[] = [];
    try {
      rows.push({ case: `raw SQL, one CSM's page (${label})`, size: accounts, ...(await measure(() => rawSql.execute(deps.store.db), 200)) });
      rows.push({
        case: `GET /api/accounts, one CSM's book (${label})`,
        size: accounts,
        ...(await measure(() => fetch(url, { headers }).then((r) => r.json()), 200)),
        baseline_case: `raw SQL, one CSM's page (${label})`,
        target_p95_ms: TARGETS.book_p95_ms,
      });
    } finally {
      await app.close();
    }
    const playbook = await timeOnce(() => runPlaybook(deps));
    const due = await measure(() => refreshCadence(deps, deps.store.db, null), 3, 1);
    rows.push(
      { case: `due state for all accounts through the store (${label})`, size: accounts, ...due, target_ms: TARGETS.due_all_ms },
      { case: `first playbook run (${label})`, size: accounts, p50_ms: playbook, p95_ms: playbook, target_ms: TARGETS.playbook_ms },
    );
    return rows.map((r) => ({ ...r, ratio_p95: r.baseline_case ? round(r.p95_ms / (rows.find((b) => b.case === r.baseline_case)?.p95_ms ?? 1), 2) : undefined }));
  } finally {
    await deps.close();
  }
}

/** Each figure at the largest size against the same figure at the smallest: how it grows with the book. */
function growth(rows: BenchRow[]): BenchRow[] {
  const small = Math.min(...SIZES);
  const large = Math.max(...SIZES);
  const kind = (c: string) => c.replace(/ \(.*\)$/, '');
  return rows
    .filter((r) => r.size === large)
    .map((r) => {
      const base = rows.find((b) => b.size === small && kind(b.case) === kind(r.case));
      return { case: `${kind(r.case)}: ${large} vs ${small} accounts`, p50_ms: r.p50_ms, p95_ms: r.p95_ms, baseline_case: base?.case, growth_p95: base ? round(r.p95_ms / base.p95_ms, 2) : undefined, size_ratio: large / small };
    });
}

async function runOn(dialect: DialectName): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  for (const size of SIZES) rows.push(...(await atSize(dialect, size)));
  return { benchmark: 'scale', db: dialect, rows: [...rows, ...(SIZES.length > 1 ? growth(rows) : [])] };
}

export default async function run(): Promise<BenchResult[]> {
  const results = [await runOn('sqlite')];
  if (process.env.SCALE_POSTGRES === '1' && (await postgresAvailable())) results.push(await runOn('postgres'));
  return results;
}
