import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { createActionItem } from '../../src/services/meetings/action-items.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('customers tick off their own action items on the share link on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  async function sharedCall(name: string) {
    const account = await makeAccount(server.deps, { name, ownerId: csm.user.id });
    const champion = await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Hana Tanaka', email: `hana@${name.toLowerCase()}.example`, role: 'champion' }));
    const theirs = await createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text: 'Upload the architecture diagram', side: 'customer', owner: { contactId: champion.id }, dueDate: '2026-12-01' });
    const ours = await createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text: 'Send the runner sizing guide', side: 'vendor', owner: { userId: csm.user.id } });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-01T15:00:00Z' } })).body;
    const next = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-15T15:00:00Z' } })).body;
    const link = (await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} })).body;
    const token = String(link.url).split('/share/')[1]!;
    return { account, champion, theirs, ours, meeting, next, token };
  }

  it('the customer marks their item done with a comment: the share page shows it done, the timeline and the next agenda say "Done by the customer"', async () => {
    const { account, theirs, next, token } = await sharedCall('Globex');
    const done = await server.call('POST', `/api/share/${token}/action-items/${theirs.id}/done`, { body: { comment: 'Uploaded to the <b>project</b>', name: 'Hana' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ id: theirs.id, text: 'Upload the architecture diagram', ownerName: 'Hana Tanaka', dueDate: '2026-12-01', status: 'done' });

    const page = await server.call('GET', `/api/share/${token}`);
    expect(page.body.actionItems).toEqual([expect.objectContaining({ id: theirs.id, status: 'done' })]);

    const item = await server.call('GET', `/api/action-items?accountId=${account.id}`, { token: csm.token });
    expect(item.body.items.find((i: { id: string }) => i.id === theirs.id)).toMatchObject({ status: 'done', lastUpdate: 'Uploaded to the project' });
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items[0].summary).toBe('Hana (customer) marked done: Upload the architecture diagram: Uploaded to the project');

    for (const meetingId of [next.id]) {
      const agenda = await server.call('GET', `/api/meetings/${meetingId}/agenda`, { token: csm.token });
      const texts = agenda.body.items.map((i: { text: string }) => i.text);
      expect(texts).toContain('Done by the customer: Upload the architecture diagram (“Uploaded to the project”)');
    }
    // A rebuilt agenda says the same.
    const refreshed = await server.call('POST', `/api/meetings/${next.id}/agenda/refresh`, { token: csm.token });
    expect(refreshed.body.items.map((i: { text: string }) => i.text)).toContain('Done by the customer: Upload the architecture diagram (“Uploaded to the project”)');

    // A second tick changes nothing and writes nothing more.
    expect((await server.call('POST', `/api/share/${token}/action-items/${theirs.id}/done`, { body: {} })).status).toBe(200);
    const again = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(again.body.items.filter((i: { summary: string }) => i.summary.includes('marked done'))).toHaveLength(1);
  });

  it('an internal item, another account item or a wrong id is a 404 that tells them apart from nothing, and nothing changes', async () => {
    const { account, ours, token } = await sharedCall('Initech');
    const other = await sharedCall('Umbrella');
    for (const id of [ours.id, other.theirs.id, 'no-such-item']) {
      const answer = await server.call('POST', `/api/share/${token}/action-items/${id}/done`, { body: { comment: 'done' } });
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toBe('no such action item on this link');
    }
    const items = await server.call('GET', `/api/action-items?accountId=${account.id}`, { token: csm.token });
    expect(items.body.items.find((i: { id: string }) => i.id === ours.id).status).toBe('open');
    // The customer's list holds their side's items only (the agenda lists both sides' open items, as before).
    expect((await server.call('GET', `/api/share/${token}`)).body.actionItems.map((i: { id: string }) => i.id)).not.toContain(ours.id);
    const bad = await server.call('POST', `/api/share/${token}/action-items/${ours.id}/done`, { body: { comment: 'x'.repeat(1001) } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('comment');
    expect((await server.call('POST', `/api/share/not-a-real-token-at-all/action-items/${ours.id}/done`, { body: {} })).status).toBe(404);
  });

  it('the same item ticked off from several screens at once: every tick succeeds, and the timeline says it once', async () => {
    const { account, theirs, token } = await sharedCall('Initech');
    const ticks = await Promise.all(Array.from({ length: 6 }, () => server.call('POST', `/api/share/${token}/action-items/${theirs.id}/done`, { body: { name: 'Hana' } })));
    expect(ticks.map((t) => t.status)).toEqual(Array(6).fill(200));
    const timeline = (await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: (await server.userWithToken('admin')).token })).body;
    expect(JSON.stringify(timeline).match(/marked done: Upload the architecture diagram/g)).toHaveLength(1);
  });

  it('different items of one account ticked off at once: each is done, and the next agenda says so for each', async () => {
    const { account, champion, theirs, next, token } = await sharedCall('Vandelay');
    const more = await Promise.all(
      ['Share the SSO metadata', 'Confirm the rollout date', 'Invite the security lead', 'Send the runner logs', 'Book the admin training'].map((text) =>
        createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text, side: 'customer', owner: { contactId: champion.id } }),
      ),
    );
    const items = [theirs, ...more];
    const ticks = await Promise.all(items.map((item) => server.call('POST', `/api/share/${token}/action-items/${item.id}/done`, { body: { name: 'Hana' } })));
    expect(ticks.map((t) => t.status)).toEqual(Array(items.length).fill(200));
    const agenda = (await server.call('GET', `/api/meetings/${next.id}/agenda`, { token: csm.token })).body;
    const texts = agenda.items.map((i: { text: string }) => i.text);
    for (const item of items) expect(texts).toContain(`Done by the customer: ${item.text}`);
  });

  it('ticking is rate-limited per link and address', async () => {
    const { theirs, token } = await sharedCall('Hooli');
    const statuses: number[] = [];
    for (let i = 0; i < 32; i += 1) statuses.push((await server.call('POST', `/api/share/${token}/action-items/${theirs.id}/done`, { body: {} })).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
