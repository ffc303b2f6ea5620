import { pullDueCrms } from '../services/crm-pull/scheduled-pull.ts';
import type { JobDefinition } from './runner.ts';

/**
 * Accounts from the CRM: every five minutes, each HubSpot or Salesforce connection whose saved
 * mapping asks for a scheduled pull and whose interval (everyMinutes, 60 by default) is over is
 * pulled from its watermark. Once across nodes (the queue's singleton on PostgreSQL, one timer on
 * SQLite); idempotent, since an unchanged record writes nothing. A failing connection is recorded
 * in its run (in words) and tried again at its next interval; the job itself does not fail.
 */
export const crmPullJob: JobDefinition = {
  name: 'crm-pull',
  cron: '*/5 * * * *',
  everyMs: 5 * 60_000,
  async run(deps) {
    const pulls = await pullDueCrms(deps);
    if (pulls.length === 0) return '';
    const failed = pulls.filter((p) => p.status === 'failed');
    return `crm-pull: ${pulls.map((p) => `${p.integration}: ${p.summary}`).join('; ')}${failed.length ? ` (failed: ${failed.map((p) => p.integration).join(', ')})` : ''}`;
  },
};
