import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const ARR = 1_070_000;

describe.each(dialects)('risks move health, cadence and the forecast on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  const get = async (path: string) => {
    const answer = await server.call('GET', path, { token: csm.token });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  /** Every surface that shows the account's health and cadence, read at once so they can be compared. */
  async function surfaces(accountId: string, name: string) {
    const health = await get(`/api/accounts/${accountId}/health`);
    const cadence = await get(`/api/accounts/${accountId}/cadence`);
    const list = await get(`/api/accounts?q=${encodeURIComponent(name)}`);
    const row = list.items.find((a: { id: string }) => a.id === accountId);
    const forecast = await get('/api/forecast');
    const renewal = [...forecast.current.renewals, ...forecast.next.renewals].find((r: { accountId: string }) => r.accountId === accountId);
    const timeline = await get(`/api/accounts/${accountId}/timeline`);
    return { health, cadence, row, renewal, timeline: timeline.items.map((i: { summary: string }) => i.summary) as string[] };
  }

  async function gringotts(name: string, stage = 'adoption') {
    const account = await makeAccount(server.deps, { name, ownerId: csm.user.id, segment: 'enterprise', stage, arr: ARR, renewalDate: '2027-01-15' });
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Griphook', email: 'griphook@gringotts.example', role: 'champion' }));
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Ragnok', email: 'ragnok@gringotts.example', role: 'economic_buyer' }));
    return account;
  }

  it('a high risk on 100% of ARR turns health red and keeps the cadence monthly; closing it restores green and quarterly, each explained on every surface', async () => {
    const account = await gringotts('Gringotts');
    const calm = await surfaces(account.id, 'Gringotts');
    expect(calm.health.current).toMatchObject({ colour: 'green', score: 100 });
    expect(calm.cadence).toMatchObject({ frequency: 'quarterly', because: 'enterprise: monthly; eased to quarterly because health is green' });
    expect(calm.row).toMatchObject({ healthColour: 'green', healthScore: 100 });
    expect(calm.renewal).toMatchObject({ arr: ARR, riskAdjustedArr: ARR, reasons: [] });

    const raised = await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: account.id, type: 'competitor_hire', severity: 'high', arrAtRisk: ARR, evidence: 'New director came from a competitor' } });
    expect(raised.status).toBe(201);
    const risky = await surfaces(account.id, 'Gringotts');
    expect(risky.health.current).toMatchObject({ colour: 'red', score: 39.9, riskDeduction: 25, riskLines: ['a high risk on 100% of ARR: −25'], capReason: 'red while a high risk covers 100% of ARR' });
    expect(risky.health.explanation).toContain('Health fell from 100 (green) to 39.9 (red)');
    expect(risky.health.explanation).toContain('Open risks: a high risk on 100% of ARR: −25.');
    expect(risky.row).toMatchObject({ healthColour: 'red', healthScore: 39.9 });
    expect(risky.cadence).toMatchObject({ frequency: 'monthly', because: 'enterprise: monthly; never eased while a high risk is open' });
    expect(risky.renewal).toMatchObject({ arr: ARR, riskAdjustedArr: 0, worstSeverity: 'high' });
    expect(risky.renewal.reasons).toContain('high risk ×0.5');
    expect(risky.timeline).toContain('Cadence now monthly (was quarterly): enterprise: monthly; never eased while a high risk is open');

    const closed = await server.call('POST', `/api/risks/${raised.body.id}/close`, { token: csm.token, body: { resolution: 'Met the new director; renewal confirmed' } });
    expect(closed.status).toBe(200);
    const restored = await surfaces(account.id, 'Gringotts');
    expect(restored.health.current).toMatchObject({ colour: 'green', score: 100 });
    expect(restored.health.current.riskLines).toBeUndefined();
    expect(restored.health.explanation).toContain('Health rose from 39.9 (red) to 100 (green)');
    expect(restored.health.explanation).toContain('No open risk takes points off now (before: a high risk on 100% of ARR: −25).');
    expect(restored.row).toMatchObject({ healthColour: 'green', healthScore: 100 });
    expect(restored.cadence).toMatchObject({ frequency: 'quarterly', because: 'enterprise: monthly; eased to quarterly because health is green' });
    expect(restored.renewal).toMatchObject({ riskAdjustedArr: ARR, reasons: [] });
    expect(restored.timeline).toContain('Cadence now quarterly (was monthly): enterprise: monthly; eased to quarterly because health is green');
  });

  it('an account moved to at risk with no risk recorded is yellow at best, called bi-weekly, and never forecast as risk-free', async () => {
    const account = await gringotts('Gringotts Vaults');
    const moved = await server.call('PATCH', `/api/accounts/${account.id}`, { token: csm.token, body: { stage: 'at_risk' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const s = await surfaces(account.id, 'Gringotts Vaults');
    expect(s.health.current).toMatchObject({ colour: 'yellow', score: 69.9, capReason: 'stage at risk: never green while the account is at risk, with or without a risk recorded' });
    expect(s.health.explanation).toContain('Capped: stage at risk: never green');
    expect(s.row).toMatchObject({ healthColour: 'yellow', healthScore: 69.9 });
    expect(s.cadence).toMatchObject({ frequency: 'biweekly', because: 'enterprise: monthly; tightened to biweekly because the account is at risk (at least every 14 days)' });
    expect(s.renewal.reasons).toEqual(['stage at risk, no risk recorded ×0.75', 'yellow health ×0.85']);
    expect(s.renewal.riskAdjustedArr).toBe(ARR * 0.75);
  });

  it('a medium risk on a part of the ARR takes its share of points and leaves the easing alone', async () => {
    const account = await gringotts('Gringotts Annex');
    const raised = await server.call('POST', '/api/risks', { token: csm.token, body: { accountId: account.id, type: 'budget', severity: 'medium', arrAtRisk: ARR / 2, evidence: 'Budget review in January' } });
    expect(raised.status).toBe(201);
    const s = await surfaces(account.id, 'Gringotts Annex');
    expect(s.health.current).toMatchObject({ colour: 'green', score: 95, riskLines: ['a medium risk on 50% of ARR: −5'] });
    expect(s.cadence.frequency).toBe('quarterly');
    expect(s.row).toMatchObject({ healthColour: 'green', healthScore: 95 });
  });
});
