import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startFakeZendesk, type FakeZendesk } from '../helpers/fake-trackers.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const FAST = { timeoutMs: 2_000, maxAttempts: 2, backoffBaseMs: 1, backoffMaxMs: 2 };

describe.each(dialects)('integration settings on %s', (dialect) => {
  let server: TestServer;
  let zendesk: FakeZendesk;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    zendesk = await startFakeZendesk();
    admin = await server.userWithToken('admin');
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => {
    await zendesk.close();
    await server.close();
  });

  const zendeskBody = (name: string, apiToken = 'good-token') => ({ name, kind: 'zendesk', settings: { baseUrl: zendesk.url, email: 'ann@acme.example', apiToken, http: FAST } });

  it('a manager connects Zendesk; the token is stored encrypted and never shown again, nor written to the audit log', async () => {
    const account = await makeAccount(server.deps, { name: 'Globex' });
    const res = await server.call('POST', '/api/integrations', { token: manager.token, body: { ...zendeskBody('support'), accountRules: [{ accountId: account.id, orgIds: ['555'] }] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'support', kind: 'zendesk', enabled: true, settings: { baseUrl: zendesk.url, email: 'ann@acme.example', apiToken: '[redacted]' }, accountRules: [{ accountId: account.id, orgIds: ['555'] }] });
    const stored = await server.deps.store.db.selectFrom('integrations').select('settings').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(stored.settings).not.toContain('good-token');
    expect(JSON.parse(stored.settings).apiToken).toMatch(/^enc:v1:/);
    const audit = await server.deps.store.db.selectFrom('audit_log').select(['after']).where('entity_id', '=', res.body.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/good-token|enc:v1/);
    const listed = await server.call('GET', '/api/integrations', { token: admin.token });
    expect(JSON.stringify(listed.body)).not.toMatch(/good-token|enc:v1/);
    expect(listed.body.items.map((i: { name: string }) => i.name)).toContain('support');
  });

  it('CSMs and viewers may not see or change integrations; without a token the answer is 401', async () => {
    expect((await server.call('GET', '/api/integrations', { token: csm.token })).status).toBe(403);
    expect((await server.call('POST', '/api/integrations', { token: csm.token, body: zendeskBody('csm-made') })).status).toBe(403);
    expect((await server.call('GET', '/api/integrations')).status).toBe(401);
  });

  it('bad settings are refused naming the field', async () => {
    const noUrl = await server.call('POST', '/api/integrations', { token: admin.token, body: { name: 'x1', kind: 'zendesk', settings: { baseUrl: 'not a url', email: 'a@b.example', apiToken: 't' } } });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error.field).toBe('settings.baseUrl');
    const noToken = await server.call('POST', '/api/integrations', { token: admin.token, body: { name: 'x2', kind: 'zendesk', settings: { baseUrl: 'https://acme.zendesk.com' } } });
    expect(noToken.body.error.field).toBe('settings.apiToken');
    const kind = await server.call('POST', '/api/integrations', { token: admin.token, body: { name: 'x3', kind: 'freshdesk', settings: {} } });
    expect([kind.status, kind.body.error.field]).toEqual([400, 'kind']);
    const rule = await server.call('POST', '/api/integrations', { token: admin.token, body: { ...zendeskBody('x4'), accountRules: [{ accountId: 'no-such-account', orgIds: ['1'] }] } });
    expect([rule.status, rule.body.error.field]).toEqual([400, 'accountRules.0.accountId']);
    const twice = await server.call('POST', '/api/integrations', { token: admin.token, body: zendeskBody('dup') });
    expect(twice.status).toBe(201);
    expect((await server.call('POST', '/api/integrations', { token: admin.token, body: zendeskBody('dup') })).status).toBe(409);
  });

  it('settings sent back as read keep the stored secret; a new token replaces it; delete removes the integration', async () => {
    const made = (await server.call('POST', '/api/integrations', { token: admin.token, body: zendeskBody('editable', 'bad-token') })).body;
    const failing = await server.call('POST', `/api/integrations/${made.id}/test`, { token: admin.token });
    expect(failing.body).toMatchObject({ ok: false, kind: 'auth' });
    expect(failing.body.problem).toContain('Zendesk refused the credentials');
    const roundTrip = await server.call('PATCH', `/api/integrations/${made.id}`, { token: admin.token, body: { settings: { ...made.settings, email: 'ann@acme.example' } } });
    expect(roundTrip.status).toBe(200);
    expect((await server.call('POST', `/api/integrations/editable/test`, { token: admin.token })).body.ok).toBe(false);
    await server.call('PATCH', `/api/integrations/${made.id}`, { token: admin.token, body: { settings: { apiToken: 'good-token' } } });
    expect((await server.call('POST', `/api/integrations/editable/test`, { token: admin.token })).body).toEqual({ ok: true, detail: 'Signed in to Zendesk as Ann Agent (admin)' });
    expect((await server.call('DELETE', `/api/integrations/${made.id}`, { token: admin.token })).status).toBe(204);
    expect((await server.call('GET', `/api/integrations/${made.id}`, { token: admin.token })).status).toBe(404);
  });

  it('an admin syncs a tracker now and sees the run with its cursor', async () => {
    const made = (await server.call('POST', '/api/integrations', { token: admin.token, body: zendeskBody('sync-now') })).body;
    zendesk.put({ id: 90001, subject: 'Export fails', status: 'open' });
    const synced = await server.call('POST', `/api/integrations/${made.id}/sync`, { token: admin.token, body: {} });
    expect(synced.status).toBe(200);
    expect(synced.body.runs[0]).toMatchObject({ integration: 'sync-now', status: 'ok' });
    const shown = await server.call('GET', `/api/integrations/sync-now`, { token: admin.token });
    expect(shown.body.cursor).toMatch(/^c\d+$/);
    expect(shown.body.runs[0]).toMatchObject({ status: 'ok' });
    expect((await server.call('POST', `/api/integrations/${made.id}/sync`, { token: csm.token, body: {} })).status).toBe(403);
  });
});
