import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { AppError } from '../../src/errors.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { deliverDueOutbox } from '../../src/services/outbox/outbox.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { invitesTo, readWithIcalJs, readWithPython, SimulatedCalendar, type ReadCalendar } from '../helpers/invites.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const CUSTOMER = 'hana@globex.example';

/** Both parsers must read every file alike, or the test would only prove one parser's quirks. */
function readBoth(texts: string[], python = readWithPython(texts)): ReadCalendar[] {
  const js = texts.map(readWithIcalJs);
  const norm = (c: ReadCalendar) => ({ ...c, events: [...c.events].sort((a, b) => `${a.uid}${a.recurrenceId}`.localeCompare(`${b.uid}${b.recurrenceId}`)) });
  expect(python.map(norm)).toEqual(js.map(norm));
  return js;
}

function replay(messages: ReadCalendar[]) {
  const calendar = new SimulatedCalendar();
  for (const m of messages) calendar.apply(m);
  return calendar.shown();
}

describe.each(dialects)('invites that stay in step on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme', baseUrl: 'https://cadence.acme.example' });
    csm = await server.userWithToken('csm');
    // The CSM works from London; the customer from Berlin (or Sydney below).
    await server.deps.store.db.updateTable('users').set({ timezone: 'Europe/London' }).where('id', '=', csm.user.id).execute();
    server.deps.setNow('2027-03-01T10:00:00Z');
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  async function account(timezone: string) {
    const a = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, timezone });
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: a.id, name: 'Hana Tanaka', email: CUSTOMER, role: 'champion' }));
    return a;
  }

  const sendAgenda = async (id: string) => expect((await server.call('POST', `/api/meetings/${id}/agenda/send`, { token: csm.token, body: { confirm: true } })).status).toBe(200);

  it('a weekly series across the change to summer time, one call moved and one cancelled: the mails and the feed show each call once, at its time', async () => {
    const a = await account('Europe/Berlin');
    smtp.received.length = 0;
    // Tuesdays 10:00 Berlin; Europe changes to summer time on Sunday 28 March 2027.
    const series = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2027-03-16T09:00:00Z', recurrence: { frequency: 'weekly', count: 6 } } });
    expect(series.status).toBe(201);
    const ids: string[] = series.body.seriesMeetingIds;
    expect(ids).toHaveLength(6);

    await sendAgenda(ids[0]!);
    await sendAgenda(ids[1]!);
    const moved = await server.call('PATCH', `/api/meetings/${ids[2]}`, { token: csm.token, body: { startsAt: '2027-03-31T09:00:00Z' } });
    expect(moved.status).toBe(200);
    const cancelled = await server.call('POST', `/api/meetings/${ids[3]}/cancel`, { token: csm.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.notified).toContain(CUSTOMER);
    await sendAgenda(ids[2]!);

    const mails = invitesTo(smtp.received, CUSTOMER);
    expect(mails.map((m) => m.subject.split(':')[0])).toEqual([expect.any(String), expect.any(String), 'Moved', 'Cancelled', expect.any(String)]);
    // Python's reading is kept to be replayed below: one python3 process for both uses, not two.
    const texts = mails.map((m) => m.ics);
    const python = readWithPython(texts);
    const read = readBoth(texts, python);
    expect(read.map((r) => r.method)).toEqual(['REQUEST', 'REQUEST', 'REQUEST', 'CANCEL', 'REQUEST']);
    // One UID for the series in every mail; each call after the first by its RECURRENCE-ID.
    const uids = new Set(read.flatMap((r) => r.events.map((e) => e.uid)));
    expect(uids.size).toBe(1);
    expect(read[0]!.events[0]!.occurrences).toHaveLength(6);
    expect(read[1]!.events.map((e) => e.recurrenceId)).toEqual(['2027-03-23T09:00:00Z']);
    expect(read[2]!.events).toEqual([expect.objectContaining({ recurrenceId: '2027-03-30T08:00:00Z', start: '2027-03-31T09:00:00Z', sequence: 1 })]);
    expect(read[3]!.events).toEqual([expect.objectContaining({ recurrenceId: '2027-04-06T08:00:00Z', sequence: 1 })]);
    expect(read[4]!.events).toEqual([expect.objectContaining({ recurrenceId: '2027-03-30T08:00:00Z', start: '2027-03-31T09:00:00Z' })]);

    // The customer's calendar after every mail, in order: no call twice, the cancelled one gone,
    // the moved one at its new time, the rest at 10:00 Berlin on both sides of the change.
    const expected = ['2027-03-16T09:00:00Z', '2027-03-23T09:00:00Z', '2027-03-31T09:00:00Z', '2027-04-13T08:00:00Z', '2027-04-20T08:00:00Z'];
    const shown = replay(read);
    expect(shown.map((c) => c.start)).toEqual(expected);
    expect(new Set(shown.map((c) => `${c.uid} ${c.recurrenceId}`)).size).toBe(shown.length);
    // Python's reading replayed gives the same calendar.
    expect(replay(python).map((c) => c.start)).toEqual(expected);

    // Mails give times in the reader's zone, named, the other side's in brackets; never bare UTC.
    expect(mails[2]!.text).toContain('from Tuesday 30 March 2027, 10:00 CEST, Berlin time (09:00 BST, London time) to Wednesday 31 March 2027, 11:00 CEST, Berlin time (10:00 BST, London time)');
    expect(mails[3]!.text).toContain('Tuesday 6 April 2027, 10:00 CEST, Berlin time (09:00 BST, London time) is cancelled');
    expect(mails[3]!.text).not.toContain('UTC');
    const team = smtp.received.filter((m) => m.envelopeTo.includes(csm.user.email) && m.parsed.subject?.startsWith('Cancelled'));
    expect(team.at(-1)!.parsed.text).toContain('Tuesday 6 April 2027, 09:00 BST, London time (10:00 CEST, Berlin time)');

    // The CSM's feed agrees with the mails: same UID, the moved call by RECURRENCE-ID, the cancelled one an EXDATE.
    const feedUrl = new URL((await server.call('POST', '/api/calendar-feed', { token: csm.token })).body.url).pathname;
    const feedText = String((await server.call('GET', feedUrl)).body);
    const [feed] = readBoth([feedText]);
    const ours = { ...feed!, events: feed!.events.filter((e) => uids.has(e.uid)) };
    expect(ours.events.find((e) => !e.recurrenceId)!.exdates).toEqual(['2027-04-06T08:00:00Z']);
    expect(replay([ours]).map((c) => c.start)).toEqual(expected);
  });

  it('a held call cannot be moved, a past call cannot be cancelled: 409 naming why, nothing saved, nothing sent', async () => {
    const a = await account('Europe/Berlin');
    const series = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2027-03-02T09:00:00Z', recurrence: { frequency: 'weekly', count: 3 } } });
    const [first, second] = series.body.seriesMeetingIds as string[];
    server.deps.setNow('2027-03-10T12:00:00Z');
    try {
      expect((await server.call('POST', `/api/meetings/${first}/wrap-up`, { token: csm.token, body: {} })).status).toBe(200);
      const before = smtp.received.length;
      const move = await server.call('PATCH', `/api/meetings/${first}`, { token: csm.token, body: { startsAt: '2027-03-03T09:00:00Z' } });
      expect(move.status).toBe(409);
      expect(move.body.error.message).toContain('held');
      const cancel = await server.call('POST', `/api/meetings/${second}/cancel`, { token: csm.token });
      expect(cancel.status).toBe(409);
      expect(cancel.body.error.message).toContain('in the past');
      expect(smtp.received.length).toBe(before);
      expect((await server.call('GET', `/api/meetings/${first}`, { token: csm.token })).body).toMatchObject({ startsAt: '2027-03-02T09:00:00.000Z', sequence: 0 });
      expect((await server.call('GET', `/api/meetings/${second}`, { token: csm.token })).body).toMatchObject({ state: 'planned', sequence: 0 });
    } finally {
      server.deps.setNow('2027-03-01T10:00:00Z');
    }
  });

  it('moving and then cancelling a whole series: one update of the series, then its UID cancelled', async () => {
    const a = await account('Europe/Berlin');
    smtp.received.length = 0;
    const series = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2027-03-23T09:00:00Z', recurrence: { frequency: 'weekly', count: 3 } } });
    const ids = series.body.seriesMeetingIds as string[];
    await sendAgenda(ids[0]!);
    // One hour later, every call: 11:00 Berlin, before and after the change to summer time.
    expect((await server.call('PATCH', `/api/meetings/${ids[0]}`, { token: csm.token, body: { startsAt: '2027-03-23T10:00:00Z', scope: 'series' } })).status).toBe(200);
    const read = readBoth(invitesTo(smtp.received, CUSTOMER).map((m) => m.ics));
    expect(read.map((r) => r.method)).toEqual(['REQUEST', 'REQUEST']);
    expect(read[1]!.events).toEqual([expect.objectContaining({ recurrenceId: null, sequence: 1, start: '2027-03-23T10:00:00Z' })]);
    expect(replay(read).map((c) => c.start)).toEqual(['2027-03-23T10:00:00Z', '2027-03-30T09:00:00Z', '2027-04-06T09:00:00Z']);
    const listed = (await server.call('GET', `/api/meetings?accountId=${a.id}`, { token: csm.token })).body.items.map((m: { startsAt: string }) => m.startsAt);
    expect(listed).toEqual(['2027-03-23T10:00:00.000Z', '2027-03-30T09:00:00.000Z', '2027-04-06T09:00:00.000Z']);

    const cancel = await server.call('POST', `/api/meetings/${ids[1]}/cancel?scope=series`, { token: csm.token });
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancelledMeetingIds).toHaveLength(3);
    const all = readBoth(invitesTo(smtp.received, CUSTOMER).map((m) => m.ics));
    expect(all.at(-1)).toMatchObject({ method: 'CANCEL', events: [expect.objectContaining({ recurrenceId: null })] });
    expect(replay(all)).toEqual([]);
  });

  it('a call outside 08:00–18:00 on either side is booked only once acknowledged, and the warning names both local times', async () => {
    const a = await account('Australia/Sydney');
    // 14:00 in Sydney is 03:00 in London.
    const body = { accountId: a.id, startsAt: '2027-03-02T03:00:00Z' };
    const refused = await server.call('POST', '/api/meetings', { token: csm.token, body });
    expect(refused.status).toBe(409);
    expect(refused.body.error.field).toBe('acknowledgeOutOfHours');
    expect(refused.body.error.message).toContain('Tuesday 2 March 2027, 14:00–14:30 AEDT, Sydney time for Globex');
    expect(refused.body.error.message).toContain('Tuesday 2 March 2027, 03:00–03:30 GMT, London time for');
    expect((await server.call('GET', `/api/meetings?accountId=${a.id}`, { token: csm.token })).body.items).toEqual([]);
    expect((await server.call('POST', '/api/meetings', { token: csm.token, body: { ...body, acknowledgeOutOfHours: true } })).status).toBe(201);

    const berlin = await account('Europe/Berlin');
    const fine = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: berlin.id, startsAt: '2027-03-02T09:00:00Z' } });
    expect(fine.status).toBe(201);
    const late = await server.call('PATCH', `/api/meetings/${fine.body.id}`, { token: csm.token, body: { startsAt: '2027-03-02T18:00:00Z' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('19:00–19:30 CET, Berlin time');
    expect((await server.call('GET', `/api/meetings/${fine.body.id}`, { token: csm.token })).body.startsAt).toBe('2027-03-02T09:00:00.000Z');
  });

  it('when the update cannot be mailed at once, the move and the cancel are saved and their mails go out once mail works again, once each', async () => {
    const a = await account('Europe/Berlin');
    const call = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2027-03-02T09:00:00Z' } })).body;
    smtp.received.length = 0;
    const working = server.deps.mailer;
    Object.assign(server.deps, {
      mailer: {
        send: async () => {
          throw new AppError('internal', 'the mail could not be sent: connection refused');
        },
      },
    });
    try {
      expect((await server.call('PATCH', `/api/meetings/${call.id}`, { token: csm.token, body: { startsAt: '2027-03-02T10:00:00Z' } })).status).toBe(200);
      expect((await server.call('POST', `/api/meetings/${call.id}/cancel`, { token: csm.token })).status).toBe(200);
    } finally {
      Object.assign(server.deps, { mailer: working });
    }
    expect((await server.call('GET', `/api/meetings/${call.id}`, { token: csm.token })).body).toMatchObject({ startsAt: '2027-03-02T10:00:00.000Z', state: 'cancelled', sequence: 2 });
    expect(smtp.received).toHaveLength(0);
    // The outbox's worker, once the first retry is due: the update, then the cancel, each once.
    server.deps.setNow('2027-03-01T10:01:00Z');
    try {
      await deliverDueOutbox(server.deps);
    } finally {
      server.deps.setNow('2027-03-01T10:00:00Z');
    }
    const methods = readBoth(invitesTo(smtp.received, CUSTOMER).map((m) => m.ics)).map((c) => c.method);
    expect(methods).toEqual(['REQUEST', 'CANCEL']);
  });

  it('impossible times and unknown zones are refused naming the field', async () => {
    const a = await account('Europe/Berlin');
    const impossible = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2027-02-30T09:00:00Z' } });
    expect([impossible.status, impossible.body.error.field]).toEqual([400, 'startsAt']);
    const zone = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: a.id, startsAt: '2027-03-02T09:00:00Z', timezone: 'Mars/Olympus' } });
    expect([zone.status, zone.body.error.field]).toEqual([400, 'timezone']);
  });
});
