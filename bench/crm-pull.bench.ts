import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIntegration } from '../src/services/connections/integrations.ts';
import { putCrmMapping } from '../src/services/crm-pull/crm-connections.ts';
import { pullCrm } from '../src/services/crm-pull/crm-pull.ts';
import { CrmMappingSchema } from '../src/domain/import/crm-mapping.ts';
import { LOCAL_OPERATOR } from '../src/services/users/users.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { makeUser } from '../test/helpers/factories.ts';
import { measure, round, type BenchResult } from './harness.ts';

const TOTAL = 2_000;
const PAGE = 100;
const OWNERS = 20;
const STAGES = ['customer', 'opportunity', 'evangelist', 'subscriber'];
const SEGMENTS = ['Enterprise', 'Commercial', 'SMB'];

/** HubSpot company search pages (the shape of https://developers.hubspot.com/docs/api/crm/search), built once before timing. */
function buildCompanies() {
  const base = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: TOTAL }, (_, n) => ({
    id: String(100_000 + n),
    properties: {
      name: `Company ${n} GmbH`,
      domain: `company-${n}.example`,
      hubspot_owner_id: String(500 + (n % OWNERS)),
      annualrevenue: String(10_000 + n * 37),
      lifecyclestage: STAGES[n % STAGES.length],
      renewal_date: `2027-${String((n % 12) + 1).padStart(2, '0')}-15`,
      cs_segment: SEGMENTS[n % SEGMENTS.length],
      hs_lastmodifieddate: new Date(base + n * 60_000).toISOString(),
    },
  }));
}

async function serve(companies: ReturnType<typeof buildCompanies>): Promise<{ url: string; server: Server }> {
  const owners = JSON.stringify({ results: Array.from({ length: OWNERS }, (_, i) => ({ id: String(500 + i), email: `owner${i}@bench.example`, type: 'PERSON' })) });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/crm/v3/owners')) return res.end(owners);
      const q = JSON.parse(body) as { filterGroups: { filters: { value: string }[] }[]; after?: string };
      const gt = q.filterGroups[0]?.filters[0]?.value;
      const matching = gt ? companies.filter((c) => Date.parse(c.properties.hs_lastmodifieddate) > Number(gt)) : companies;
      const from = Number(q.after ?? 0);
      res.end(JSON.stringify({ total: matching.length, results: matching.slice(from, from + PAGE), ...(from + PAGE < matching.length ? { paging: { next: { after: String(from + PAGE) } } } : {}) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function runOn(dialect: DialectName, url: string): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  try {
    for (let i = 0; i < OWNERS; i += 1) await makeUser(deps, 'csm', { email: `owner${i}@bench.example` });
    await createIntegration(deps, LOCAL_OPERATOR, { name: 'hubspot', kind: 'hubspot', settings: { baseUrl: url, accessToken: 'bench-token' } });
    await putCrmMapping(deps, LOCAL_OPERATOR, 'hubspot', CrmMappingSchema.parse({ fields: { renewal_date: 'renewal_date', cs_segment: 'segment' } }));
    const start = process.hrtime.bigint();
    const first = (await pullCrm(deps, LOCAL_OPERATOR, { integration: 'hubspot' })).pulls[0];
    const firstMs = round(Number(process.hrtime.bigint() - start) / 1e6, 1);
    if (!first || first.status !== 'ok' || first.created !== TOTAL) throw new Error(`first pull: ${JSON.stringify(first?.summary ?? first)}`);
    const noChange = await measure(
      async () => {
        const r = (await pullCrm(deps, LOCAL_OPERATOR, { integration: 'hubspot' })).pulls[0];
        if (!r || r.fetched !== 0) throw new Error('an incremental pull with no change read something');
      },
      10,
      2,
    );
    const again = process.hrtime.bigint();
    const reread = (await pullCrm(deps, LOCAL_OPERATOR, { integration: 'hubspot', full: true })).pulls[0];
    const rereadMs = round(Number(process.hrtime.bigint() - again) / 1e6, 1);
    if (!reread || reread.unchanged !== TOTAL) throw new Error(`full re-read: ${reread?.summary ?? ''}`);
    return {
      benchmark: 'crm-pull',
      db: dialect,
      rows: [
        { case: `first pull through the service: ${TOTAL} HubSpot companies in pages of ${PAGE}, ${OWNERS} owners, all created`, p50_ms: firstMs, p95_ms: firstMs },
        { case: 'incremental pull with no change: one search, nothing written', ...noChange },
        { case: `full re-read (--full) of ${TOTAL} unchanged companies: compared, nothing written`, p50_ms: rereadMs, p95_ms: rereadMs },
      ],
    };
  } finally {
    await deps.close();
  }
}

/** `npm run bench -- crm-pull`: accounts pulled from a (local) HubSpot end to end on each database. */
export default async function run(): Promise<BenchResult[]> {
  const { url, server } = await serve(buildCompanies());
  try {
    const results = [await runOn('sqlite', url)];
    if (await postgresAvailable()) results.push(await runOn('postgres', url));
    return results;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
