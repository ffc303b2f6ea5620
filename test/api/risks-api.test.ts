import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('the risk register on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let other: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
    other = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
  });
  afterAll(() => server.close());

  it('a CSM raises a risk on their account and it shows in the register, the timeline and the audit', async () => {
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, arr: 120_000 });
    const res = await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: account.id, type: 'champion_leaving', severity: 'high', arrAtRisk: 60_000, evidence: 'Hank is leaving in March' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', ownerId: csm.user.id, arrAtRisk: 60_000 });

    const register = await server.call('GET', `/api/risks?accountId=${account.id}`, { token: csm.token });
    expect(register.status).toBe(200);
    expect(register.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    expect(register.body.register.bySeverity.high).toEqual({ count: 1, arrAtRisk: 60_000, riskIds: [res.body.id] });

    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items[0].summary).toContain('Risk raised: high champion leaving risk');
    const audit = await server.deps.store.db.selectFrom('audit_log').select('action').where('entity_id', '=', res.body.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['risk.raised']);
  });

  it('ARR at risk cannot exceed the account ARR, and the field is named', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id, arr: 50_000 });
    const res = await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: account.id, type: 'budget', severity: 'medium', arrAtRisk: 80_000, evidence: 'Budget cut' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', field: 'arrAtRisk' });
    const noEvidence = await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: account.id, type: 'budget', severity: 'medium' } });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.error.field).toBe('evidence');
  });

  it('a viewer cannot raise a risk, another CSM does not see the account, and signing in is required', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id, arr: 50_000 });
    const body = { accountId: account.id, type: 'budget', severity: 'low', evidence: 'Cuts' };
    expect((await server.call('POST', '/api/risks', { token: viewer.token, body })).status).toBe(403);
    expect((await server.call('POST', '/api/risks', { token: other.token, body })).status).toBe(404);
    expect((await server.call('GET', '/api/risks')).status).toBe(401);
    const raised = await server.call('POST', '/api/risks', { token: csm.token, body });
    expect((await server.call('GET', `/api/risks/${raised.body.id}`, { token: other.token })).status).toBe(404);
    expect((await server.call('POST', `/api/risks/${raised.body.id}/close`, { token: viewer.token, body: { resolution: 'x' } })).status).toBe(403);
    const othersRegister = await server.call('GET', '/api/risks', { token: other.token });
    expect(othersRegister.body.items.map((r: { id: string }) => r.id)).not.toContain(raised.body.id);
  });

  it('the manager sees their team’s risks; filters by severity and owner narrow the register', async () => {
    const a = await makeAccount(server.deps, { ownerId: csm.user.id, arr: 200_000 });
    const b = await makeAccount(server.deps, { ownerId: other.user.id, arr: 200_000 });
    const critical = (await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: a.id, type: 'tool_consolidation', severity: 'critical', arrAtRisk: 150_000, evidence: 'Moving to one vendor' } })).body;
    const elsewhere = (await server.call('POST', '/api/risks', { token: other.token, body: { accountId: b.id, type: 'tool_consolidation', severity: 'critical', evidence: 'Same story' } })).body;
    const register = await server.call('GET', '/api/risks?severity=critical&type=tool_consolidation', { token: manager.token });
    expect(register.status).toBe(200);
    const ids = register.body.items.map((r: { id: string }) => r.id);
    expect(ids).toContain(critical.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(register.body.register.open.count).toBe(ids.length);
    const mine = await server.call('GET', `/api/risks?owner=${csm.user.id}&severity=critical`, { token: manager.token });
    expect(mine.body.items.every((r: { ownerId: string }) => r.ownerId === csm.user.id)).toBe(true);
    expect((await server.call('GET', '/api/risks?severity=dire', { token: manager.token })).body.error.field).toBe('severity.0');
  });

  it('a risk is worked on, closed only with a resolution, and cannot be closed twice', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id, arr: 90_000 });
    const risk = (await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: account.id, type: 'low_adoption', severity: 'medium', evidence: '30% of seats used' } })).body;
    const patched = await server.call('PATCH', `/api/risks/${risk.id}`, { token: csm.token, body: { status: 'mitigating', severity: 'high', arrAtRisk: 20_000 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'mitigating', severity: 'high', arrAtRisk: 20_000 });
    expect((await server.call('PATCH', `/api/risks/${risk.id}`, { token: csm.token, body: { arrAtRisk: 95_000 } })).body.error.field).toBe('arrAtRisk');

    const noResolution = await server.call('POST', `/api/risks/${risk.id}/close`, { token: csm.token, body: { resolution: '  ' } });
    expect(noResolution.status).toBe(400);
    expect(noResolution.body.error.field).toBe('resolution');
    const closed = await server.call('POST', `/api/risks/${risk.id}/close`, { token: csm.token, body: { resolution: 'Enablement sessions doubled usage' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', resolution: 'Enablement sessions doubled usage', closedAt: '2026-11-20T10:00:00.000Z' });
    expect((await server.call('POST', `/api/risks/${risk.id}/close`, { token: csm.token, body: { resolution: 'again' } })).status).toBe(409);

    const live = await server.call('GET', `/api/risks?accountId=${account.id}`, { token: csm.token });
    expect(live.body.items).toHaveLength(0);
    const closedList = await server.call('GET', `/api/risks?accountId=${account.id}&status=closed`, { token: csm.token });
    expect(closedList.body.items.map((r: { id: string }) => r.id)).toEqual([risk.id]);

    const reopened = await server.call('PATCH', `/api/risks/${risk.id}`, { token: csm.token, body: { status: 'open' } });
    expect(reopened.body).toMatchObject({ status: 'open', resolution: null, closedAt: null });
  });
});
