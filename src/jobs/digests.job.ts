import { sendDueDigests } from '../services/digests/digests.ts';
import type { JobDefinition } from './runner.ts';

/**
 * Sends the daily and weekly digests that are due (each user's local morning). Every 15 minutes;
 * a digest is claimed per user, kind and local date in the database, so two nodes send it once.
 */
export const digestsJob: JobDefinition = {
  name: 'digests',
  cron: '*/15 * * * *',
  everyMs: 15 * 60_000,
  async run(deps) {
    const r = await sendDueDigests(deps);
    return r.sent + r.empty + r.skipped === 0 ? '' : `digests: ${r.sent} sent, ${r.empty} with nothing to say, ${r.skipped} skipped`;
  },
};
