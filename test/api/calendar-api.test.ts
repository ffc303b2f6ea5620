import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

function events(ics: string) {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe.each(dialects)('calls on the calendar on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme', baseUrl: 'https://cadence.acme.example' });
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  async function account() {
    const a = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id });
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: a.id, name: 'Hana Tanaka', email: 'hana@globex.example', role: 'champion' }));
    return a;
  }

  it('a bi-weekly series is named by convention and its invite carries the RRULE; an endless one is refused', async () => {
    const a = await account();
    const endless = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2026-12-01T15:00:00Z', recurrence: { frequency: 'biweekly' } } });
    expect(endless.body.error).toMatchObject({ code: 'invalid', field: 'recurrence.count', message: 'recurrence.count a series must end: give count or until' });
    const series = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2026-12-01T15:00:00Z', recurrence: { frequency: 'biweekly', count: 3 } } });
    expect(series.status).toBe(201);
    expect(series.body.title).toBe('Acme - Bi-weekly Collaboration');
    expect(series.body.seriesMeetingIds).toHaveLength(3);
    const listed = (await server.call('GET', `/api/meetings?accountId=${a.id}`, { token: csm.token })).body.items.map((m: { startsAt: string }) => m.startsAt.slice(0, 10));
    expect(listed).toEqual(['2026-12-01', '2026-12-15', '2026-12-29']);
    const ics = await server.call('GET', `/api/meetings/${series.body.id}/invite.ics`, { token: csm.token });
    expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
    const [event] = events(String(ics.body));
    expect(event!.uid).toMatch(/@cadence\.acme\.example$/);
    const rule = event!.component.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect([rule.freq, rule.interval, rule.count]).toEqual(['WEEKLY', 2, 3]);
    expect(event!.description).toContain(`https://cadence.acme.example/meetings/${series.body.id}`);
  });

  it('the agenda mail carries the invite; moving the call bumps SEQUENCE; cancelling sends METHOD:CANCEL', async () => {
    const a = await account();
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2026-12-02T15:00:00Z' } })).body;
    await server.call('POST', `/api/meetings/${meeting.id}/agenda/send`, { token: csm.token, body: { confirm: true } });
    const invite = smtp.received.at(-1)!.parsed.attachments.find((x) => x.contentType.startsWith('text/calendar'));
    expect(invite).toBeDefined();
    const [sent] = events(invite!.content.toString('utf8'));
    expect(sent!.summary).toBe('Acme / Globex CSM Call');
    expect(sent!.sequence).toBe(0);
    expect(sent!.description).toContain('https://cadence.acme.example/share/');

    const moved = await server.call('PATCH', `/api/meetings/${meeting.id}`, { token: csm.token, body: { startsAt: '2026-12-03T15:00:00Z' } });
    expect(moved.body.sequence).toBe(1);
    const cancelled = await server.call('POST', `/api/meetings/${meeting.id}/cancel`, { token: csm.token });
    expect(cancelled.body.meeting).toMatchObject({ state: 'cancelled', sequence: 2 });
    expect(cancelled.body.notified).toContain('hana@globex.example');
    const cancel = smtp.received.at(-1)!.parsed.attachments.find((x) => x.contentType.startsWith('text/calendar'))!;
    const component = new ICAL.Component(ICAL.parse(cancel.content.toString('utf8')));
    expect(component.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(new ICAL.Event(component.getFirstSubcomponent('vevent')!).uid).toBe(sent!.uid);
    expect((await server.call('POST', `/api/meetings/${meeting.id}/cancel`, { token: csm.token })).status).toBe(409);
    expect((await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: {} })).status).toBe(409);
  });

  it('a personal calendar feed lists my calls by a secret URL; rotating it revokes the old one', async () => {
    const a = await account();
    await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2026-12-04T15:00:00Z' } });
    const feed = await server.call('POST', '/api/calendar-feed', { token: csm.token });
    const path = new URL(feed.body.url).pathname;
    const ics = await server.call('GET', path);
    expect(ics.status).toBe(200);
    expect(events(String(ics.body)).some((e) => e.summary === 'Acme / Globex CSM Call')).toBe(true);
    const rotated = await server.call('POST', '/api/calendar-feed', { token: csm.token });
    expect((await server.call('GET', path)).status).toBe(404);
    expect((await server.call('GET', new URL(rotated.body.url).pathname)).status).toBe(200);
    expect((await server.call('DELETE', '/api/calendar-feed', { token: csm.token })).status).toBe(204);
    expect((await server.call('GET', new URL(rotated.body.url).pathname)).status).toBe(404);
  });
});
