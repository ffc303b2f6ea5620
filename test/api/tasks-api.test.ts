import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTaskOnce } from '../../src/store/tasks.repo.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('who closes a playbook task, through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.close());

  async function taskOnAccount(ownerId: string, team: { userId: string; role: string }[]) {
    const account = await makeAccount(server.deps, { ownerId, team });
    const id = server.deps.newId();
    await insertTaskOnce(server.deps.store.db, {
      id,
      key: `test:${id}`,
      rule: 'send_agenda',
      accountId: account.id,
      assigneeId: ownerId,
      title: 'Send the agenda',
      dueAt: '2026-11-20T10:00:00.000Z',
      cause: null,
      createdAt: '2026-11-19T10:00:00.000Z',
    });
    return id;
  }

  it("a CSM on an account's team may close its playbook tasks, as they may edit the account", async () => {
    const owner = await server.userWithToken('csm');
    const teammate = await server.userWithToken('csm');
    const taskId = await taskOnAccount(owner.user.id, [{ userId: teammate.user.id, role: 'csm' }]);
    const answer = await server.call('PATCH', `/api/tasks/${taskId}`, { token: teammate.token, body: { status: 'done' } });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('done');
  });

  it("a viewer may read the account but not close its owner's task; a CSM outside the account does not see it", async () => {
    const owner = await server.userWithToken('csm');
    const viewer = await server.userWithToken('viewer');
    const stranger = await server.userWithToken('csm');
    const taskId = await taskOnAccount(owner.user.id, []);
    expect((await server.call('PATCH', `/api/tasks/${taskId}`, { token: viewer.token, body: { status: 'done' } })).status).toBe(403);
    expect((await server.call('PATCH', `/api/tasks/${taskId}`, { token: stranger.token, body: { status: 'done' } })).status).toBe(404);
  });

  it("a manager closes a task on her CSM's account", async () => {
    const manager = await server.userWithToken('manager');
    const owner = await server.userWithToken('csm', { managerId: manager.user.id });
    const taskId = await taskOnAccount(owner.user.id, []);
    expect((await server.call('PATCH', `/api/tasks/${taskId}`, { token: manager.token, body: { status: 'dismissed' } })).body.status).toBe('dismissed');
  });
});
