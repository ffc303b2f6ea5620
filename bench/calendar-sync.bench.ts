import { uuidv7 } from 'uuidv7';
import type { CalendarChanges, CalendarCursor, CalendarObject, CalendarProvider } from '../src/integrations/calendar/port.ts';
import { syncCalendarConnection, type SyncRun } from '../src/services/calendar-sync/sync-calendar.ts';
import { insertCalendarConnection } from '../src/store/calendar-sync.repo.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { eventIcs } from '../test/helpers/radicale.ts';
import { generateBookOfBusiness } from './generate.ts';
import { round, withRatios, type BenchResult } from './harness.ts';

// The sizes: 50 users × 1,000 events each, over a book of 20,000 accounts. Smaller runs: CADENCE_BENCH_CAL_USERS, CADENCE_BENCH_CAL_EVENTS.
const USERS = Number(process.env.CADENCE_BENCH_CAL_USERS ?? 50);
const EVENTS = Number(process.env.CADENCE_BENCH_CAL_EVENTS ?? 1_000);
const ACCOUNTS = Number(process.env.CADENCE_BENCH_CAL_ACCOUNTS ?? 20_000);

/**
 * One user's calendar as a CalDAV server with sync-collection hands it over (RFC 6578): everything
 * on the first REPORT with a sync token, nothing on the next one with that token. The events are
 * iCalendar text as a calendar app writes it, so the sync parses, matches and writes each one as it
 * would from Radicale; what is left out is the HTTP and XML of the REPORT.
 */
function fixtureCalendar(userEmail: string, user: number, accounts: number): CalendarProvider {
  const calendarUrl = `https://dav.bench.example/${user}/work/`;
  const objects: CalendarObject[] = [];
  const start = Date.parse('2026-10-25T09:00:00Z');
  for (let i = 0; i < EVENTS; i += 1) {
    const at = new Date(start + i * 2 * 3_600_000 + (i % 3) * 1_800_000);
    const account = (user * 7919 + i * 104_729) % accounts;
    // Most with a customer's contact; every tenth with an unknown company (unmatched), every twentieth internal only.
    const attendees = i % 20 === 19 ? [userEmail, `csm${(user + 1) % 50}@bench.example`] : i % 10 === 9 ? [userEmail, `someone${i}@unknown-${user}-${i}.example`] : [userEmail, `c0@account${account}.example`];
    const uid = `bench-${user}-${i}@calendar.app`;
    objects.push({
      href: `${calendarUrl}${uid}.ics`,
      etag: `"${user}-${i}-1"`,
      ics: eventIcs({ uid, start: at.toISOString(), end: new Date(at.getTime() + 1_800_000).toISOString(), summary: `Call ${i}`, organiser: userEmail, attendees, description: 'Weekly check-in: adoption, open tickets, next steps.' }),
    });
  }
  return {
    provider: 'caldav',
    listCalendars: async () => [{ url: calendarUrl, name: 'work', writable: false }],
    changesSince: async (_url: string, cursor: CalendarCursor | null): Promise<CalendarChanges> =>
      cursor?.syncToken === 'v1' ? { changed: [], deleted: [], cursor: { syncToken: 'v1' }, full: false } : { changed: objects, deleted: [], cursor: { syncToken: 'v1' }, full: true },
    putObject: async () => {
      throw new Error('the bench calendar is read-only');
    },
    deleteObject: async () => undefined,
  };
}

async function runOn(dialect: DialectName): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  try {
    const book = await generateBookOfBusiness(deps.store.db, ACCOUNTS, 1);
    const at = deps.now().toISOString();
    const users = await deps.store.db.selectFrom('users').select(['id', 'email']).where('id', 'in', book.csmIds.slice(0, USERS)).execute();
    const connections: { id: string; provider: CalendarProvider }[] = [];
    for (const [n, u] of users.entries()) {
      const id = uuidv7();
      await insertCalendarConnection(deps.store.db, {
        id,
        userId: u.id,
        provider: 'caldav',
        url: `https://dav.bench.example/${n}/`,
        username: u.email,
        secret: 'enc:v1:unused-by-the-fixture',
        calendars: [{ url: `https://dav.bench.example/${n}/work/`, name: 'work', writable: false }],
        writeCalendarUrl: null,
        status: 'new',
        intervalMinutes: 15,
        lastSuccessAt: null,
        lastAttemptAt: null,
        nextSyncAt: at,
        lastError: null,
        lastCounts: null,
        createdAt: at,
        updatedAt: at,
      });
      connections.push({ id, provider: fixtureCalendar(u.email, n, ACCOUNTS) });
    }

    const first: number[] = [];
    const totals = { created: 0, unmatched: 0, skipped: 0 };
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    // One run over every connection, as the job's tick (syncDueCalendars) does: the account directory is read once.
    const run: SyncRun = {};
    for (const c of connections) {
      const t = process.hrtime.bigint();
      const r = await syncCalendarConnection(deps, c.id, { provider: c.provider, run });
      if (r.status !== 'ok') throw new Error(`first sync ${r.status}: ${r.error}`);
      first.push(Number(process.hrtime.bigint() - t) / 1e6);
      totals.created += r.counts.created;
      totals.unmatched += r.counts.unmatched;
      totals.skipped += r.counts.skipped;
    }
    const firstTotal = Number(process.hrtime.bigint() - started) / 1e6;
    const firstCpu = process.cpuUsage(cpu);

    const again: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const c of connections) {
        const t = process.hrtime.bigint();
        const r = await syncCalendarConnection(deps, c.id, { provider: c.provider });
        if (r.status !== 'ok' || r.counts.created + r.counts.updated !== 0) throw new Error(`incremental sync changed something: ${JSON.stringify(r)}`);
        again.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    const q = (xs: number[], p: number) => round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0);
    return {
      benchmark: 'calendar-sync',
      db: dialect,
      rows: [
        {
          case: `first sync of ${USERS} users × ${EVENTS} events among ${ACCOUNTS} accounts (per connection)`,
          p50_ms: q(first, 0.5),
          p95_ms: q(first, 0.95),
          total_ms: round(firstTotal, 1),
          cpu_ms: round((firstCpu.user + firstCpu.system) / 1000, 1),
          created: totals.created,
          unmatched: totals.unmatched,
          skipped: totals.skipped,
          target: 'total < 60 s for 50 × 1,000',
        },
        { case: `incremental sync, nothing new (per connection, ${again.length} syncs; target < 50 ms)`, p50_ms: q(again, 0.5), p95_ms: q(again, 0.95) },
      ],
    };
  } finally {
    await deps.close();
  }
}

/** `npm run bench -- calendar-sync`: the first sync and the quiet re-sync of every user's calendar, on each database. */
export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const dialects: DialectName[] = process.env.CADENCE_BENCH_CAL_DB ? [process.env.CADENCE_BENCH_CAL_DB as DialectName] : ['sqlite', ...((await postgresAvailable()) ? ['postgres' as const] : [])];
  for (const dialect of dialects) {
    const result = await runOn(dialect);
    results.push({ ...result, rows: withRatios(result.rows) });
  }
  return results;
}
