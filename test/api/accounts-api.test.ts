import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('the accounts API on %s', (dialect) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let otherCsm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await server.userWithToken('admin');
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
    otherCsm = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
  });
  afterAll(async () => server.close());

  it('without a token or session every API route answers 401', async () => {
    for (const [method, path] of [
      ['GET', '/api/accounts'],
      ['POST', '/api/accounts'],
      ['GET', '/api/contacts'],
      ['GET', '/api/users'],
    ] as const) {
      const res = await server.call(method, path, method === 'POST' ? { body: { name: 'x' } } : {});
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    const revoked = await server.call('GET', '/api/accounts', { token: 'cad_not-a-real-token' });
    expect(revoked.status).toBe(401);
  });

  it('walks the access matrix: who may read and write whose account', async () => {
    const csmAccount = await makeAccount(server.deps, { name: 'CSM Owned', ownerId: csm.user.id });
    const otherAccount = await makeAccount(server.deps, { name: 'Other Owned', ownerId: otherCsm.user.id });
    const matrix: [string, typeof admin, string, number, number][] = [
      // who, reading/writing which account, expected read status, expected write status
      ['admin', admin, otherAccount.id, 200, 200],
      ['manager of the owner', manager, csmAccount.id, 200, 200],
      ['manager of someone else', manager, otherAccount.id, 404, 404],
      ['owner csm', csm, csmAccount.id, 200, 200],
      ['another csm', csm, otherAccount.id, 404, 404],
      ['viewer', viewer, csmAccount.id, 200, 403],
    ];
    for (const [who, actor, id, read, write] of matrix) {
      expect((await server.call('GET', `/api/accounts/${id}`, { token: actor.token })).status, `${who} reads`).toBe(read);
      const patch = await server.call('PATCH', `/api/accounts/${id}`, { token: actor.token, body: { productVersion: `v-${who.length}` } });
      expect(patch.status, `${who} writes`).toBe(write);
    }
    const viewerCreate = await server.call('POST', '/api/accounts', { token: viewer.token, body: { name: 'Nope' } });
    expect(viewerCreate.status).toBe(403);
    const csmForOther = await server.call('POST', '/api/accounts', { token: csm.token, body: { name: 'Not mine', ownerId: otherCsm.user.id } });
    expect(csmForOther.status).toBe(403);
    const csmOwn = await server.call('POST', '/api/accounts', { token: csm.token, body: { name: 'Mine' } });
    expect(csmOwn.status).toBe(201);
    expect(csmOwn.body.ownerId).toBe(csm.user.id);
    expect((await server.call('POST', '/api/users', { token: manager.token, body: { email: 'x@example.com', name: 'X', role: 'csm' } })).status).toBe(403);
  });

  it('bad input answers 400 naming the field, and nothing is written', async () => {
    const cases: [unknown, string | undefined, RegExp][] = [
      [{ name: 42 }, 'name', /name/],
      [{ name: 'Globex', segment: 'huge' }, 'segment', /segment/],
      [{ name: 'Globex', renewalDate: '2025-13-01' }, 'renewalDate', /not a date/],
      [{ name: 'Globex', arr: -5 }, 'arr', /negative/],
      [{ name: 'x'.repeat(201) }, 'name', /at most 200/],
      [{ name: 'Globex', colour: 'red' }, 'colour', /unknown field/],
      [{ name: 'Globex', timezone: 'Mars/Olympus' }, 'timezone', /time zone/],
      [{ name: '   ' }, 'name', /empty/],
    ];
    for (const [body, field, message] of cases) {
      const res = await server.call('POST', '/api/accounts', { token: admin.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid', ...(field ? { field } : {}) });
      expect(res.body.error.message).toMatch(message);
    }
    const malformed = await server.call('POST', '/api/accounts', { token: admin.token, raw: '{"name": "Globex",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'invalid', message: 'the request body is not valid JSON' });
    const huge = await server.call('POST', '/api/accounts', { token: admin.token, raw: JSON.stringify({ name: 'A', productVersion: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toMatch(/larger than 1 MB/);
    const list = await server.call('GET', '/api/accounts?q=Globex&limit=500', { token: admin.token });
    expect(list.body.items).toHaveLength(0);
    const badQuery = await server.call('GET', '/api/accounts?segment=huge', { token: admin.token });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.field).toBe('segment.0');
    const badLimit = await server.call('GET', '/api/accounts?limit=abc', { token: admin.token });
    expect(badLimit.body.error.field).toBe('limit');
  });

  it('a missing account is a 404 and a clashing external id a 409', async () => {
    expect((await server.call('GET', '/api/accounts/does-not-exist', { token: admin.token })).status).toBe(404);
    const first = await server.call('POST', '/api/accounts', { token: admin.token, body: { name: 'Hooli', externalId: 'SF-1' } });
    expect(first.status).toBe(201);
    const clash = await server.call('POST', '/api/accounts', { token: admin.token, body: { name: 'Hooli 2', externalId: 'SF-1' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', field: 'externalId' });
  });

  it('lists with filters, sorting and a cursor, and emoji survive the trip', async () => {
    const owner = await server.userWithToken('csm');
    for (const [name, arr] of [
      ['Zebra 🦓', 5],
      ['Alpha', 50],
      ['Mid', 20],
    ] as const) {
      await server.call('POST', '/api/accounts', { token: admin.token, body: { name, arr, ownerId: owner.user.id, segment: 'scale' } });
    }
    const page1 = await server.call('GET', `/api/accounts?owner=${owner.user.id}&sort=-arr&limit=2`, { token: admin.token });
    expect(page1.body.items.map((a: { name: string }) => a.name)).toEqual(['Alpha', 'Mid']);
    const page2 = await server.call('GET', `/api/accounts?owner=${owner.user.id}&sort=-arr&limit=2&cursor=${page1.body.nextCursor}`, { token: admin.token });
    expect(page2.body.items.map((a: { name: string }) => a.name)).toEqual(['Zebra 🦓']);
    expect(page2.body.nextCursor).toBeNull();
    const mine = await server.call('GET', '/api/accounts?owner=me', { token: owner.token });
    expect(mine.body.items).toHaveLength(3);
  });

  it('the timeline shows who changed what, newest first', async () => {
    const account = await makeAccount(server.deps, { name: 'Timeline Co', ownerId: csm.user.id, stage: 'onboarding' });
    await server.call('PATCH', `/api/accounts/${account.id}`, { token: csm.token, body: { stage: 'adoption' } });
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items[0]).toMatchObject({ kind: 'account.updated', summary: 'Stage changed from onboarding to adoption', actorId: csm.user.id });
  });

  it('serves the OpenAPI document, the docs UI, the home page and the probes', async () => {
    const doc = await server.call('GET', '/docs/json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/accounts', '/api/accounts/{id}', '/api/contacts', '/api/session']));
    expect((await server.call('GET', '/docs')).status).toBeLessThan(400);
    const home = await server.call('GET', '/');
    expect(home.status).toBe(200);
    expect(String(home.body)).toContain('Cadence');
    expect((await server.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await server.call('GET', '/readyz')).body).toEqual({ status: 'ready', database: 'up', jobs: 'off', problems: [] });
  });
});
