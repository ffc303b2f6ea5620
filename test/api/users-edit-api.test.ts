import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('an admin edits a user, on %s', (dialect) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect, []);
    admin = await server.userWithToken('admin');
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  const roleOf = async (id: string) => {
    const list = await server.call('GET', '/api/users', { token: admin.token });
    return (list.body.items as { id: string; role: string; name: string }[]).find((u) => u.id === id);
  };

  it("changes a CSM's name and role, seen in the user list and the history", async () => {
    const csm = await server.userWithToken('csm');
    const res = await server.call('PATCH', `/api/users/${csm.user.id}`, { token: admin.token, body: { name: 'Dana Promoted', role: 'manager' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: csm.user.id, email: csm.user.email, name: 'Dana Promoted', role: 'manager' });
    expect(await roleOf(csm.user.id)).toMatchObject({ name: 'Dana Promoted', role: 'manager' });
    // The new role applies to their next request: a manager sees the needs-a-new-owner list.
    expect((await server.call('GET', '/api/users/needs-new-owner', { token: csm.token })).status).toBe(200);

    const history = await server.deps.store.db.selectFrom('audit_log').selectAll().where('entity_id', '=', csm.user.id).execute();
    expect(history.map((h) => h.action)).toContain('user.role_changed');
  });

  it('a bad role is refused naming the field, and nothing changes', async () => {
    const csm = await server.userWithToken('csm');
    for (const role of ['ae', 'superuser', '']) {
      const res = await server.call('PATCH', `/api/users/${csm.user.id}`, { token: admin.token, body: { name: 'Half Written', role } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('role');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    }
    expect((await server.call('PATCH', `/api/users/${csm.user.id}`, { token: admin.token, body: { name: '   ' } })).status).toBe(400);
    expect(await roleOf(csm.user.id)).toMatchObject({ name: csm.user.name, role: 'csm' });
  });

  it('the last active admin cannot be demoted (409 on role); with a second admin it can', async () => {
    // Each test server starts with its own admins; demote every other active admin so one is left.
    const others = (await server.call('GET', '/api/users', { token: admin.token })).body.items.filter((u: { id: string; role: string; active: boolean }) => u.role === 'admin' && u.active && u.id !== admin.user.id);
    for (const o of others) expect((await server.call('PATCH', `/api/users/${o.id}`, { token: admin.token, body: { role: 'viewer' } })).status).toBe(200);

    const refused = await server.call('PATCH', `/api/users/${admin.user.id}`, { token: admin.token, body: { role: 'csm' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.field).toBe('role');
    expect(refused.body.error.message).toMatch(/last active admin/);
    expect((await roleOf(admin.user.id))?.role).toBe('admin');
    // Renaming the last admin is fine.
    expect((await server.call('PATCH', `/api/users/${admin.user.id}`, { token: admin.token, body: { name: 'Still Admin' } })).status).toBe(200);

    const second = await server.userWithToken('admin');
    expect((await server.call('PATCH', `/api/users/${admin.user.id}`, { token: second.token, body: { role: 'manager' } })).status).toBe(200);
    expect((await roleOf(admin.user.id))?.role).toBe('manager');
  });

  it('only admins edit users; an unknown user is 404', async () => {
    const csm = await server.userWithToken('csm');
    const manager = await server.userWithToken('manager');
    expect((await server.call('PATCH', `/api/users/${csm.user.id}`, { token: manager.token, body: { role: 'admin' } })).status).toBe(403);
    expect((await server.call('PATCH', `/api/users/${manager.user.id}`, { token: csm.token, body: { role: 'admin' } })).status).toBe(403);
    const boss = await server.userWithToken('admin');
    expect((await server.call('PATCH', '/api/users/nobody', { token: boss.token, body: { role: 'csm' } })).status).toBe(404);
  });
});
