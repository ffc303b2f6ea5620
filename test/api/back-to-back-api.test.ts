import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('back-to-back calls on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    // The team's default gap, as a real server has it (the other tests switch it off).
    server = await startTestServer(dialect, [], { backToBackMinutes: 15 });
    csm = await server.userWithToken('csm');
    manager = await server.userWithToken('manager');
  });
  afterAll(async () => server.close());

  const schedule = (body: Record<string, unknown>) => server.call('POST', '/api/meetings', { token: csm.token, body });

  it('a call 10 minutes after another of the CSM calls warns there is no time to clean up notes, saves nothing, and is booked when acknowledged', async () => {
    const globex = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, timezone: 'UTC' });
    const initech = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id, timezone: 'UTC' });
    const first = await schedule({ accountId: globex.id, startsAt: '2026-12-08T10:00:00Z', durationMinutes: 30 });
    expect(first.status).toBe(201);

    const crowded = await schedule({ accountId: initech.id, startsAt: '2026-12-08T10:40:00Z', durationMinutes: 30 });
    expect(crowded.status).toBe(409);
    expect(crowded.body.error.field).toBe('acknowledgeBackToBack');
    expect(crowded.body.error.message).toContain('no time to clean up notes');
    expect(crowded.body.error.message).toContain('is 10 minutes from Cadence / Globex CSM Call (10:00–10:30)');
    const listed = await server.call('GET', `/api/meetings?accountId=${initech.id}`, { token: csm.token });
    expect(listed.body.items).toHaveLength(0);

    const booked = await schedule({ accountId: initech.id, startsAt: '2026-12-08T10:40:00Z', durationMinutes: 30, acknowledgeBackToBack: true });
    expect(booked.status).toBe(201);
    // 15 minutes after leaves the time the handbook asks for.
    expect((await schedule({ accountId: initech.id, startsAt: '2026-12-08T11:25:00Z', durationMinutes: 30 })).status).toBe(201);
  });

  it('moving a call next to another warns the same way; the call does not crowd itself', async () => {
    const account = await makeAccount(server.deps, { name: 'Umbrella', ownerId: csm.user.id, timezone: 'UTC' });
    const a = (await schedule({ accountId: account.id, startsAt: '2026-12-09T13:00:00Z', durationMinutes: 30 })).body;
    const b = (await schedule({ accountId: account.id, startsAt: '2026-12-09T15:00:00Z', durationMinutes: 30 })).body;
    // Ten minutes later than it was: only itself is near, so no warning.
    expect((await server.call('PATCH', `/api/meetings/${b.id}`, { token: csm.token, body: { startsAt: '2026-12-09T15:10:00Z' } })).status).toBe(200);
    const crowded = await server.call('PATCH', `/api/meetings/${b.id}`, { token: csm.token, body: { startsAt: '2026-12-09T13:30:00Z' } });
    expect(crowded.status).toBe(409);
    expect(crowded.body.error).toMatchObject({ field: 'acknowledgeBackToBack' });
    expect(crowded.body.error.message).toContain('right next to');
    const unchanged = await server.call('GET', `/api/meetings/${b.id}`, { token: csm.token });
    expect(unchanged.body.startsAt).toBe('2026-12-09T15:10:00.000Z');
    expect((await server.call('PATCH', `/api/meetings/${b.id}`, { token: csm.token, body: { startsAt: '2026-12-09T13:30:00Z', acknowledgeBackToBack: true } })).status).toBe(200);
    expect(a.id).toBeTruthy();
  });

  it('the team sets its own gap in the cadence policy; 0 switches the warning off, and a bad value is a 400 naming the field', async () => {
    const account = await makeAccount(server.deps, { name: 'Hooli', ownerId: csm.user.id, timezone: 'UTC' });
    expect((await schedule({ accountId: account.id, startsAt: '2026-12-10T10:00:00Z' })).status).toBe(201);
    const bad = await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { policy: { backToBackMinutes: -5 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toContain('backToBackMinutes');
    expect((await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { policy: { backToBackMinutes: 60 } } })).status).toBe(200);
    expect((await schedule({ accountId: account.id, startsAt: '2026-12-10T11:20:00Z' })).status).toBe(409);
    expect((await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { policy: { backToBackMinutes: 0 } } })).status).toBe(200);
    expect((await schedule({ accountId: account.id, startsAt: '2026-12-10T10:30:00Z' })).status).toBe(201);
  });
});
