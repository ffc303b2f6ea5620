import { businessCalendar } from '../src/domain/calendar/business-calendar.ts';
import { cadenceDue, DEFAULT_POLICY, effectiveCadence } from '../src/domain/cadence/cadence.ts';
import type { HealthColour, Segment, Stage } from '../src/domain/model.ts';
import { refreshCadence, runPlaybook } from '../src/services/team/cadence-engine.ts';
import { loadCadenceFacts } from '../src/store/cadence.repo.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { generateBookOfBusiness } from './generate.ts';
import { measure, round, type BenchResult } from './harness.ts';

async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return round(Number(process.hrtime.bigint() - start) / 1e6, 1);
}

/**
 * The cadence engine on the 20,000-account book: due state for every account (pure, and
 * through the store), one full playbook run, and a second run with nothing new.
 */
async function runOn(dialect: DialectName): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  try {
    await generateBookOfBusiness(deps.store.db);
    const facts = await loadCadenceFacts(deps.store.db, null);
    const calendar = businessCalendar(['2026-12-25']);
    const now = deps.now();
    const pure = await measure(
      () => {
        for (const f of facts) {
          const cadence = effectiveCadence(DEFAULT_POLICY, { segment: f.segment as Segment, stage: f.stage as Stage }, f.healthColour as HealthColour | null, null);
          cadenceDue({ cadence, lastCallAt: f.lastCallAt, lastTouchAt: f.lastTouchAt, since: f.createdAt, timezone: f.timezone, touchFloorDays: 30, dueSoonDays: 7 }, now, calendar);
        }
      },
      10,
      2,
    );
    const rows = [{ case: `due state for ${facts.length} accounts (pure)`, ...pure }];
    const firstRun = await timeOnce(() => runPlaybook(deps));
    const secondRun = await timeOnce(() => runPlaybook(deps));
    const refresh = await measure(() => refreshCadence(deps, deps.store.db, null), 5, 1);
    rows.push(
      { case: 'due state for the whole book through the store (load + compute, nothing changed)', ...refresh },
      { case: 'first playbook run (due dates written, tasks created)', p50_ms: firstRun, p95_ms: firstRun },
      { case: 'second playbook run (nothing new)', p50_ms: secondRun, p95_ms: secondRun },
    );
    return { benchmark: 'cadence', db: dialect, rows };
  } finally {
    await deps.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  const results = [await runOn('sqlite')];
  if (await postgresAvailable()) results.push(await runOn('postgres'));
  return results;
}
