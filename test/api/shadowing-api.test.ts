import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('shadowing on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let senior: Awaited<ReturnType<TestServer['userWithToken']>>;
  let fresh: Awaited<ReturnType<TestServer['userWithToken']>>;
  let stranger: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    manager = await server.userWithToken('manager');
    senior = await server.userWithToken('csm', { managerId: manager.user.id });
    fresh = await server.userWithToken('csm', { managerId: manager.user.id });
    stranger = await server.userWithToken('csm');
  });
  afterAll(() => server.close());

  it('a manager pairs a new CSM with a senior one; sessions fill the checklist and the debrief compares their notes', async () => {
    const created = await server.call('POST', '/api/shadowing', { token: manager.token, body: { newCsmId: fresh.user.id, seniorCsmId: senior.user.id, startsOn: '2026-11-16', endsOn: '2026-12-31', checklist: { kickoff: 0 } } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const account = await makeAccount(server.deps, { ownerId: senior.user.id, team: [{ userId: fresh.user.id, role: 'shadow' }] });
    const meeting = (await server.call('POST', '/api/meetings', { token: senior.token, body: { accountId: account.id, startsAt: '2026-11-24T15:00:00Z' } })).body;
    const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: senior.token })).body.items as { id: string }[];

    const session = await server.call('POST', `/api/shadowing/${id}/sessions`, { token: fresh.token, body: { activity: 'cadence_call', meetingId: meeting.id } });
    expect(session.status).toBe(201);
    const cadenceCalls = session.body.progress.items.find((i: { activity: string }) => i.activity === 'cadence_call');
    expect(cadenceCalls).toMatchObject({ required: 3, done: 1, complete: false });
    expect(session.body.progress.items.map((i: { activity: string }) => i.activity)).not.toContain('kickoff');
    const sessionId = session.body.sessions[0].id;

    const first = await server.call('PUT', `/api/shadowing/${id}/sessions/${sessionId}/notes`, {
      token: senior.token,
      body: { side: 'senior', notesByItem: { [agenda[0]!.id]: 'Rollout slipping' }, actionItems: ['Send the SSO setup guide'] },
    });
    expect(first.body.debrief).toBeNull();
    const both = await server.call('PUT', `/api/shadowing/${id}/sessions/${sessionId}/notes`, {
      token: fresh.token,
      body: { side: 'new', notesByItem: { [agenda[0]!.id]: 'rollout late' }, actionItems: ['send SSO setup guide', 'Book training'] },
    });
    expect(both.body.debrief.agendaItems[0].noted).toBe('both');
    expect(both.body.debrief.actionItems).toMatchObject({ both: [{ senior: 'Send the SSO setup guide', new: 'send SSO setup guide' }], newOnly: ['Book training'], seniorOnly: [] });
    expect((await server.call('PUT', `/api/shadowing/${id}/sessions/${sessionId}/notes`, { token: fresh.token, body: { side: 'senior', actionItems: [] } })).status).toBe(403);
  });

  it('only managers pair CSMs, within their team, without overlapping periods; bad periods name the field', async () => {
    const body = { newCsmId: stranger.user.id, seniorCsmId: senior.user.id, startsOn: '2026-11-16', endsOn: '2026-12-31' };
    expect((await server.call('POST', '/api/shadowing', { token: senior.token, body })).status).toBe(403);
    expect((await server.call('POST', '/api/shadowing', { token: manager.token, body })).status).toBe(403);
    expect((await server.call('POST', '/api/shadowing', { token: manager.token, body: { ...body, newCsmId: fresh.user.id, startsOn: '2026-12-01' } })).status).toBe(409);
    expect((await server.call('POST', '/api/shadowing', { token: manager.token, body: { ...body, newCsmId: fresh.user.id, endsOn: '2026-11-01' } })).body.error.field).toBe('endsOn');
    expect((await server.call('GET', '/api/shadowing', { token: stranger.token })).body.items).toHaveLength(0);
    expect((await server.call('GET', '/api/shadowing', { token: manager.token })).body.items).toHaveLength(1);
  });
});
