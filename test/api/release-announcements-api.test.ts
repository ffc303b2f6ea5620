import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('release announcements on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let other: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect, [], { vendorName: 'Acme' });
    csm = await server.userWithToken('csm');
    other = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
  });
  afterAll(() => server.close());

  async function request(accountId: string, title: string, status = 'open') {
    const id = server.deps.newId();
    const at = '2026-09-01T10:00:00.000Z';
    await server.deps.store.db
      .insertInto('feature_requests')
      .values({
        id,
        account_id: accountId,
        source: 'csv',
        external_id: null,
        title,
        status,
        raw_status: null,
        priority: null,
        url: null,
        raised_in_meeting_id: null,
        dismissed_reason: null,
        opened_at: at,
        closed_at: null,
        created_at: at,
        updated_at: at,
        shipped_in: null,
        shipped_at: null,
      })
      .execute();
    return id;
  }

  it("marking a request shipped marks every account's copy and drafts one announcement per account the CSM looks after", async () => {
    const mine = await makeAccount(server.deps, { name: 'Stark Industries', ownerId: csm.user.id });
    const alsoMine = await makeAccount(server.deps, { name: 'Wayne Enterprises', ownerId: csm.user.id });
    const theirs = await makeAccount(server.deps, { name: 'Oscorp', ownerId: other.user.id });
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: mine.id, name: 'Pepper Potts', email: 'pepper@stark.example', role: 'champion' }));
    const first = await request(mine.id, 'Audit log export to S3');
    await request(alsoMine.id, 'audit log export to s3');
    const third = await request(theirs.id, 'Audit Log Export to S3');

    const res = await server.call('POST', `/api/feature-requests/${first}/shipped`, { token: csm.token, body: { release: '17.2' } });
    expect(res.status).toBe(200);
    expect(res.body.requestIds).toHaveLength(3);
    expect(res.body.otherAccounts).toBe(1);
    expect(res.body.drafts.map((d: { accountName: string }) => d.accountName).sort()).toEqual(['Stark Industries', 'Wayne Enterprises']);
    const stark = res.body.drafts.find((d: { accountId: string }) => d.accountId === mine.id);
    expect(stark.subject).toBe('Audit log export to S3 is now available in Acme 17.2');
    expect(stark.text).toMatch(/^Hi Pepper,/);
    const row = await server.deps.store.db.selectFrom('feature_requests').selectAll().where('id', '=', third).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'shipped', shipped_in: '17.2' });
    const timeline = await server.call('GET', `/api/accounts/${mine.id}/timeline`, { token: csm.token });
    expect(timeline.body.items[0].summary).toBe('Feature request shipped in 17.2: Audit log export to S3');
  });

  it('a release is required, viewers cannot mark, other CSMs do not see the request, declined ones stay declined', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const id = await request(account.id, 'Dark mode');
    expect((await server.call('POST', `/api/feature-requests/${id}/shipped`, { token: csm.token, body: { release: ' ' } })).body.error.field).toBe('release');
    expect((await server.call('POST', `/api/feature-requests/${id}/shipped`, { token: viewer.token, body: { release: '1.0' } })).status).toBe(403);
    expect((await server.call('POST', `/api/feature-requests/${id}/shipped`, { token: other.token, body: { release: '1.0' } })).status).toBe(404);
    expect((await server.call('POST', `/api/feature-requests/nope/shipped`, { token: csm.token, body: { release: '1.0' } })).status).toBe(404);
    const declined = await request(account.id, 'Teleporter', 'declined');
    expect((await server.call('POST', `/api/feature-requests/${declined}/shipped`, { token: csm.token, body: { release: '1.0' } })).status).toBe(409);
  });
});
