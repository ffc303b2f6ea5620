import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
type Caller = Awaited<ReturnType<TestServer['userWithToken']>>;

describe.each(dialects)("the new owner's introduction mail and the sales context on %s", (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let manager: Caller;
  let sam: Caller;
  let maria: Caller;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme' });
    manager = await server.userWithToken('manager');
    sam = await server.userWithToken('csm', { managerId: manager.user.id });
    maria = await server.userWithToken('csm', { managerId: manager.user.id });
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  it('previews one mail per champion, sends exactly that once through the outbox, and refuses a second send', async () => {
    const account = await makeAccount(server.deps, { name: 'Umbrella', ownerId: sam.user.id, arr: 990_000 });
    await makeContact(server.deps, account.id, { name: 'Hana Tanaka', email: 'hana@umbrella.example', role: 'champion' });
    await makeContact(server.deps, account.id, { name: 'Olu Ade', email: 'olu@umbrella.example', role: 'economic_buyer' });
    await makeContact(server.deps, account.id, { name: 'Ivy User', email: 'ivy@umbrella.example', role: 'user' });
    await server.call('POST', '/api/risks', { token: sam.token, body: { accountId: account.id, type: 'budget', severity: 'high', evidence: 'Budget cut rumoured' } });
    await server.call('POST', '/api/action-items', { token: sam.token, body: { accountId: account.id, text: 'Share the rollout plan', side: 'customer', owner: { name: 'Hana Tanaka' }, dueDate: '2026-12-20' } });
    const made = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [account.id], toUserId: maria.user.id, reason: 'Sam goes on leave', introMail: true } });
    const id = made.body.handoffs[0].id;

    const preview = await server.call('POST', `/api/handoffs/${id}/intro/preview`, { token: maria.token });
    expect(preview.status).toBe(200);
    expect(preview.body.messages.map((m: { to: string[] }) => m.to[0]).sort()).toEqual(['hana@umbrella.example', 'olu@umbrella.example']);
    const hana = preview.body.messages.find((m: { to: string[] }) => m.to[0] === 'hana@umbrella.example');
    expect(hana.text).toContain('Hello Hana,');
    expect(hana.text).toContain(maria.user.name);
    expect(hana.text).toContain('Share the rollout plan');
    for (const internal of ['Budget cut rumoured', '990', 'Sam goes on leave', 'health']) expect(JSON.stringify(preview.body)).not.toContain(internal);

    expect((await server.call('POST', `/api/handoffs/${id}/intro/send`, { token: maria.token, body: { fingerprint: 'stale' } })).status).toBe(409);
    const before = smtp.received.length;
    const sent = await server.call('POST', `/api/handoffs/${id}/intro/send`, { token: maria.token, body: { fingerprint: preview.body.fingerprint } });
    expect(sent.status).toBe(200);
    expect(sent.body.introSentAt).toEqual(expect.any(String));
    const arrived = smtp.received.slice(before);
    expect(arrived).toHaveLength(2);
    expect(arrived.map((m) => m.parsed.subject)).toEqual(['Umbrella: introducing your new Customer Success Manager', 'Umbrella: introducing your new Customer Success Manager']);
    expect(arrived.find((m) => m.envelopeTo.includes('hana@umbrella.example'))!.parsed.text).toContain('Hello Hana,');

    const again = await server.call('POST', `/api/handoffs/${id}/intro/send`, { token: maria.token, body: { confirm: true } });
    expect(again.status).toBe(409);
    expect(smtp.received.length).toBe(before + 2);
  });

  it('an account without any contact address is a 400 naming contacts', async () => {
    const account = await makeAccount(server.deps, { name: 'Nobody Home', ownerId: sam.user.id });
    const made = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [account.id], toUserId: maria.user.id } });
    const res = await server.call('POST', `/api/handoffs/${made.body.handoffs[0].id}/intro/preview`, { token: maria.token });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('contacts');
  });

  it('the sales context of a new customer is recorded on the account and read back; a field left out keeps its value', async () => {
    const account = await makeAccount(server.deps, { name: 'Newco', ownerId: maria.user.id, stage: 'onboarding' });
    const empty = await server.call('GET', `/api/accounts/${account.id}/sales-context`, { token: maria.token });
    expect(empty.body).toMatchObject({ purchaseReasons: '', useCases: '', stakeholders: '', updatedAt: null });
    const saved = await server.call('PUT', `/api/accounts/${account.id}/sales-context`, { token: maria.token, body: { purchaseReasons: 'Replace Jenkins', useCases: 'CI for 40 teams' } });
    expect(saved.status).toBe(200);
    await server.call('PUT', `/api/accounts/${account.id}/sales-context`, { token: maria.token, body: { stakeholders: 'Dana (VP Eng) signs' } });
    const read = await server.call('GET', `/api/accounts/${account.id}/sales-context`, { token: sam.token });
    expect(read.status).toBe(404);
    const mine = await server.call('GET', `/api/accounts/${account.id}/sales-context`, { token: maria.token });
    expect(mine.body).toMatchObject({ purchaseReasons: 'Replace Jenkins', useCases: 'CI for 40 teams', stakeholders: 'Dana (VP Eng) signs' });
    const tooLong = await server.call('PUT', `/api/accounts/${account.id}/sales-context`, { token: maria.token, body: { useCases: 'x'.repeat(20_001) } });
    expect(tooLong.body.error.field).toBe('useCases');
  });
});
