import { syncTrackers } from '../services/connections/sync-trackers.ts';
import type { JobDefinition } from './runner.ts';

/**
 * Incremental sync of every enabled tracker. Idempotent: it resumes from each stored cursor and
 * unchanged items write nothing. A failing tracker is logged in its run row (in words) and
 * tried again on the next run; the job itself does not fail, so the queue does not retry it.
 */
export const syncTrackersJob: JobDefinition = {
  name: 'sync-trackers',
  cron: '*/15 * * * *',
  everyMs: 15 * 60_000,
  async run(deps) {
    const { runs } = await syncTrackers(deps);
    const failed = runs.filter((r) => r.status === 'failed');
    const totals = runs.reduce((t, r) => ({ created: t.created + r.created, updated: t.updated + r.updated }), { created: 0, updated: 0 });
    return `sync-trackers: ${runs.length} trackers, ${totals.created} new, ${totals.updated} changed${failed.length ? `, failed: ${failed.map((r) => r.integration).join(', ')}` : ''}`;
  },
};

// CRM pushes have no job of their own: the outbox worker (outbox.job.ts) delivers and retries them (crm_log rows).
