import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeHealth } from '../../src/services/health/health.ts';
import { insertTimelineEntries } from '../../src/store/history.repo.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('review packs on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let other: Awaited<ReturnType<TestServer['userWithToken']>>;
  let ae: Awaited<ReturnType<TestServer['userWithToken']>>;
  let accounts: { big: { id: string }; small: { id: string }; others: { id: string } };

  beforeAll(async () => {
    server = await startTestServer(dialect, [], { vendorName: 'Acme' });
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
    other = await server.userWithToken('csm');
    ae = await server.userWithToken('csm');
    const team = [{ userId: ae.user.id, role: 'ae' }];
    accounts = {
      big: await makeAccount(server.deps, { name: 'Massive Dynamic', ownerId: csm.user.id, arr: 900_000, renewalDate: '2027-02-15', team }),
      small: await makeAccount(server.deps, { name: 'Tiny Co', ownerId: csm.user.id, arr: 10_000, team }),
      others: await makeAccount(server.deps, { name: 'Elsewhere Inc', ownerId: other.user.id, arr: 500_000, team }),
    };
    await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: accounts.big.id, type: 'budget', severity: 'critical', arrAtRisk: 300_000, evidence: 'Board froze the budget' } });
    await server.call('POST', `/api/accounts/${accounts.big.id}/objectives`, { token: csm.token, body: { title: 'Ship weekly', internalNotes: 'secret plan B' } });
    await recomputeHealth(server.deps);
  });
  afterAll(() => server.close());

  it("a CSM's MBR puts their top account first, asks for help with the critical risk, in Markdown and HTML", async () => {
    const res = await server.call('GET', `/api/reviews/mbr?csm=${encodeURIComponent(csm.user.email)}&month=2026-12`, { token: csm.token });
    expect(res.status).toBe(200);
    expect(res.body.pack.topAccounts.map((a: { name: string }) => a.name)).toEqual(['Massive Dynamic', 'Tiny Co']);
    expect(res.body.markdown).toContain('# MBR 2026-12');
    expect(res.body.markdown).toContain('Help mitigate the critical budget risk at Massive Dynamic');
    expect(res.body.html).toContain('<h1>');
    expect(res.body.markdown).not.toContain('Elsewhere Inc');
  });

  it('an expansion flag makes an account an MBR top pick; viewers cannot flag', async () => {
    expect((await server.call('PUT', `/api/accounts/${accounts.small.id}/expansion`, { token: other.token, body: { note: 'x' } })).status).toBe(404);
    expect((await server.call('PUT', `/api/accounts/${accounts.small.id}/expansion`, { token: csm.token, body: { note: '' } })).body.error.field).toBe('note');
    const flagged = await server.call('PUT', `/api/accounts/${accounts.small.id}/expansion`, { token: csm.token, body: { note: 'Second business unit', amount: 40_000 } });
    expect(flagged.status).toBe(200);
    const res = await server.call('GET', `/api/reviews/mbr?csm=${csm.user.id}&month=2026-12`, { token: csm.token });
    const tiny = res.body.pack.topAccounts.find((a: { name: string }) => a.name === 'Tiny Co');
    expect(JSON.stringify(tiny)).toContain('Second business unit');
    await server.call('PUT', `/api/accounts/${accounts.small.id}/expansion`, { token: csm.token, body: { note: null } });
  });

  it("the account's expansion flag reads back with its amount and since when, however busy the timeline since, until it is cleared", async () => {
    const account = await makeAccount(server.deps, { name: 'Growing Co', ownerId: csm.user.id, arr: 50_000 });
    const viewer = await server.userWithToken('viewer');
    const read = (token: string) => server.call('GET', `/api/accounts/${account.id}/expansion`, { token });
    expect((await read(csm.token)).body).toEqual({ accountId: account.id, note: null, amount: null });

    const before = server.deps.now().toISOString();
    const put = await server.call('PUT', `/api/accounts/${account.id}/expansion`, { token: csm.token, body: { note: 'A second region wants 200 seats', amount: 60_000 } });
    expect(put.status).toBe(200);
    // Sixty later changes push the flag off the first page of the timeline; the card must still find it.
    const later = new Date(Date.parse(before) + 60_000).toISOString();
    await insertTimelineEntries(
      server.deps.store.db,
      Array.from({ length: 60 }, (_, i) => ({ id: server.deps.newId(), accountId: account.id, kind: 'account.updated', summary: `Tag ${i} added`, detail: null, actorId: csm.user.id, occurredAt: later })),
    );
    for (const token of [csm.token, viewer.token, manager.token]) {
      const res = await read(token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accountId: account.id, note: 'A second region wants 200 seats', amount: 60_000, flaggedAt: put.body.flaggedAt });
    }
    expect(put.body.flaggedAt >= before && put.body.flaggedAt < later).toBe(true);

    // Someone who may not see the account is told it does not exist; a viewer reads but cannot clear.
    expect((await read(other.token)).status).toBe(404);
    expect((await server.call('GET', '/api/accounts/no-such-account/expansion', { token: csm.token })).status).toBe(404);
    expect((await server.call('PUT', `/api/accounts/${account.id}/expansion`, { token: viewer.token, body: { note: null } })).status).toBe(403);

    const cleared = await server.call('PUT', `/api/accounts/${account.id}/expansion`, { token: csm.token, body: { note: null } });
    expect(cleared.body).toEqual({ accountId: account.id, note: null, amount: null });
    expect((await read(viewer.token)).body).toEqual({ accountId: account.id, note: null, amount: null });
  });

  it('a month that is not a month is refused with the field named', async () => {
    const res = await server.call('GET', `/api/reviews/mbr?csm=${csm.user.id}&month=2026-13`, { token: csm.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ field: 'month', message: expect.stringContaining('month 13 does not exist') });
    expect((await server.call('GET', `/api/reviews/mbr?csm=nobody@example.com&month=2026-12`, { token: csm.token })).body.error.field).toBe('csm');
    expect((await server.call('GET', `/api/reviews/mbr?month=2026-12`, { token: csm.token })).body.error.field).toBe('csm');
  });

  it("only the CSM, their manager, admins and viewers prepare a CSM's MBR", async () => {
    const url = `/api/reviews/mbr?csm=${csm.user.id}&month=2026-12`;
    expect((await server.call('GET', url, { token: other.token })).status).toBe(403);
    expect((await server.call('GET', url, { token: manager.token })).status).toBe(200);
    expect((await server.call('GET', url)).status).toBe(401);
  });

  it("the AE's QBR covers the accounts the asker may see, with renewals in the quarter", async () => {
    const res = await server.call('GET', `/api/reviews/qbr?ae=${ae.user.id}&quarter=2027-01`, { token: manager.token });
    expect(res.status).toBe(200);
    expect(res.body.pack.accounts.map((a: { name: string }) => a.name)).toEqual(['Massive Dynamic', 'Tiny Co']);
    expect(res.body.pack.renewals.map((r: { name: string }) => r.name)).toEqual(['Massive Dynamic']);
    expect(res.body.pack.quarter.label).toBe('FY2027 Q1');
    const bad = await server.call('GET', `/api/reviews/qbr?ae=${ae.user.id}&quarter=next`, { token: manager.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('quarter');
  });

  it('the CBR is safe to send: no ARR, health, risks or internal notes', async () => {
    const res = await server.call('GET', `/api/reviews/cbr?accountId=${accounts.big.id}`, { token: csm.token });
    expect(res.status).toBe(200);
    expect(res.body.markdown).toContain('Ship weekly');
    for (const secret of ['900', 'Board froze', 'secret plan B', 'green', 'yellow', 'red']) expect(res.body.markdown).not.toContain(secret);
    expect((await server.call('GET', `/api/reviews/cbr?accountId=${accounts.big.id}`, { token: other.token })).status).toBe(404);
    expect((await server.call('GET', `/api/reviews/cbr?accountId=${accounts.big.id}&from=2026-12-01&to=2026-11-01`, { token: csm.token })).body.error.field).toBe('from');
  });
});
