import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
type Caller = Awaited<ReturnType<TestServer['userWithToken']>>;

describe.each(dialects)('handing accounts from one CSM to another on %s', (dialect) => {
  let server: TestServer;
  let manager: Caller;
  let sam: Caller;
  let maria: Caller;
  let outsider: Caller;
  let viewer: Caller;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    manager = await server.userWithToken('manager');
    sam = await server.userWithToken('csm', { managerId: manager.user.id });
    maria = await server.userWithToken('csm', { managerId: manager.user.id });
    outsider = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
  });
  afterAll(() => server.close());

  async function globex(name = 'Globex') {
    const account = await makeAccount(server.deps, { name, ownerId: sam.user.id, renewalDate: '2027-01-15', team: [{ userId: maria.user.id, role: 'shadow' }] });
    const item = await server.call('POST', '/api/action-items', { token: sam.token, body: { accountId: account.id, text: 'Send the SSO runbook', side: 'vendor', owner: { userId: sam.user.id }, dueDate: '2026-11-01' } });
    expect(item.status).toBe(201);
    const risk = await server.call('POST', '/api/risks', { token: sam.token, body: { accountId: account.id, type: 'champion_leaving', severity: 'high', evidence: 'Hank leaves in March' } });
    expect(risk.status).toBe(201);
    return account;
  }

  it('a manager hands an account to another CSM: owner changed, note drafted from its records, a review task for the new owner', async () => {
    const account = await globex();
    const res = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [account.id], toUserId: maria.user.id, reason: 'Territory rebalance' } });
    expect(res.status).toBe(201);
    const [handoff] = res.body.handoffs;
    expect(handoff).toMatchObject({ accountId: account.id, accountName: 'Globex', fromUserId: sam.user.id, toUserId: maria.user.id, status: 'pending_review' });
    expect(handoff.taskId).toEqual(expect.any(String));

    const after = await server.call('GET', `/api/accounts/${account.id}`, { token: manager.token });
    expect(after.body.ownerId).toBe(maria.user.id);
    expect(after.body.team.map((m: { userId: string }) => m.userId)).not.toContain(maria.user.id);

    const one = await server.call('GET', `/api/handoffs/${handoff.id}`, { token: maria.token });
    expect(one.status).toBe(200);
    expect(one.body.note).toContain('Send the SSO runbook');
    expect(one.body.note).toContain('overdue');
    expect(one.body.note).toContain('champion leaving');
    expect(one.body.note).toContain('Hank leaves in March');
    expect(one.body.note).toContain('2027-01-15');
    expect(one.body.note).toContain('Territory rebalance');

    const mine = await server.call('GET', '/api/handoffs?for=me&status=pending_review', { token: maria.token });
    expect(mine.body.items.map((h: { id: string }) => h.id)).toContain(handoff.id);
    const tasks = await server.call('GET', '/api/tasks', { token: maria.token });
    expect(tasks.status).toBe(200);

    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: manager.token });
    expect(JSON.stringify(timeline.body)).toContain('Handed off from');
  });

  it('the new owner edits the note (rendered without script) and marks it reviewed, which closes the task', async () => {
    const account = await globex('Initech');
    const made = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [account.id], toUserId: maria.user.id } });
    const id = made.body.handoffs[0].id;
    const edited = await server.call('PATCH', `/api/handoffs/${id}`, { token: maria.token, body: { note: '# Read me\n<script>alert(1)</script>[x](javascript:alert(1)) Call Hank first' } });
    expect(edited.status).toBe(200);
    expect(edited.body.noteHtml).toContain('Call Hank first');
    expect(edited.body.noteHtml).not.toContain('<script');
    expect(edited.body.noteHtml).not.toMatch(/href="javascript/i);
    expect((await server.call('PATCH', `/api/handoffs/${id}`, { token: outsider.token, body: { note: 'x' } })).status).toBe(404);
    expect((await server.call('POST', `/api/handoffs/${id}/review`, { token: viewer.token })).status).toBe(403);

    const reviewed = await server.call('POST', `/api/handoffs/${id}/review`, { token: maria.token });
    expect(reviewed.body).toMatchObject({ status: 'reviewed' });
    const task = await server.deps.store.db.selectFrom('tasks').selectAll().where('id', '=', made.body.handoffs[0].taskId).executeTakeFirstOrThrow();
    expect(task.status).toBe('done');
    const pending = await server.call('GET', '/api/handoffs?for=me&status=pending_review', { token: maria.token });
    expect(pending.body.items.map((h: { id: string }) => h.id)).not.toContain(id);
  });

  it('a whole book moves in one request, and one bad account in it leaves every owner as it was', async () => {
    const a = await makeAccount(server.deps, { name: 'Book A', ownerId: sam.user.id });
    const b = await makeAccount(server.deps, { name: 'Book B', ownerId: sam.user.id });
    const archived = await makeAccount(server.deps, { name: 'Book Old', ownerId: sam.user.id });
    expect((await server.call('POST', `/api/accounts/${archived.id}/archive`, { token: manager.token })).status).toBe(200);
    const bad = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [a.id, b.id, archived.id], toUserId: maria.user.id } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('accountIds.2');
    for (const id of [a.id, b.id]) expect((await server.call('GET', `/api/accounts/${id}`, { token: manager.token })).body.ownerId).toBe(sam.user.id);
    const none = await server.deps.store.db.selectFrom('handoffs').select('id').where('account_id', 'in', [a.id, b.id]).execute();
    expect(none).toEqual([]);

    const unknown = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [a.id, 'no-such-account'], toUserId: maria.user.id } });
    expect(unknown.body.error.field).toBe('accountIds.1');

    const good = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [a.id, b.id], toUserId: maria.user.id } });
    expect(good.status).toBe(201);
    expect(good.body.handoffs).toHaveLength(2);
    const same = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [a.id], toUserId: maria.user.id } });
    expect(same.status).toBe(400);
    expect(same.body.error.field).toBe('accountIds.0');
  });

  it('a viewer or a deactivated user cannot take accounts (400 on toUserId); a CSM cannot give theirs away, nor can another team’s manager', async () => {
    const account = await makeAccount(server.deps, { name: 'Hooli', ownerId: sam.user.id });
    const toViewer = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [account.id], toUserId: viewer.user.id } });
    expect(toViewer.status).toBe(400);
    expect(toViewer.body.error.field).toBe('toUserId');
    const leaver = await server.userWithToken('csm', { managerId: manager.user.id });
    await server.deps.store.db.updateTable('users').set({ active: 0 }).where('id', '=', leaver.user.id).execute();
    const toLeaver = await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [account.id], toUserId: leaver.user.id } });
    expect(toLeaver.status).toBe(400);
    expect(toLeaver.body.error.field).toBe('toUserId');
    expect((await server.call('POST', '/api/handoffs', { token: sam.token, body: { accountIds: [account.id], toUserId: maria.user.id } })).status).toBe(403);
    const otherManager = await server.userWithToken('manager');
    expect((await server.call('POST', '/api/handoffs', { token: otherManager.token, body: { accountIds: [account.id], toUserId: maria.user.id } })).status).toBe(403);
    expect((await server.call('POST', '/api/handoffs', { token: manager.token, body: { accountIds: [], toUserId: maria.user.id } })).body.error.field).toBe('accountIds');
    expect((await server.call('GET', `/api/accounts/${account.id}`, { token: manager.token })).body.ownerId).toBe(sam.user.id);
  });
});
