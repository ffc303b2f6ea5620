import { syncDueCalendars } from '../services/calendar-sync/sync-calendar.ts';
import type { JobDefinition } from './runner.ts';

/**
 * Two-way calendar sync: every connection whose next sync is due (each its own interval, 15
 * minutes by default), then a task for the owner of any connection silent for more than three
 * intervals. Idempotent and safe on several nodes: a connection is leased to one node while it
 * syncs, unchanged events write nothing, and a connection that needs the user's password again
 * is not tried. A failing connection is recorded on it (in words); the job itself does not fail.
 */
export const calendarSyncJob: JobDefinition = {
  name: 'calendar-sync',
  cron: '*/5 * * * *',
  everyMs: 5 * 60_000,
  async run(deps) {
    const { results, silentTasks } = await syncDueCalendars(deps);
    const failed = results.filter((r) => r.status === 'failed' || r.status === 'needs_reauth');
    const created = results.reduce((n, r) => n + r.counts.created, 0);
    const updated = results.reduce((n, r) => n + r.counts.updated + r.counts.cancelled, 0);
    return `calendar-sync: ${results.length} connections, ${created} calls new, ${updated} changed${failed.length ? `, ${failed.length} failing` : ''}${silentTasks ? `, ${silentTasks} silent-sync tasks` : ''}`;
  },
};
