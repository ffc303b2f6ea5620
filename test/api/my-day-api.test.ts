import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('my day through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.close());

  it("shows today's call, the agenda to send, and the follow-up owed with its SLA; closing the task takes it off", async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id });
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Hana', email: 'hana@globex.example', role: 'champion' }));
    // Friday 20 November 2026, 10:00 UTC.
    const today = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T16:00:00Z' } })).body;
    const monday = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-23T16:00:00Z' } })).body;
    const earlier = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-19T15:00:00Z' } })).body;
    await server.call('POST', `/api/meetings/${earlier.id}/wrap-up`, { token: csm.token, body: {} });

    const day = (await server.call('GET', '/api/my-day', { token: csm.token })).body;
    expect(day.date).toBe('2026-11-20');
    expect(day.callsToday.map((c: { id: string }) => c.id)).toEqual([today.id]);
    expect(day.agendasToSend.map((c: { id: string }) => c.id)).toEqual([today.id, monday.id]);
    expect(day.followUpsOwed).toEqual([expect.objectContaining({ id: earlier.id, dueAt: '2026-11-23T10:00:00.000Z', hoursLeft: 72, late: false })]);

    const tasks = (await server.call('GET', '/api/tasks', { token: csm.token })).body.items;
    expect(tasks.map((t: { rule: string }) => t.rule)).toEqual(['send_follow_up']);
    const stranger = await server.userWithToken('csm');
    expect((await server.call('PATCH', `/api/tasks/${tasks[0].id}`, { token: stranger.token, body: { status: 'done' } })).status).toBe(404);
    expect((await server.call('PATCH', `/api/tasks/${tasks[0].id}`, { token: csm.token, body: { status: 'finished' } })).status).toBe(400);
    expect((await server.call('PATCH', `/api/tasks/${tasks[0].id}`, { token: csm.token, body: { status: 'done' } })).body.status).toBe('done');
    expect((await server.call('GET', '/api/tasks', { token: csm.token })).body.items).toHaveLength(0);
  });
});
