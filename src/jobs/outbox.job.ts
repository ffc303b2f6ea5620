import { deliverDueOutbox } from '../services/outbox/outbox.ts';
import type { JobDefinition } from './runner.ts';

/**
 * Delivers what the outbox holds that is due: mails whose inline send failed or whose process
 * died before sending. Every few seconds and at start-up, on every node: each row is claimed
 * with a lease, so two nodes never deliver it at once.
 */
export const outboxJob: JobDefinition = {
  name: 'outbox',
  cron: '* * * * *',
  everyMs: 3_000,
  everyNode: true,
  async run(deps) {
    const r = await deliverDueOutbox(deps);
    return r.delivered + r.retrying + r.dead === 0 ? '' : `outbox: ${r.delivered} delivered, ${r.retrying} to retry, ${r.dead} dead letters`;
  },
};
