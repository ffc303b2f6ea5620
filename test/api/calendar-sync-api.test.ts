import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { calendarApp, eventIcs, radicaleMissing, startRadicale, type Radicale } from '../helpers/radicale.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const missing = radicaleMissing();
const dialects = missing ? [] : await availableDialects();

describe.skipIf(missing !== null)('calendar sync over HTTP (Radicale behind it)', () => {
  let radicale: Radicale;
  beforeAll(async () => {
    radicale = await startRadicale();
  });
  afterAll(async () => radicale?.stop());

  describe.each(dialects)('on %s', (dialect) => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect, [], { baseUrl: 'https://cadence.vendor.example' });
    });
    afterAll(async () => server?.close());

    it('a CSM connects their calendar, syncs it, reads the status, assigns the unmatched event and disconnects', async () => {
      const { user, token } = await server.userWithToken('csm');
      const account = await makeAccount(server.deps, { name: `Globex ${dialect}`, ownerId: user.id });
      await makeContact(server.deps, account.id, { name: 'Hana', role: 'champion', email: `hana@globex-${dialect}.example` });
      const login = `api-${dialect}`;
      const app = calendarApp(radicale, login);
      await app.makeCalendar('work');
      await app.put('work', 'qbr.ics', eventIcs({ uid: 'qbr@app', start: '2026-12-08T14:00:00Z', end: '2026-12-08T15:00:00Z', summary: 'QBR', attendees: [user.email, `hana@globex-${dialect}.example`] }));
      await app.put('work', 'intro.ics', eventIcs({ uid: 'intro@app', start: '2026-12-09T14:00:00Z', end: '2026-12-09T14:30:00Z', summary: 'Intro', attendees: [user.email, 'alice@umbrella.example'] }));

      const bad = await server.call('POST', '/api/calendar/connections', { token, body: { url: 'ftp://dav.example', username: login, password: 'x' } });
      expect(bad).toMatchObject({ status: 400, body: { error: { field: 'url' } } });

      const made = await server.call('POST', '/api/calendar/connections', { token, body: { url: radicale.url, username: login, password: 'calendar-password' } });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ userId: user.id, status: 'new', calendars: [{ name: `${login}/work`, writable: true }] });
      expect(JSON.stringify(made.body)).not.toMatch(/calendar-password|enc:v1/);
      const id = made.body.id as string;

      const synced = await server.call('POST', `/api/calendar/connections/${id}/sync`, { token });
      expect(synced).toMatchObject({ status: 200, body: { status: 'ok', counts: { created: 1, unmatched: 1 } } });
      const listed = await server.call('GET', '/api/calendar/connections', { token });
      expect(listed.body.items).toHaveLength(1);
      expect(listed.body.items[0]).toMatchObject({ status: 'ok', lastError: null, lastCounts: { created: 1 } });
      expect(listed.body.items[0].lastSuccessAt).toEqual(expect.any(String));

      const unmatched = await server.call('GET', '/api/calendar/unmatched', { token });
      expect(unmatched.body.items.map((e: { title: string }) => e.title)).toEqual(['Intro']);
      const assigned = await server.call('POST', `/api/calendar/unmatched/${unmatched.body.items[0].id}/assign`, { token, body: { accountId: account.id } });
      expect(assigned).toMatchObject({ status: 200, body: { status: 'assigned', accountId: account.id } });
      expect((await server.call('POST', `/api/calendar/connections/${id}/sync`, { token })).body.counts).toMatchObject({ created: 1 });
      const calls = await server.call('GET', `/api/meetings?accountId=${account.id}`, { token });
      expect(calls.status).toBe(200);
      expect(calls.body.items.map((m: { title: string }) => m.title).sort()).toEqual(['Intro', 'QBR']);

      expect((await server.call('DELETE', `/api/calendar/connections/${id}`, { token })).status).toBe(204);
      expect((await server.call('GET', `/api/calendar/connections/${id}`, { token })).status).toBe(404);
    });
  });
});
