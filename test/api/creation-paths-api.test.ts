import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('every way of creating a risk, an action item or a request follows the same rules on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect, [], { vendorName: 'Acme' });
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  async function call(fields: Record<string, unknown> = {}) {
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id, arr: 100_000, ...fields });
    const champion = await makeContact(server.deps, account.id, { name: 'Peter Gibbons', email: 'peter@initech.example', role: 'champion' });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
    return { account, champion, meeting };
  }

  it('a risk captured at wrap-up cannot put more ARR at risk than the account brings in', async () => {
    const { account, meeting } = await call();
    const res = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, {
      token: csm.token,
      body: { risks: [{ type: 'budget', severity: 'high', arrAtRisk: 250_000, evidence: 'Budget halved next year' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', field: 'risks.0.arrAtRisk' });
    expect((await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body.state).toBe('planned');
    const risks = await server.deps.store.db.selectFrom('risks').select('id').where('account_id', '=', account.id).execute();
    expect(risks).toHaveLength(0);
  });
});
