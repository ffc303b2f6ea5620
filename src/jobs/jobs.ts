import { runPlaybook } from '../services/team/cadence-engine.ts';
import { backupJob } from './backup.job.ts';
import { calendarSyncJob } from './calendar-sync.job.ts';
import { crmPullJob } from './crm-pull.job.ts';
import { digestsJob } from './digests.job.ts';
import { healthRecomputeJob } from './health.job.ts';
import { mailImapJob } from './mail-imap.job.ts';
import { syncTrackersJob } from './integrations.job.ts';
import { outboxJob } from './outbox.job.ts';
import type { JobDefinition } from './runner.ts';

/**
 * Every scheduled job of Cadence. Each feature adds its own (the playbook run, health recompute,
 * ticket sync …); the runner gives them an in-process timer on SQLite and a queue on PostgreSQL.
 */
export const JOBS: JobDefinition[] = [
  {
    name: 'playbook',
    cron: '*/15 * * * *',
    everyMs: 15 * 60_000,
    async run(deps) {
      const r = await runPlaybook(deps);
      return `playbook: ${r.accounts} accounts, ${r.cadenceRowsChanged} due dates changed, ${r.tasksCreated} tasks created, ${r.tasksClosed} closed`;
    },
  },
  healthRecomputeJob,
  syncTrackersJob,
  backupJob,
  outboxJob,
  calendarSyncJob,
  crmPullJob,
  digestsJob,
  mailImapJob,
];
