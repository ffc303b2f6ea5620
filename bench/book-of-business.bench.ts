import Fastify from 'fastify';
import { sql } from 'kysely';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { buildApp } from '../src/server/build-app.ts';
import { createApiToken, LOCAL_OPERATOR } from '../src/services/users/users.ts';
import { generateBookOfBusiness } from './generate.ts';
import { measure, withRatios, type BenchResult } from './harness.ts';

/**
 * Listing one CSM's ~100 accounts (filtered to two segments, sorted by ARR) through the HTTP API,
 * against the same query in raw SQL and a bare Fastify route, on 20,000 accounts and 100,000 contacts.
 */
async function runOn(dialect: DialectName): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  try {
    const started = Date.now();
    const book = await generateBookOfBusiness(deps.store.db);
    console.log(`${dialect}: generated ${book.accounts} accounts and ${book.contacts} contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { token } = await createApiToken(deps, LOCAL_OPERATOR, book.benchCsmId, { name: 'bench' });

    const rawSql = sql`select * from accounts where owner_id = ${book.benchCsmId} and archived_at is null
      and segment in ('enterprise', 'commercial') order by coalesce(arr, -1) desc, id desc limit 101`;
    const app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const bare = Fastify();
    bare.get('/ping', async () => ({ items: [] }));
    // The fairest baseline: the same rows from the same SQL over HTTP, without Cadence's layers.
    bare.get('/raw', async () => ({ items: (await rawSql.execute(deps.store.db)).rows }));
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const barePort = (bare.server.address() as { port: number }).port;

    const url = `http://127.0.0.1:${port}/api/accounts?owner=me&segment=enterprise,commercial&sort=-arr&limit=100`;
    const headers = { authorization: `Bearer ${token}` };
    const first = (await (await fetch(url, { headers })).json()) as { items: unknown[] };
    if (first.items.length < 50) throw new Error(`expected ~67 accounts, got ${first.items.length}`);

    const rows = [
      { case: 'raw SQL (same query, same rows)', ...(await measure(() => rawSql.execute(deps.store.db), 300)) },
      { case: 'bare Fastify route over HTTP', ...(await measure(() => fetch(`http://127.0.0.1:${barePort}/ping`).then((r) => r.json()), 300)) },
      {
        case: `GET /api/accounts (one CSM, ${first.items.length} rows)`,
        ...(await measure(() => fetch(url, { headers }).then((r) => r.json()), 300)),
        baseline_case: 'raw SQL (same query, same rows)',
      },
    ];
    rows.push({ case: 'bare Fastify + raw SQL over HTTP', ...(await measure(() => fetch(`http://127.0.0.1:${barePort}/raw`).then((r) => r.json()), 300)) });
    const api = rows[2]!;
    rows.push({ ...api, case: 'GET /api/accounts vs bare Fastify + raw SQL', baseline_case: 'bare Fastify + raw SQL over HTTP' });
    const result = withRatios(rows);
    await app.close();
    await bare.close();
    return { benchmark: 'book-of-business', db: dialect, rows: result };
  } finally {
    await deps.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  const results = [await runOn('sqlite')];
  if (await postgresAvailable()) results.push(await runOn('postgres'));
  return results;
}
