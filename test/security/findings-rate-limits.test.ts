import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countHit, SWEEP_EVERY } from '../../src/services/rate-limits.ts';
import { sha256 } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

// The server trusts no proxy (trustProxy: false), so a client's address is the connection's: inject sets it.
async function signIn(server: TestServer, address: string, email: string, password = 'not the password') {
  const res = await server.app.inject({ method: 'POST', url: '/api/session', remoteAddress: address, payload: { email, password } });
  return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] };
}

// Security review finding (issue #15 "Rate limits", #16 item 4): limits were keyed on the value guessed
// (address + email, address + token), so spraying many accounts or links from one address was never
// slowed, and each node counted alone.
describe.each(dialects)('rate limits count per client and per account, across nodes, on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(dialect, [], { loginRateLimit: 5, loginAddressRateLimit: 15 });
  });
  afterAll(() => server.close());

  it('one address spraying 30 emails is stopped before the end, while a colleague elsewhere still signs in', async () => {
    const colleague = await makeUser(server.deps, 'csm', { email: 'dana@vendor.example' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) statuses.push((await signIn(server, '203.0.113.7', `victim-${i}@vendor.example`)).status);
    expect(statuses.slice(0, 15).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(15).every((s) => s === 429)).toBe(true);
    const limited = await signIn(server, '203.0.113.7', 'someone-new@vendor.example');
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', message: 'too many sign-in attempts from this address; try again in 60 seconds' });
    expect(limited.retryAfter).toBe('60');
    // Even the right password waits at the sprayed address; from another address it works.
    expect((await signIn(server, '203.0.113.7', colleague.user.email, colleague.password)).status).toBe(429);
    const elsewhere = await signIn(server, '198.51.100.20', colleague.user.email, colleague.password);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.user.email).toBe('dana@vendor.example');
  });

  it('one account tried from many addresses is stopped, and its owner is let in again after a minute', async () => {
    const owner = await makeUser(server.deps, 'manager', { email: 'lee@vendor.example' });
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i += 1) statuses.push((await signIn(server, `192.0.2.${i}`, 'LEE@vendor.example ')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = await signIn(server, '192.0.2.99', 'lee@vendor.example', owner.password);
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toBe('too many sign-in attempts for this account; try again in 60 seconds');
    // Other accounts from those addresses are not affected.
    expect((await signIn(server, '192.0.2.1', 'other@vendor.example')).status).toBe(401);

    server.deps.setNow('2026-11-20T10:00:30.000Z');
    expect((await signIn(server, '192.0.2.99', 'lee@vendor.example', owner.password)).body.error.message).toBe('too many sign-in attempts for this account; try again in 30 seconds');
    server.deps.setNow('2026-11-20T10:01:00.000Z');
    try {
      expect((await signIn(server, '192.0.2.99', 'lee@vendor.example', owner.password)).status).toBe(200);
    } finally {
      server.deps.setNow('2026-11-20T10:00:00.000Z');
    }
  });

  it('one address guessing share-link tokens is stopped across all tokens, while a customer elsewhere still opens their link', async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const meeting = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-25T15:00:00Z' } });
    const link = await server.call('POST', `/api/meetings/${meeting.body.id}/share-links`, { token: csm.token, body: {} });
    const token = String(link.body.url).split('/share/')[1] ?? '';
    const open = (address: string, tried: string) => server.app.inject({ method: 'GET', url: `/api/share/${tried}`, remoteAddress: address });

    const statuses: number[] = [];
    for (let i = 0; i < 125; i += 1) statuses.push((await open('203.0.113.50', `guess-${String(i).padStart(8, '0')}`)).statusCode);
    expect(statuses.slice(0, 120).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(120).every((s) => s === 429)).toBe(true);
    // The success plan's link is the same guess by another route: it counts on the same counter.
    const plan = await server.app.inject({ method: 'GET', url: `/api/share/${token}/success-plan`, remoteAddress: '203.0.113.50' });
    expect(plan.statusCode).toBe(429);
    expect(plan.json().error.message).toBe('too many requests on share links from this address; try again in 60 seconds');
    const topic = await server.app.inject({ method: 'POST', url: `/api/share/${token}/topics`, remoteAddress: '203.0.113.50', payload: { text: 'Renewal terms' } });
    expect(topic.statusCode).toBe(429);

    expect((await open('198.51.100.77', token)).statusCode).toBe(200);
  });

  it('old counters are swept, so the table does not grow without end', async () => {
    const db = server.deps.store.db;
    await countHit(server.deps, 'test:stale', 60_000);
    expect(await db.selectFrom('rate_limit_counters').select('key').where('key', '=', sha256('test:stale')).executeTakeFirst()).toBeDefined();
    server.deps.setNow('2026-11-20T11:00:00.000Z');
    try {
      for (let i = 0; i < SWEEP_EVERY; i += 1) await countHit(server.deps, 'test:busy', 60_000);
      // The stale counter and every one from the earlier tests (an hour ago) are gone: only the busy one is left.
      const rows = await db.selectFrom('rate_limit_counters').selectAll().execute();
      expect(rows).toEqual([{ key: sha256('test:busy'), hits: SWEEP_EVERY, reset_at: Date.parse('2026-11-20T11:01:00.000Z') }]);
    } finally {
      server.deps.setNow('2026-11-20T10:00:00.000Z');
    }
  });

  it('two nodes on one database count together: half the attempts on each, then the next is refused on either', async () => {
    const limits = { loginRateLimit: 6, loginAddressRateLimit: 6 };
    const first = await startTestServer(dialect, [], limits);
    const second = await startTestServer(dialect, [], { ...limits, databaseUrl: first.deps.config.databaseUrl });
    try {
      // One account from a new address each time: only the account's counter is shared.
      for (let i = 0; i < 3; i += 1) expect((await signIn(first, `192.0.2.${10 + i}`, 'kim@vendor.example')).status).toBe(401);
      for (let i = 0; i < 3; i += 1) expect((await signIn(second, `192.0.2.${20 + i}`, 'kim@vendor.example')).status).toBe(401);
      expect((await signIn(first, '192.0.2.30', 'kim@vendor.example')).status).toBe(429);
      expect((await signIn(second, '192.0.2.31', 'kim@vendor.example')).status).toBe(429);

      // One address with a new email each time: only the address's counter is shared.
      for (let i = 0; i < 3; i += 1) expect((await signIn(first, '203.0.113.9', `a${i}@vendor.example`)).status).toBe(401);
      for (let i = 0; i < 3; i += 1) expect((await signIn(second, '203.0.113.9', `b${i}@vendor.example`)).status).toBe(401);
      expect((await signIn(second, '203.0.113.9', 'c@vendor.example')).status).toBe(429);
      expect((await signIn(first, '203.0.113.9', 'd@vendor.example')).status).toBe(429);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
