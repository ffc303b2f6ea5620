/**
 * Which scheduled backups to keep: the newest of each of the last `keepDaily` days, and the newest of
 * each of the `keepWeekly` ISO weeks before them (Gainsight's own promise: daily for 7 days, weekly
 * for 4 weeks). Pure: the backups and `now` come in from the caller.
 */
import { DateTime } from 'luxon';

export interface RetentionPolicy {
  keepDaily: number;
  keepWeekly: number;
}

export interface StoredBackup {
  name: string;
  takenAt: Date;
}

/** The names of the backups to delete; a backup from the future (a clock set wrong) is kept. */
export function backupsToDelete(backups: readonly StoredBackup[], now: Date, policy: RetentionPolicy): string[] {
  const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  const keep = new Set<string>();
  const days = new Set<string>();
  const weeks = new Set<string>();
  for (const backup of newestFirst) {
    const at = DateTime.fromJSDate(backup.takenAt, { zone: 'utc' });
    if (at > DateTime.fromJSDate(now, { zone: 'utc' })) {
      keep.add(backup.name);
      continue;
    }
    const daysAgo = Math.floor(today.diff(at.startOf('day'), 'days').days);
    const day = at.toISODate()!;
    if (daysAgo < policy.keepDaily) {
      if (!days.has(day)) keep.add(backup.name);
      days.add(day);
      continue;
    }
    const week = `${at.weekYear}-W${at.weekNumber}`;
    if (!weeks.has(week) && weeks.size < policy.keepWeekly) {
      keep.add(backup.name);
      weeks.add(week);
    }
  }
  return newestFirst.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
