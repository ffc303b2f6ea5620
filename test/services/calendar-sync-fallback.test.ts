/**
 * Servers without sync-collection (RFC 6578): a proxy in front of a real Radicale refuses the
 * sync-collection REPORT as such a server does (501), so the client falls back to the collection's
 * ctag and each event's etag. And a server that hands out a broken object: it is skipped with its
 * reason, the others are applied, and nothing of it is written.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarProvider } from '../../src/integrations/calendar/port.ts';
import { connectCalDav } from '../../src/services/calendar-sync/connections.ts';
import { syncCalendarConnection } from '../../src/services/calendar-sync/sync-calendar.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { listMeetings } from '../../src/store/meetings.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';
import { calendarApp, eventIcs, radicaleMissing, startRadicale, type Radicale } from '../helpers/radicale.ts';

const missing = radicaleMissing();
const dialects = missing ? [] : await availableDialects();

/** Forwards everything to Radicale except a sync-collection REPORT, answered 501 Not Implemented. */
async function withoutSyncCollection(target: string): Promise<{ url: string; reports: () => number; close: () => Promise<void> }> {
  let refused = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === 'REPORT' && body.toString('utf8').includes('sync-collection')) {
      refused += 1;
      res.writeHead(501, { 'content-type': 'text/plain' }).end('sync-collection is not supported');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    const answer = await fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body: body.length ? body : undefined });
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'content-encoding') out[k] = v;
    });
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, reports: () => refused, close: () => new Promise((r) => server.close(() => r())) };
}

describe.skipIf(missing !== null)('calendar sync without sync-collection, and broken objects', () => {
  let radicale: Radicale;
  let proxy: Awaited<ReturnType<typeof withoutSyncCollection>>;
  beforeAll(async () => {
    radicale = await startRadicale();
    proxy = await withoutSyncCollection(radicale.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await radicale?.stop();
  });

  describe.each(dialects)('on %s', (dialect) => {
    let deps: TestDeps;
    beforeAll(async () => {
      deps = await createTestDeps(dialect, { baseUrl: 'https://cadence.vendor.example' });
    });
    afterAll(async () => deps?.close());

    it('changes are found through the ctag and the etags: a new, a moved and a deleted event', async () => {
      const login = `fallback-${dialect}`;
      const { user: sam } = await makeUser(deps, 'csm', { email: `sam.${login}@vendor.example` });
      const account = await makeAccount(deps, { name: `Globex ${login}`, ownerId: sam.id });
      await makeContact(deps, account.id, { name: 'Hana', role: 'champion', email: `hana@${login}.example` });
      const app = calendarApp(radicale, login);
      await app.makeCalendar('work');
      const people = [sam.email, `hana@${login}.example`];
      await app.put('work', 'a.ics', eventIcs({ uid: 'a@app', start: '2026-12-08T10:00:00Z', end: '2026-12-08T10:30:00Z', summary: 'A', attendees: people }));
      await app.put('work', 'b.ics', eventIcs({ uid: 'b@app', start: '2026-12-09T10:00:00Z', end: '2026-12-09T10:30:00Z', summary: 'B', attendees: people }));
      const connection = await connectCalDav(deps, LOCAL_OPERATOR, sam.id, { provider: 'caldav', url: proxy.url, username: login, password: 'x' });
      const calls = () => listMeetings(deps.store.db, { accountIds: [account.id], scopeUserIds: null }, 50);

      const before = proxy.reports();
      const first = await syncCalendarConnection(deps, connection.id);
      expect(first).toMatchObject({ status: 'ok', counts: { created: 2 } });
      expect(proxy.reports()).toBeGreaterThan(before);
      // Nothing changed: the ctag says so, no event is fetched.
      expect((await syncCalendarConnection(deps, connection.id)).counts).toMatchObject({ seen: 0, created: 0 });

      await app.put('work', 'a.ics', eventIcs({ uid: 'a@app', start: '2026-12-08T11:00:00Z', end: '2026-12-08T11:30:00Z', summary: 'A', attendees: people, sequence: 1 }));
      await app.delete('work', 'b.ics');
      expect((await syncCalendarConnection(deps, connection.id)).counts).toMatchObject({ updated: 1, cancelled: 1 });
      expect((await calls()).map((m) => [m.title, m.startsAt, m.state])).toEqual([
        ['A', '2026-12-08T11:00:00Z', 'planned'],
        ['B', '2026-12-09T10:00:00Z', 'cancelled'],
      ]);
    });

    it('a malformed object from the server is skipped with its reason; the good one beside it is applied', async () => {
      const login = `broken-${dialect}`;
      const { user: sam } = await makeUser(deps, 'csm', { email: `sam.${login}@vendor.example` });
      const account = await makeAccount(deps, { name: `Initech ${login}`, ownerId: sam.id });
      await makeContact(deps, account.id, { name: 'Bill', role: 'champion', email: `bill@${login}.example` });
      const good = eventIcs({ uid: 'good@app', start: '2026-12-08T10:00:00Z', end: '2026-12-08T10:30:00Z', summary: 'Good', attendees: [sam.email, `bill@${login}.example`] });
      // What a broken server or a buggy client leaves behind, served as it is.
      const broken = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:bad@app', 'DTSTART:2026-12-08 10:00', 'SUMMARY;broken', 'END:VCALENDAR'].join('\r\n');
      const provider: CalendarProvider = {
        provider: 'caldav',
        listCalendars: async () => [{ url: 'https://dav.example/cal/', name: 'Work', writable: true }],
        changesSince: async () => ({
          changed: [
            { href: 'https://dav.example/cal/bad.ics', etag: '"1"', ics: broken },
            { href: 'https://dav.example/cal/good.ics', etag: '"2"', ics: good },
            { href: 'https://dav.example/cal/empty.ics', etag: '"3"', ics: '' },
          ],
          deleted: [],
          cursor: { syncToken: 't1' },
          full: false,
        }),
        putObject: async () => ({ href: 'x', etag: null }),
        deleteObject: async () => undefined,
      };
      const connection = await connectCalDav(deps, LOCAL_OPERATOR, sam.id, { provider: 'caldav', url: 'https://dav.example/', username: login, password: 'x' }, { provider });
      const r = await syncCalendarConnection(deps, connection.id, { provider });
      expect(r).toMatchObject({ status: 'ok', counts: { created: 1, skipped: 2, reasons: { malformed: 2 } } });
      expect((await listMeetings(deps.store.db, { accountIds: [account.id], scopeUserIds: null }, 10)).map((m) => m.title)).toEqual(['Good']);
    });
  });
});
