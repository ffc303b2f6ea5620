import { recomputeHealth } from '../services/health/health.ts';
import type { JobDefinition } from './runner.ts';

/**
 * Nightly health recompute for the whole book. Idempotent: accounts whose inputs did not change
 * write nothing, so a second node or a rerun is harmless. Register it in jobs.ts's JOBS.
 */
export const healthRecomputeJob: JobDefinition = {
  name: 'health-recompute',
  cron: '15 2 * * *',
  everyMs: 24 * 3_600_000,
  async run(deps) {
    const r = await recomputeHealth(deps);
    return `health: ${r.scored} accounts scored, ${r.changed} changed, ${r.colourChanged} changed colour`;
  },
};
