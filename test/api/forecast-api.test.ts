import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('the renewal forecast on %s', (dialect) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let other: Awaited<ReturnType<TestServer['userWithToken']>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await server.userWithToken('admin');
    csm = await server.userWithToken('csm');
    other = await server.userWithToken('csm');
    ids.december = (await makeAccount(server.deps, { name: 'December Co', ownerId: csm.user.id, arr: 100_000, renewalDate: '2026-12-15' })).id;
    ids.february = (await makeAccount(server.deps, { name: 'February Co', ownerId: csm.user.id, arr: 200_000, renewalDate: '2027-02-01' })).id;
    ids.june = (await makeAccount(server.deps, { name: 'June Co', ownerId: csm.user.id, arr: 50_000, renewalDate: '2027-06-01' })).id;
    ids.notMine = (await makeAccount(server.deps, { name: 'Not Mine', ownerId: other.user.id, arr: 70_000, renewalDate: '2026-12-01' })).id;
    await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: ids.december, type: 'budget', severity: 'high', evidence: 'Budget under review' } });
  });
  afterAll(() => server.close());

  it("renewals of the CSM's accounts in this and next fiscal quarter, risk-adjusted", async () => {
    const res = await server.call('GET', '/api/forecast', { token: csm.token });
    expect(res.status).toBe(200);
    expect(res.body.current.quarter).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(res.body.current.renewals).toEqual([expect.objectContaining({ accountId: ids.december, arr: 100_000, riskAdjustedArr: 50_000, worstSeverity: 'high' })]);
    expect(res.body.next.accountIds).toEqual([ids.february]);
    expect(res.body.next.riskAdjustedArr).toBe(180_000);
    expect((await server.call('GET', '/api/forecast')).status).toBe(401);
  });

  it('the fiscal year start moves the quarters; only admins set it, and a month must be a month', async () => {
    expect((await server.call('PUT', '/api/settings/fiscal-year', { token: csm.token, body: { startMonth: 3 } })).status).toBe(403);
    expect((await server.call('PUT', '/api/settings/fiscal-year', { token: admin.token, body: { startMonth: 13 } })).body.error.field).toBe('startMonth');
    expect((await server.call('PUT', '/api/settings/fiscal-year', { token: admin.token, body: { startMonth: 3 } })).status).toBe(200);
    const res = await server.call('GET', '/api/forecast', { token: admin.token });
    expect(res.body.current.quarter).toMatchObject({ start: '2026-09-01', end: '2026-11-30' });
    expect(res.body.next.accountIds).toEqual([ids.notMine, ids.december, ids.february]);
    await server.call('PUT', '/api/settings/fiscal-year', { token: admin.token, body: { startMonth: 1 } });
  });
});
