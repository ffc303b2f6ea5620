import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIntegration } from '../src/services/connections/integrations.ts';
import { syncTrackers } from '../src/services/connections/sync-trackers.ts';
import { LOCAL_OPERATOR } from '../src/services/users/users.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { makeAccount } from '../test/helpers/factories.ts';
import { measure, round, type BenchResult } from './harness.ts';

const TOTAL = 50_000;
const PAGE = 1_000;
const ORGS = 400;
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent', null];

/** Zendesk cursor-export pages (the shape of its reference), built once before timing. */
function buildPages(): string[] {
  const base = Date.parse('2024-01-01T00:00:00Z');
  const pages: string[] = [];
  for (let p = 0; p < TOTAL / PAGE; p += 1) {
    const tickets = Array.from({ length: PAGE }, (_, i) => {
      const n = p * PAGE + i;
      const at = new Date(base + n * 60_000).toISOString().replace('.000', '');
      return {
        id: n + 1,
        external_id: null,
        type: n % 7 === 0 ? 'task' : 'incident',
        subject: `Ticket ${n + 1}: export fails for project ${n % 97}`,
        raw_subject: `Ticket ${n + 1}: export fails for project ${n % 97}`,
        priority: PRIORITIES[n % PRIORITIES.length],
        status: STATUSES[n % STATUSES.length],
        requester_id: 10_000 + (n % 500),
        organization_id: n % 11 === 0 ? null : 1_000 + (n % ORGS),
        tags: n % 5 === 0 ? ['feature_request', `plan_${n % 3}`] : [`plan_${n % 3}`],
        created_at: at,
        updated_at: at,
      };
    });
    pages.push(JSON.stringify({ tickets, after_cursor: `c${p + 1}`, end_of_stream: p === TOTAL / PAGE - 1 }));
  }
  return pages;
}

async function serve(pages: string[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const cursor = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('cursor');
    const index = cursor === null ? 0 : Number(cursor.slice(1));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(index < pages.length ? pages[index] : JSON.stringify({ tickets: [], after_cursor: cursor, end_of_stream: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function runOn(dialect: DialectName, url: string): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  try {
    const accountRules = [];
    for (let i = 0; i < ORGS; i += 1) accountRules.push({ accountId: (await makeAccount(deps)).id, orgIds: [String(1_000 + i)] });
    await createIntegration(deps, LOCAL_OPERATOR, { name: 'zendesk', kind: 'zendesk', settings: { baseUrl: url, email: 'bench@acme.example', apiToken: 'bench-token', map: { featureRequestLabels: ['feature_request'] } }, accountRules });
    const start = process.hrtime.bigint();
    const first = await syncTrackers(deps, { integration: 'zendesk' });
    const full = round(Number(process.hrtime.bigint() - start) / 1e6, 1);
    const run = first.runs[0];
    if (!run || run.status !== 'ok' || run.created !== TOTAL) throw new Error(`first sync: ${JSON.stringify(run)}`);
    const noChange = await measure(
      async () => {
        const r = (await syncTrackers(deps, { integration: 'zendesk' })).runs[0];
        if (!r || r.fetched !== 0 || r.created + r.updated !== 0) throw new Error('an incremental sync with no change wrote something');
      },
      20,
      3,
    );
    // Forgetting the cursor makes the next sync read everything again: all of it unchanged.
    await deps.store.db.deleteFrom('integration_cursors').execute();
    const again = process.hrtime.bigint();
    const reread = (await syncTrackers(deps, { integration: 'zendesk' })).runs[0];
    const rereadMs = round(Number(process.hrtime.bigint() - again) / 1e6, 1);
    if (!reread || reread.unchanged !== TOTAL) throw new Error(`re-read: ${JSON.stringify(reread)}`);
    return {
      benchmark: 'tracker-sync',
      db: dialect,
      rows: [
        { case: `first sync through the service: ${TOTAL} Zendesk tickets in pages of ${PAGE}, matched to ${ORGS} accounts, upserted (target < 60 s)`, p50_ms: full, p95_ms: full },
        { case: 'incremental sync with no change: one request, nothing written (target < 2 s)', ...noChange },
        { case: `full re-read of ${TOTAL} unchanged tickets (cursor lost): compared, nothing written`, p50_ms: rereadMs, p95_ms: rereadMs },
      ],
    };
  } finally {
    await deps.close();
  }
}

/** `npm run bench -- tracker-sync`: the ticket sync service end to end on each database. */
export default async function run(): Promise<BenchResult[]> {
  const { url, server } = await serve(buildPages());
  try {
    const results = [await runOn('sqlite', url)];
    if (await postgresAvailable()) results.push(await runOn('postgres', url));
    return results;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
