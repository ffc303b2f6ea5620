import { loadavg } from 'node:os';
import Fastify from 'fastify';
import { buildApp } from '../src/server/build-app.ts';
import { drainOnClose } from '../src/server/drain.ts';
import { loadDemoData } from '../src/services/setup/demo-data.ts';
import { createApiToken, LOCAL_OPERATOR } from '../src/services/users/users.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { generateBookOfBusiness } from './generate.ts';
import { round, type BenchResult, type BenchRow } from './harness.ts';
import { CONNECTIONS, load, mixedLoad } from './load-mix.ts';

/**
 * `npm run bench -- load-mixed`: 200 clients (BENCH_CONNECTIONS) for 60 s (BENCH_SECONDS) of mixed
 * reads and writes (the accounts list, My day, a meeting's agenda, and adding a contact: one write in
 * four) against one node on a 20,000-account book, and the same mix against a bare Fastify server
 * answering fixed JSON (the baseline, measured in the same run). The load comes from a separate
 * process (bench/load-driver.mjs), so it does not share the server's event loop.
 * Targets (issue #16): SQLite 0 errors or timeouts and p99 under 250 ms; memory flat within 20%
 * after warm-up.
 * LOAD_MIXED_DB=sqlite (or postgres) runs one database only, e.g. under `node --require
 * bench/cpu-profile.cjs bin/bench.js load-mixed` to read where the server's time goes.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const ONLY_DB = process.env.LOAD_MIXED_DB as DialectName | undefined;

async function runOn(dialect: DialectName): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  const app = await buildApp(deps);
  // The load driver's clients leave with requests still running: close waits for them before the store goes.
  drainOnClose(app);
  const bare = Fastify();
  try {
    const demo = await loadDemoData(deps, LOCAL_OPERATOR);
    const book = await generateBookOfBusiness(deps.store.db);
    const { token } = await createApiToken(deps, LOCAL_OPERATOR, book.benchCsmId, { name: 'bench' });
    // Time spent in the server per route, from the request's turn to start (the app starts one request
    // per turn of the event loop; hooks added here run after that wait) to the last byte handed to the
    // socket, next to what the clients saw: the difference is waiting for a turn.
    const inServer = new Map<string, { n: number; ms: number; max: number }>();
    const started = new WeakMap<object, number>();
    let measuring = false;
    app.addHook('onRequest', async (request) => {
      if (measuring) started.set(request, performance.now());
    });
    app.addHook('onResponse', async (request) => {
      const start = started.get(request);
      if (!measuring || start === undefined) return;
      const ms = performance.now() - start;
      const key = `${request.method} ${request.routeOptions.url ?? request.url}`;
      const seen = inServer.get(key) ?? { n: 0, ms: 0, max: 0 };
      seen.n += 1;
      seen.ms += ms;
      seen.max = Math.max(seen.max, ms);
      inServer.set(key, seen);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const mix = await mixedLoad(base, headers);

    for (const r of mix) bare.route({ method: r.method as 'GET', url: r.path.split('?')[0]!, handler: async () => ({ items: [] }) });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

    const baseline = await load({ url: bareBase, seconds: Math.max(5, Math.round(SECONDS / 4)), headers, requests: mix });
    // Warm-up, then the measured run; memory is read after each.
    await load({ url: base, seconds: Math.max(5, Math.round(SECONDS / 6)), headers, requests: mix });
    const rssWarm = process.memoryUsage().rss;
    const loadBefore = loadavg()[0]!;
    measuring = true;
    // The server's CPU per answer: unlike req/s and latency, it does not move with what else shares the cores.
    const cpuBefore = process.cpuUsage();
    const loaded = await load({ url: base, seconds: SECONDS, headers, requests: mix });
    const cpu = process.cpuUsage(cpuBefore);
    measuring = false;
    const loadAfter = loadavg()[0]!;
    const rssAfter = process.memoryUsage().rss;

    const rows: BenchRow[] = [
      { case: 'bare Fastify, the same mix (fixed JSON)', p50_ms: baseline.p50_ms, p95_ms: baseline.p95_ms, p99_ms: baseline.p99_ms, req_per_s: round(baseline.req_per_s, 0), errors: baseline.errors, timeouts: baseline.timeouts },
      {
        case: `Cadence, ${CONNECTIONS} clients × ${SECONDS} s, 1 write in 4`,
        p50_ms: loaded.p50_ms,
        p95_ms: loaded.p95_ms,
        p99_ms: loaded.p99_ms,
        max_ms: loaded.max_ms,
        req_per_s: round(loaded.req_per_s, 0),
        requests: loaded.total,
        errors: loaded.errors,
        timeouts: loaded.timeouts,
        non2xx: loaded.non2xx,
        baseline_case: 'bare Fastify, the same mix (fixed JSON)',
        ratio_p99: round(loaded.p99_ms / Math.max(1, baseline.p99_ms), 2),
        ratio_throughput: round(loaded.req_per_s / Math.max(1, baseline.req_per_s), 3),
        server_cpu_ms_per_request: round((cpu.user + cpu.system) / 1000 / Math.max(1, loaded.total), 3),
        rss_growth_pct: round(((rssAfter - rssWarm) / rssWarm) * 100, 1),
        target_p99_ms: dialect === 'sqlite' ? 250 : 300,
        in_server_mean_ms: [...inServer].map(([route, { n, ms }]) => `${route} ${round(ms / n, 1)}`).join('; '),
        in_server_max_ms: [...inServer].map(([route, { max }]) => `${route} ${round(max, 0)}`).join('; '),
        load_average_1m: `${round(loadBefore, 1)} → ${round(loadAfter, 1)}`,
        accounts: book.accounts,
        demo_accounts: demo.accounts,
      },
    ];
    return { benchmark: 'load-mixed', db: dialect, rows };
  } finally {
    await bare.close();
    await app.close();
    await deps.close();
  }
}

export default async function loadMixed(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  if (ONLY_DB !== 'postgres') results.push(await runOn('sqlite'));
  if (ONLY_DB !== 'sqlite' && (await postgresAvailable())) results.push(await runOn('postgres'));
  return results;
}
