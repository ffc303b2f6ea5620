import { describe, expect, it } from 'vitest';
import { backupsToDelete } from './backup-retention.ts';

const policy = { keepDaily: 7, keepWeekly: 4 };
const now = new Date('2026-12-03T02:00:00Z');
/** One backup a day at 01:00 UTC for `days` days up to today. */
function daily(days: number) {
  return Array.from({ length: days }, (_, i) => {
    const takenAt = new Date(Date.UTC(2026, 11, 3 - i, 1));
    return { name: `cadence-${takenAt.toISOString().slice(0, 10)}`, takenAt };
  });
}

describe('backup retention', () => {
  it('keeps the last seven days and one backup for each of the four weeks before them', () => {
    const backups = daily(60);
    const deleted = new Set(backupsToDelete(backups, now, policy));
    const kept = backups.filter((b) => !deleted.has(b.name)).map((b) => b.name);
    expect(kept.slice(0, 7)).toEqual(['cadence-2026-12-03', 'cadence-2026-12-02', 'cadence-2026-12-01', 'cadence-2026-11-30', 'cadence-2026-11-29', 'cadence-2026-11-28', 'cadence-2026-11-27']);
    // The newest backup of each earlier ISO week: Thursday 26 Nov (week 48), Sunday 22 Nov (47), 15 Nov (46), 8 Nov (45).
    expect(kept.slice(7)).toEqual(['cadence-2026-11-26', 'cadence-2026-11-22', 'cadence-2026-11-15', 'cadence-2026-11-08']);
  });

  it('keeps only the newest of two backups on the same day', () => {
    const backups = [
      { name: 'morning', takenAt: new Date('2026-12-03T01:00:00Z') },
      { name: 'manual', takenAt: new Date('2026-12-03T01:30:00Z') },
    ];
    expect(backupsToDelete(backups, now, policy)).toEqual(['morning']);
  });

  it('deletes nothing while there are fewer backups than the policy keeps', () => {
    expect(backupsToDelete(daily(5), now, policy)).toEqual([]);
  });

  it('never deletes a backup dated in the future', () => {
    const future = { name: 'future', takenAt: new Date('2027-01-01T00:00:00Z') };
    expect(backupsToDelete([future, ...daily(3)], now, policy)).toEqual([]);
  });
});
