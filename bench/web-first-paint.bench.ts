import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/server/build-app.ts';
import { createApiToken, LOCAL_OPERATOR } from '../src/services/users/users.ts';
import { findUser } from '../src/store/users.repo.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser } from '../test/helpers/browser.ts';
import { createTestDeps } from '../test/helpers/dialects.ts';
import { generateBookOfBusiness } from './generate.ts';
import { round, type BenchResult } from './harness.ts';

/**
 * The book of business in headless Chromium over the 20,000-account data set: time from
 * navigation to the first account rows on screen, for an admin who sees the whole book and for
 * one CSM, plus the gzipped size of the JavaScript the first screen loads.
 */
export default async function run(): Promise<BenchResult> {
  if (!browserAvailable()) throw new Error('Chromium is not installed (apt-get install chromium)');
  ensureWebBuilt();
  const deps = await createTestDeps('sqlite');
  const browser = await launchBrowser();
  try {
    const book = await generateBookOfBusiness(deps.store.db);
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
    const app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const rows: BenchResult['rows'] = [];
    for (const [label, userId] of [
      ['admin, whole book (20,000 accounts)', admin.id],
      ['one CSM (~100 accounts)', book.benchCsmId],
    ] as const) {
      const user = (await findUser(deps.store.db, userId))!;
      const { token } = await createApiToken(deps, LOCAL_OPERATOR, user.id, { name: 'bench' });
      const samples: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
        const page = await context.newPage();
        const start = Date.now();
        await page.goto(`${url}/accounts`);
        await page.waitForSelector('[data-testid="account-rows"] [role="row"]', { timeout: 15_000 });
        samples.push(Date.now() - start);
        await context.close();
      }
      const warm = samples.slice(1).sort((a, b) => a - b);
      rows.push({ case: `book of business first rows, ${label}`, p50_ms: round(warm[Math.floor(warm.length / 2)]!, 1), p95_ms: round(warm[warm.length - 1]!, 1), first_load_ms: samples[0]! });
    }
    await app.close();
    const assets = path.resolve('web/dist/assets');
    const index = readFileSync(path.resolve('web/dist/index.html'), 'utf8');
    const entry = readdirSync(assets).filter((f) => f.endsWith('.js') && index.includes(f));
    const kb = entry.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f))).length, 0) / 1024;
    rows.push({ case: 'first-screen JavaScript, gzipped (kB)', p50_ms: round(kb, 1), p95_ms: round(kb, 1) });
    return { benchmark: 'web-first-paint', db: 'sqlite', rows };
  } finally {
    await browser.close();
    await deps.close();
  }
}
