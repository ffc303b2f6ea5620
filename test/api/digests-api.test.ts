import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueDigests } from '../../src/services/digests/digests.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
type Caller = Awaited<ReturnType<TestServer['userWithToken']>>;

describe.each(dialects)('daily and weekly digests on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let manager: Caller;
  let nora: Caller; // New York
  let kenji: Caller; // Tokyo
  const to = (email: string) => smtp.received.filter((m) => m.envelopeTo.includes(email));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme' });
    server.deps.setNow('2026-12-06T20:00:00.000Z'); // Sunday
    manager = await server.userWithToken('manager');
    nora = await server.userWithToken('csm', { managerId: manager.user.id });
    kenji = await server.userWithToken('csm', { managerId: manager.user.id });
    await server.deps.store.db.updateTable('users').set({ timezone: 'America/New_York' }).where('id', '=', nora.user.id).execute();
    await server.deps.store.db.updateTable('users').set({ timezone: 'Asia/Tokyo' }).where('id', '=', kenji.user.id).execute();
    const globex = await makeAccount(server.deps, { name: 'Globex', ownerId: nora.user.id, renewalDate: '2027-01-20' });
    const initech = await makeAccount(server.deps, { name: 'Initech', ownerId: kenji.user.id });
    expect((await server.call('POST', '/api/meetings', { token: nora.token, body: { accountId: globex.id, startsAt: '2026-12-07T15:00:00Z', acknowledgeOutOfHours: true } })).status).toBe(201);
    expect((await server.call('POST', '/api/meetings', { token: kenji.token, body: { accountId: initech.id, startsAt: '2026-12-07T01:00:00Z', acknowledgeOutOfHours: true } })).status).toBe(201);
    await server.call('POST', '/api/risks', { token: nora.token, body: { accountId: globex.id, type: 'budget', severity: 'high', evidence: 'Budget review in January' } });
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  it("each CSM gets today's calls at 08:00 in their own zone, once: a second run sends nothing", async () => {
    // 23:05 UTC Sunday is 08:05 Monday in Tokyo and 18:05 Sunday in New York.
    server.deps.setNow('2026-12-06T23:05:00.000Z');
    await sendDueDigests(server.deps);
    const kenjiMail = to(kenji.user.email);
    expect(kenjiMail).toHaveLength(1);
    expect(kenjiMail[0]!.parsed.subject).toBe('Your day, 2026-12-07');
    expect(kenjiMail[0]!.parsed.text).toContain('Initech');
    expect(kenjiMail[0]!.parsed.text).toContain('10:00'); // 01:00 UTC read in Tokyo time
    expect(to(nora.user.email)).toHaveLength(0);

    // 12:55 UTC Monday is 07:55 in New York: not yet. 13:05 is 08:05: now.
    server.deps.setNow('2026-12-07T12:55:00.000Z');
    await sendDueDigests(server.deps);
    expect(to(nora.user.email)).toHaveLength(0);
    server.deps.setNow('2026-12-07T13:05:00.000Z');
    await Promise.all([sendDueDigests(server.deps), sendDueDigests(server.deps)]);
    const noraMail = to(nora.user.email).filter((m) => m.parsed.subject?.startsWith('Your day'));
    expect(noraMail).toHaveLength(1);
    expect(noraMail[0]!.parsed.text).toContain('Globex');
    expect(noraMail[0]!.parsed.text).toContain('10:00');
    await sendDueDigests(server.deps);
    expect(to(nora.user.email).filter((m) => m.parsed.subject?.startsWith('Your day'))).toHaveLength(1);
    expect(to(kenji.user.email)).toHaveLength(1);
  });

  it('the manager gets the weekly digest on Monday morning with new risks and renewals in 90 days', async () => {
    await server.call('PATCH', '/api/digest-settings', { token: manager.token, body: { timezone: 'America/New_York' } });
    server.deps.setNow('2026-12-07T13:20:00.000Z');
    await sendDueDigests(server.deps);
    const weekly = to(manager.user.email).filter((m) => m.parsed.subject?.startsWith("Your team's week"));
    expect(weekly).toHaveLength(1);
    expect(weekly[0]!.parsed.text).toContain('Globex: high budget');
    expect(weekly[0]!.parsed.text).toContain('2027-01-20 Globex');
    expect(weekly[0]!.parsed.text).toMatch(/cadence adherence/i);
  });

  it('switched off sends nothing; a time zone nobody knows is a 400 naming timezone', async () => {
    const off = await server.call('PATCH', '/api/digest-settings', { token: kenji.token, body: { daily: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ daily: false, localTime: '08:00' });
    server.deps.setNow('2026-12-07T23:10:00.000Z'); // Tuesday 08:10 in Tokyo
    await sendDueDigests(server.deps);
    expect(to(kenji.user.email)).toHaveLength(1);

    const bad = await server.call('PATCH', '/api/digest-settings', { token: kenji.token, body: { timezone: 'Mars/Olympus_Mons' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('timezone');
    const badTime = await server.call('PATCH', '/api/digest-settings', { token: kenji.token, body: { localTime: '25:00' } });
    expect(badTime.body.error.field).toBe('localTime');
    expect((await server.call('GET', '/api/digest-settings', { token: kenji.token })).body).toMatchObject({ daily: false, timezone: null });
  });
});
