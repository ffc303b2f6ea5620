import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startFakeZendesk, type FakeZendesk } from '../helpers/fake-trackers.ts';
import { addressesOf, startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('opening a request raised in a call in the tracker on %s', (dialect) => {
  let server: TestServer;
  let zendesk: FakeZendesk;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let other: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, baseUrl: 'https://cadence.acme.example' });
    zendesk = await startFakeZendesk();
    csm = await server.userWithToken('csm');
    other = await server.userWithToken('csm');
    const admin = await server.userWithToken('admin');
    await server.call('POST', '/api/integrations', {
      token: admin.token,
      body: {
        name: 'support',
        kind: 'zendesk',
        settings: { baseUrl: zendesk.url, email: 'ann@acme.example', apiToken: 'good-token', map: { featureRequestLabels: ['feature_request'] }, http: { maxAttempts: 2, backoffBaseMs: 1, backoffMaxMs: 2 } },
      },
    });
  });
  afterAll(async () => {
    await zendesk.close();
    await server.close();
    await smtp.close();
  });

  async function wrappedCallWithRequest() {
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id });
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Peter Gibbons', email: 'peter@initech.example', role: 'champion' }));
    const admin = await server.userWithToken('admin');
    await server.call('PATCH', '/api/integrations/support', { token: admin.token, body: { accountRules: [{ accountId: account.id, orgIds: ['777'], labels: ['initech'] }] } });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
    await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { requests: [{ kind: 'feature_request', title: 'Audit log export to S3', priority: 'high' }] } });
    const request = (await server.call('GET', `/api/meetings/${meeting.id}/engagement`, { token: csm.token })).body.requests[0];
    return { account, meeting, request };
  }

  it('the request becomes one Zendesk ticket with the customer context and a link back, even when opened twice, and completes the engagement', async () => {
    const { account, meeting, request } = await wrappedCallWithRequest();
    const sent = await server.call('POST', `/api/meetings/${meeting.id}/follow-up/send`, { token: csm.token, body: { confirm: true, sendWithUnaddressed: true } });
    expect(sent.body.meeting.state).toBe('followed_up');
    expect(addressesOf(smtp.received.at(-1)!.parsed.to)).toEqual(['peter@initech.example']);

    const opened = await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { token: csm.token, body: { integration: 'support' } });
    expect(opened.status).toBe(200);
    expect(opened.body.request).toMatchObject({ id: request.id, created: true });
    expect(opened.body.meeting.state).toBe('complete');
    expect(opened.body.engagement.complete).toBe(true);
    expect(zendesk.created.size).toBe(1);
    const ticket = [...zendesk.created.values()][0]!;
    expect(ticket).toMatchObject({ subject: 'Audit log export to S3', external_id: request.id, organization_id: 777 });
    expect(ticket.tags).toEqual(expect.arrayContaining(['initech', 'feature_request']));
    expect(ticket.comment).toContain('Customer: Initech');
    expect(ticket.comment).toContain(`https://cadence.acme.example/meetings/${meeting.id}`);

    const again = await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { token: csm.token, body: { integration: 'support' } });
    expect(again.status).toBe(200);
    expect(again.body.request).toMatchObject({ externalId: opened.body.request.externalId, created: false });
    expect(zendesk.created.size).toBe(1);
    const row = await server.deps.store.db.selectFrom('feature_requests').selectAll().where('id', '=', request.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'zendesk', external_id: opened.body.request.externalId, url: `${zendesk.url}/agent/tickets/${opened.body.request.externalId}`, account_id: account.id });
  });

  it('a retry after the tracker created the item but Cadence did not record it finds that item instead of opening another', async () => {
    const { meeting, request } = await wrappedCallWithRequest();
    // The first attempt reached Zendesk, then Cadence crashed before writing anything down.
    zendesk.created.set(999, { id: 999, subject: 'Audit log export to S3', status: 'new', external_id: request.id, comment: '' });
    const opened = await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { token: csm.token, body: { integration: 'support' } });
    expect(opened.body.request).toEqual({ id: request.id, externalId: '999', url: `${zendesk.url}/agent/tickets/999`, created: false, status: 'opened', error: null });
    expect([...zendesk.created.values()].filter((t) => t.external_id === request.id)).toHaveLength(1);
  });

  it('the next sync updates the opened request in place rather than adding a copy', async () => {
    const { meeting, request } = await wrappedCallWithRequest();
    const opened = (await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { token: csm.token, body: { integration: 'support' } })).body;
    zendesk.put({ id: Number(opened.request.externalId), subject: 'Audit log export to S3', status: 'solved', type: 'task', tags: ['feature_request'] });
    const admin = await server.userWithToken('admin');
    await server.call('POST', '/api/integrations/support/sync', { token: admin.token, body: {} });
    const rows = await server.deps.store.db.selectFrom('feature_requests').selectAll().where('external_id', '=', opened.request.externalId).where('source', '=', 'zendesk').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: request.id, status: 'shipped', raised_in_meeting_id: meeting.id });
  });

  it("bad input, someone else's meeting and an unknown integration are refused", async () => {
    const { meeting, request } = await wrappedCallWithRequest();
    const before = zendesk.created.size;
    const empty = await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { token: csm.token, body: {} });
    expect([empty.status, empty.body.error.field]).toEqual([400, 'integration']);
    const unknown = await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { token: csm.token, body: { integration: 'jira-nope' } });
    expect([unknown.status, unknown.body.error.field]).toEqual([400, 'integration']);
    expect((await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { token: other.token, body: { integration: 'support' } })).status).toBe(404);
    expect((await server.call('POST', `/api/meetings/${meeting.id}/requests/nope/open`, { token: csm.token, body: { integration: 'support' } })).status).toBe(404);
    expect((await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { body: { integration: 'support' } })).status).toBe(401);
    expect(zendesk.created.size).toBe(before);
  });
});
