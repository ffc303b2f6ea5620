import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { insertSession } from '../../src/store/shadowing.repo.ts';

const dialects = await availableDialects();

// Security review finding (medium): a shadowing pair could attach any meeting by id and read its
// agenda (health, ARR) in the debrief, for an account neither may see.
describe.each(dialects)('shadowing shows only calls the pair may see, on %s', (dialect) => {
  let server: TestServer;
  let senior: Awaited<ReturnType<TestServer['userWithToken']>>;
  let fresh: Awaited<ReturnType<TestServer['userWithToken']>>;
  let pairingId: string;
  let secretMeetingId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const manager = await server.userWithToken('manager');
    senior = await server.userWithToken('csm', { managerId: manager.user.id });
    fresh = await server.userWithToken('csm', { managerId: manager.user.id });
    const outsider = await server.userWithToken('csm');
    pairingId = (await server.call('POST', '/api/shadowing', { token: manager.token, body: { newCsmId: fresh.user.id, seniorCsmId: senior.user.id, startsOn: '2026-11-16', endsOn: '2026-12-31' } })).body.id;
    const secret = await makeAccount(server.deps, { name: 'Initech Secret', ownerId: outsider.user.id, arr: 987654 });
    secretMeetingId = (await server.call('POST', '/api/meetings', { token: outsider.token, body: { accountId: secret.id, startsAt: '2026-11-24T15:00:00Z' } })).body.id;
  });
  afterAll(() => server.close());

  it('refuses to attach a call on an account the senior CSM may not see, as if it did not exist', async () => {
    for (const who of [fresh, senior]) {
      const attach = await server.call('POST', `/api/shadowing/${pairingId}/sessions`, { token: who.token, body: { activity: 'cadence_call', meetingId: secretMeetingId } });
      expect(attach.status).toBe(400);
      expect(attach.body.error.field).toBe('meetingId');
      expect(JSON.stringify(attach.body)).not.toContain('Initech');
    }
    const unknown = await server.call('POST', `/api/shadowing/${pairingId}/sessions`, { token: fresh.token, body: { activity: 'cadence_call', meetingId: 'no-such-meeting' } });
    expect(unknown.body.error.message).toBe((await server.call('POST', `/api/shadowing/${pairingId}/sessions`, { token: fresh.token, body: { activity: 'cadence_call', meetingId: secretMeetingId } })).body.error.message);
  });

  it("a session attached to such a call before the fix debriefs without that call's agenda", async () => {
    const sessionId = server.deps.newId();
    await insertSession(server.deps.store.db, { id: sessionId, pairingId, meetingId: secretMeetingId, activity: 'cadence_call', on: '2026-11-24', newCsmNotes: null, seniorNotes: null }, server.deps.now().toISOString());
    await server.call('PUT', `/api/shadowing/${pairingId}/sessions/${sessionId}/notes`, { token: senior.token, body: { side: 'senior', actionItems: ['Send the guide'] } });
    const both = await server.call('PUT', `/api/shadowing/${pairingId}/sessions/${sessionId}/notes`, { token: fresh.token, body: { side: 'new', actionItems: ['send the guide'] } });
    expect(both.status).toBe(200);
    expect(both.body.debrief.agendaItems).toEqual([]);
    expect(both.body.debrief.actionItems.both).toHaveLength(1);
    const read = await server.call('GET', `/api/shadowing/${pairingId}/sessions/${sessionId}/debrief`, { token: senior.token });
    expect(JSON.stringify(read.body)).not.toMatch(/987|Initech/);
  });

  it("still debriefs the agenda of a call on the senior's account to the pair", async () => {
    const own = await makeAccount(server.deps, { ownerId: senior.user.id, team: [{ userId: fresh.user.id, role: 'shadow' }] });
    const meetingId = (await server.call('POST', '/api/meetings', { token: senior.token, body: { accountId: own.id, startsAt: '2026-11-25T15:00:00Z' } })).body.id;
    const session = await server.call('POST', `/api/shadowing/${pairingId}/sessions`, { token: fresh.token, body: { activity: 'cadence_call', meetingId } });
    expect(session.status).toBe(201);
    const sessionId = session.body.sessions.find((s: { meetingId: string | null }) => s.meetingId === meetingId).id;
    await server.call('PUT', `/api/shadowing/${pairingId}/sessions/${sessionId}/notes`, { token: senior.token, body: { side: 'senior', actionItems: ['a'] } });
    const both = await server.call('PUT', `/api/shadowing/${pairingId}/sessions/${sessionId}/notes`, { token: fresh.token, body: { side: 'new', actionItems: ['a'] } });
    expect(both.body.debrief.agendaItems.length).toBeGreaterThan(0);
  });
});
