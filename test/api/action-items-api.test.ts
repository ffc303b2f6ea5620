import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('action items and touches through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.close());

  it('a CSM gives the customer an action item, sees it open, and closes it when done', async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const contact = await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Hana Tanaka', role: 'champion' }));
    const created = await server.call('POST', '/api/action-items', {
      token: csm.token,
      body: { accountId: account.id, text: 'Enable SSO for the EU team', side: 'customer', owner: { contactId: contact.id }, dueDate: '2026-12-04' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ owner: { kind: 'contact', name: 'Hana Tanaka' }, status: 'open', dueDate: '2026-12-04' });
    const open = await server.call('GET', `/api/action-items?accountId=${account.id}&status=open`, { token: csm.token });
    expect(open.body.items).toHaveLength(1);
    const done = await server.call('PATCH', `/api/action-items/${created.body.id}`, { token: csm.token, body: { status: 'done' } });
    expect(done.body.status).toBe('done');
    expect(done.body.completedAt).not.toBeNull();
    const stillOpen = await server.call('GET', `/api/action-items?accountId=${account.id}&status=open`, { token: csm.token });
    expect(stillOpen.body.items).toHaveLength(0);
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items[0].summary).toBe('Action item done: Enable SSO for the EU team');
  });

  it('refuses an owner from another account, an impossible due date, and strangers', async () => {
    const csm = await server.userWithToken('csm');
    const stranger = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const other = await makeAccount(server.deps, { ownerId: stranger.user.id });
    const otherContact = await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: other.id, name: 'Not Theirs' }));
    const wrongOwner = await server.call('POST', '/api/action-items', { token: csm.token, body: { accountId: account.id, text: 'x', side: 'customer', owner: { contactId: otherContact.id } } });
    expect(wrongOwner.body.error).toMatchObject({ code: 'invalid', field: 'owner.contactId' });
    const badDate = await server.call('POST', '/api/action-items', { token: csm.token, body: { accountId: account.id, text: 'x', side: 'vendor', owner: { name: 'Sam' }, dueDate: '2026-02-30' } });
    expect(badDate.body.error).toMatchObject({ code: 'invalid', field: 'dueDate' });
    const noOwner = await server.call('POST', '/api/action-items', { token: csm.token, body: { accountId: account.id, text: 'x', side: 'vendor', owner: {} } });
    expect(noOwner.status).toBe(400);
    const foreign = await server.call('POST', '/api/action-items', { token: stranger.token, body: { accountId: account.id, text: 'x', side: 'vendor', owner: { name: 'Me' } } });
    expect(foreign.status).toBe(404);
    const list = await server.call('GET', `/api/action-items?accountId=${account.id}`, { token: csm.token });
    expect(list.body.items).toHaveLength(0);
  });

  it('records a touch, but not one in the future', async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const ok = await server.call('POST', '/api/touches', { token: csm.token, body: { accountId: account.id, kind: 'slack', note: 'Shared the 17.6 release notes' } });
    expect(ok.status).toBe(201);
    const future = await server.call('POST', '/api/touches', { token: csm.token, body: { accountId: account.id, kind: 'email', occurredAt: '2030-01-01T00:00:00Z' } });
    expect(future.body.error).toMatchObject({ code: 'invalid', field: 'occurredAt' });
  });
});
