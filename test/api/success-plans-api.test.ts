import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('success plans on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let other: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
    other = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
  });
  afterAll(() => server.close());

  it('a CSM writes objectives with an owner from the customer, reports progress and marks one achieved', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const champion = await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Dana Scully', email: 'dana@fbi.example', role: 'champion' }));
    const url = `/api/accounts/${account.id}/objectives`;
    const created = await server.call('POST', url, { token: csm.token, body: { title: 'Cut release lead time to one week', owner: { kind: 'contact', id: champion.id, name: 'Dana Scully' }, targetDate: '2027-03-01' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'not_started', progress: 0, customerVisible: true, owner: { kind: 'contact', id: champion.id } });

    const progressed = await server.call('PATCH', `${url}/${created.body.id}`, { token: csm.token, body: { progress: 40 } });
    expect(progressed.body).toMatchObject({ status: 'on_track', progress: 40 });
    const achieved = await server.call('PATCH', `${url}/${created.body.id}`, { token: csm.token, body: { status: 'achieved' } });
    expect(achieved.body).toMatchObject({ status: 'achieved', progress: 100 });

    const plan = await server.call('GET', url, { token: csm.token });
    expect(plan.body.items).toHaveLength(1);
    expect(plan.body.summary.byStatus.achieved).toEqual([created.body.id]);
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items[0].summary).toBe('Success plan: "Cut release lead time to one week" now achieved');
  });

  it('bad input names the field; a contact of another account cannot own an objective', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const elsewhere = await makeAccount(server.deps, { ownerId: csm.user.id });
    const stranger = await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: elsewhere.id, name: 'Fox Mulder', email: 'fox@fbi.example', role: 'user' }));
    const url = `/api/accounts/${account.id}/objectives`;
    expect((await server.call('POST', url, { token: csm.token, body: { title: 'x', progress: 150 } })).body.error.field).toBe('progress');
    expect((await server.call('POST', url, { token: csm.token, body: { title: 'x', targetDate: '2027-13-01' } })).body.error.field).toBe('targetDate');
    const wrongOwner = await server.call('POST', url, { token: csm.token, body: { title: 'x', owner: { kind: 'contact', id: stranger.id, name: 'Fox' } } });
    expect(wrongOwner.status).toBe(400);
    expect(wrongOwner.body.error.field).toBe('owner.id');
  });

  it('the segment template starts a plan once, with target dates from the start date', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id, segment: 'commercial' });
    const url = `/api/accounts/${account.id}/objectives/template`;
    const applied = await server.call('POST', url, { token: csm.token, body: { startDate: '2026-12-01' } });
    expect(applied.status).toBe(200);
    expect(applied.body.items.map((o: { targetDate: string }) => o.targetDate)).toEqual(['2026-12-31', '2027-03-31', '2027-08-28']);
    const again = await server.call('POST', url, { token: csm.token, body: {} });
    expect(again.body.items).toHaveLength(3);
    expect((await server.call('POST', url, { token: csm.token, body: { startDate: 'soon' } })).body.error.field).toBe('startDate');
  });

  it('viewers read but do not write; other CSMs do not see the plan', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const url = `/api/accounts/${account.id}/objectives`;
    const made = (await server.call('POST', url, { token: csm.token, body: { title: 'Adopt SSO' } })).body;
    expect((await server.call('GET', url, { token: viewer.token })).status).toBe(200);
    expect((await server.call('POST', url, { token: viewer.token, body: { title: 'x' } })).status).toBe(403);
    expect((await server.call('PATCH', `${url}/${made.id}`, { token: viewer.token, body: { progress: 5 } })).status).toBe(403);
    expect((await server.call('GET', url, { token: other.token })).status).toBe(404);
    expect((await server.call('DELETE', `${url}/${made.id}`, { token: other.token })).status).toBe(404);
    expect((await server.call('GET', url)).status).toBe(401);
    const elsewhere = await makeAccount(server.deps, { ownerId: csm.user.id });
    expect((await server.call('PATCH', `/api/accounts/${elsewhere.id}/objectives/${made.id}`, { token: csm.token, body: { progress: 5 } })).status).toBe(404);
    expect((await server.call('DELETE', `${url}/${made.id}`, { token: csm.token })).status).toBe(204);
    expect((await server.call('GET', url, { token: csm.token })).body.items).toHaveLength(0);
  });

  it('the customer sees only visible, live objectives through the share link, without internal notes', async () => {
    const account = await makeAccount(server.deps, { name: 'Umbrella', ownerId: csm.user.id });
    const url = `/api/accounts/${account.id}/objectives`;
    await server.call('POST', url, { token: csm.token, body: { title: 'Go live in EU', status: 'at_risk', progress: 30, internalNotes: 'Legal is blocking, do not share' } });
    await server.call('POST', url, { token: csm.token, body: { title: 'Replace the legacy tool', customerVisible: false } });
    await server.call('POST', url, { token: csm.token, body: { title: 'Abandoned idea', status: 'abandoned' } });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-01T15:00:00Z' } })).body;
    const link = (await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} })).body;
    const token = link.url.split('/share/')[1];

    const shared = await server.call('GET', `/api/share/${token}/success-plan`);
    expect(shared.status).toBe(200);
    expect(shared.body).toEqual({ accountName: 'Umbrella', objectives: [expect.objectContaining({ title: 'Go live in EU', status: 'needs attention', progress: 30 })] });
    expect(JSON.stringify(shared.body)).not.toContain('Legal is blocking');
    expect((await server.call('GET', '/api/share/not-a-real-token-at-all/success-plan')).status).toBe(404);
    await server.call('DELETE', `/api/meetings/${meeting.id}/share-links/${link.id}`, { token: csm.token });
    expect((await server.call('GET', `/api/share/${token}/success-plan`)).status).toBe(404);
  });
});
