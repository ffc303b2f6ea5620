import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recomputeHealth } from '../../src/services/health/health.ts';
import { runPlaybook } from '../../src/services/team/cadence-engine.ts';
import { generateBookOfBusiness } from '../../bench/generate.ts';
import { createTestDeps, type TestDeps } from '../helpers/dialects.ts';

/**
 * On SQLite every query is synchronous, so long work over a whole book held every other request
 * (a /healthz probe, a CSM's page) until it ended. These count the turns the event loop gets while
 * it runs: a loop of setImmediate callbacks only advances when the work lets go of the thread.
 */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const spin = () => {
    turns += 1;
    if (!done) setImmediate(spin);
  };
  setImmediate(spin);
  // The first turn would come even if the work never let go: start counting once the work has begun.
  const start = turns;
  await work();
  done = true;
  return turns - start;
}

describe('long work over the whole book lets other requests in (SQLite)', () => {
  let deps: TestDeps;
  beforeEach(async () => {
    deps = await createTestDeps('sqlite');
    await generateBookOfBusiness(deps.store.db, 2_400, 1);
  });
  afterEach(() => deps.close());

  it('a health recompute of 2,400 accounts gives the event loop a turn between its chunks of 400', async () => {
    const turns = await turnsDuring(() => recomputeHealth(deps));
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('a playbook run over 2,400 accounts gives the event loop turns while it evaluates and writes', async () => {
    const turns = await turnsDuring(() => runPlaybook(deps));
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
