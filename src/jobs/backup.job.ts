import { dailyBackupIfDue } from '../services/setup/backup.ts';
import type { JobDefinition } from './runner.ts';

/**
 * The daily backup with its retention (CADENCE_BACKUP_*). It runs hourly and takes one only when
 * today's is missing, so a server that was down at night still gets its backup when it comes up.
 */
export const backupJob: JobDefinition = {
  name: 'backup',
  cron: '17 * * * *',
  everyMs: 60 * 60_000,
  run: (deps) => dailyBackupIfDue(deps.config, deps.now()),
};
