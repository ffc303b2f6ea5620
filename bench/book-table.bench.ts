import { buildApp } from '../src/server/build-app.ts';
import { createApiToken, LOCAL_OPERATOR } from '../src/services/users/users.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { generateBookOfBusiness } from './generate.ts';
import { measure, withRatios, type BenchResult } from './harness.ts';

/**
 * The book of business as a working table (issue #21): the first page (200 rows) of the whole book
 * of 20,000 accounts, as an admin sees it, sorted by each computed column and with the new filters,
 * against the plain sort by name in the same run; and an export of a filtered view.
 * `BENCH_BOOK_ACCOUNTS` makes the book smaller on a loaded machine.
 */
async function runOn(dialect: DialectName): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  try {
    const size = Number(process.env.BENCH_BOOK_ACCOUNTS ?? 20_000);
    await generateBookOfBusiness(deps.store.db, size, 2);
    const admin = await deps.store.db
      .insertInto('users')
      .values({
        id: deps.newId(),
        email: 'admin@bench.example',
        name: 'Bench Admin',
        role: 'admin',
        timezone: 'UTC',
        manager_id: null,
        password_hash: null,
        active: 1,
        created_at: deps.now().toISOString(),
        updated_at: deps.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { token } = await createApiToken(deps, LOCAL_OPERATOR, admin.id, { name: 'bench' });
    const app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const headers = { authorization: `Bearer ${token}` };
    const get = (path: string) => fetch(`${base}${path}`, { headers }).then((r) => (path.includes('export') ? r.text() : r.json()));
    const baseline = `sort by name, 200 rows of ${size.toLocaleString('en')}`;
    const rows = [{ case: baseline, ...(await measure(() => get('/api/accounts?sort=name&limit=200'), 30, 3)) }];
    for (const sort of ['-health', '-last_call', '-overdue', '-risks', 'owner', 'tags', 'next_call']) {
      rows.push({ case: `sort ${sort}`, ...(await measure(() => get(`/api/accounts?sort=${sort}&limit=200`), 30, 3)), baseline_case: baseline } as (typeof rows)[number]);
    }
    for (const filter of ['health=red,yellow', 'overdueMin=7', 'risks=open', 'renewalWithinDays=90', 'q=acme']) {
      rows.push({ case: `filter ${filter}`, ...(await measure(() => get(`/api/accounts?${filter}&sort=-arr&limit=200`), 30, 3)), baseline_case: baseline } as (typeof rows)[number]);
    }
    rows.push({ case: 'export a filtered view (enterprise, 5 columns) as CSV', ...(await measure(() => get('/api/accounts/export?segment=enterprise&columns=name,arr,owner,risks,next_call'), 5, 1)) });
    await app.close();
    return { benchmark: 'book-table', db: dialect, rows: withRatios(rows) };
  } finally {
    await deps.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  const results = [await runOn('sqlite')];
  if (await postgresAvailable()) results.push(await runOn('postgres'));
  return results;
}
