import { monitorEventLoopDelay } from 'node:perf_hooks';
import { UserCreateSchema } from '../src/domain/users.ts';
import { importAccounts } from '../src/services/accounts/import-csv.ts';
import { LOCAL_OPERATOR, addUser } from '../src/services/users/users.ts';
import { countAccounts } from '../src/store/accounts.repo.ts';
import { createTestDeps, type TestDeps } from '../test/helpers/dialects.ts';
import { round, withRatios, type BenchResult } from './harness.ts';

const TOTAL = 100_000;
const OWNERS = ['Sam Carter', 'Maria Manager', 'Hana Tanaka', 'Omar Haddad', 'Lena Fischer'];
const STAGES = ['Customer', 'Evangelist', 'Opportunity', 'Lead', 'Subscriber'];

/** A HubSpot companies export of TOTAL rows (its default columns), with money as "$1,070,000.00" and owners by name. */
function hubspotExport(): Buffer {
  const lines = ['Record ID,Company name,Company Domain Name,Annual Revenue,Lifecycle Stage,Company owner,Create Date'];
  for (let i = 0; i < TOTAL; i += 1) {
    const arr = ((i * 7919) % 2_000_000) + 1000;
    const money = `"$${arr.toLocaleString('en-US')}.00"`;
    lines.push(`${9_000_000_000 + i},"Company ${i}, Inc.",company-${i}.example,${money},${STAGES[i % STAGES.length]},${OWNERS[i % OWNERS.length]},2024-01-15 10:23`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

async function freshDeps(): Promise<TestDeps> {
  const deps = await createTestDeps('sqlite');
  for (const [i, name] of OWNERS.entries()) await addUser(deps, LOCAL_OPERATOR, UserCreateSchema.parse({ name, email: `owner${i}@bench.example`, role: 'csm', password: 'correct horse battery', managerId: null }));
  return deps;
}

const ms = (start: bigint): number => round(Number(process.hrtime.bigint() - start) / 1e6, 1);

/** Raw inserts of TOTAL bare account rows in one transaction: the floor any import stands on. */
async function baseline(): Promise<number> {
  const deps = await freshDeps();
  try {
    const at = new Date().toISOString();
    const start = process.hrtime.bigint();
    await deps.store.db.transaction().execute(async (tx) => {
      for (let i = 0; i < TOTAL; i += 1) {
        await tx
          .insertInto('accounts')
          .values({
            id: `raw-${i}`,
            name: `Company ${i}`,
            segment: 'commercial',
            stage: 'adoption',
            deployment: 'saas',
            product_version: null,
            arr: i,
            renewal_date: null,
            contract_start_date: null,
            licences_bought: null,
            licences_used: null,
            owner_id: null,
            timezone: 'UTC',
            security_alerts_opt_in: 0,
            health_colour: null,
            health_score: null,
            external_id: `raw-${i}`,
            crm_id: null,
            archived_at: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
    });
    return ms(start);
  } finally {
    await deps.close();
  }
}

/** `npm run bench -- import-mapping`: 100,000 HubSpot companies through the mapping on SQLite, and how long the event loop was held meanwhile. */
export default async function run(): Promise<BenchResult> {
  const file = hubspotExport();
  const raw = await baseline();
  const deps = await freshDeps();
  try {
    let start = process.hrtime.bigint();
    const dry = await importAccounts(deps, LOCAL_OPERATOR, file, { dryRun: true });
    const dryMs = ms(start);
    if (dry.errors.length || dry.created !== TOTAL) throw new Error(`dry run: ${JSON.stringify({ ...dry, errors: dry.errors.slice(0, 3), skipped: [] })}`);

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    start = process.hrtime.bigint();
    const real = await importAccounts(deps, LOCAL_OPERATOR, file, { dryRun: false });
    const importMs = ms(start);
    loop.disable();
    if (real.errors.length || real.created !== TOTAL || (await countAccounts(deps.store.db)) !== TOTAL) throw new Error(`import: ${JSON.stringify(real.errors.slice(0, 3))}`);

    start = process.hrtime.bigint();
    const again = await importAccounts(deps, LOCAL_OPERATOR, file, { dryRun: false });
    const againMs = ms(start);
    if (again.unchanged !== TOTAL) throw new Error(`re-import changed ${TOTAL - again.unchanged} accounts`);

    const delay = (q: number) => round(loop.percentile(q) / 1e6, 1);
    return {
      benchmark: 'import-mapping',
      db: 'sqlite',
      rows: withRatios([
        { case: `baseline: ${TOTAL} raw account inserts in one transaction`, p50_ms: raw, p95_ms: raw },
        { case: `dry run: ${TOTAL} HubSpot companies read, mapped (preset, owners by name, "$1,070,000.00"), planned`, p50_ms: dryMs, p95_ms: dryMs, baseline_case: `baseline: ${TOTAL} raw account inserts in one transaction` },
        {
          case: `import: ${TOTAL} HubSpot companies through the mapping, one transaction, audit and timeline each (target < 60 s)`,
          p50_ms: importMs,
          p95_ms: importMs,
          baseline_case: `baseline: ${TOTAL} raw account inserts in one transaction`,
          event_loop_delay_p99_ms: delay(99),
          event_loop_delay_max_ms: round(loop.max / 1e6, 1),
        },
        { case: `re-import of the same ${TOTAL}: all unchanged, nothing written`, p50_ms: againMs, p95_ms: againMs, baseline_case: `baseline: ${TOTAL} raw account inserts in one transaction` },
      ]),
    };
  } finally {
    await deps.close();
  }
}
