import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('signing in, sessions, CSRF and tokens', () => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  async function signIn(email: string, password: string) {
    const res = await server.call('POST', '/api/session', { body: { email, password } });
    const cookie = res.headers.get('set-cookie') ?? '';
    return { res, cookie: cookie.split(';')[0] ?? '', rawCookie: cookie };
  }

  it('a CSM signs in with a password and gets an HTTP-only session cookie', async () => {
    const { res, rawCookie, cookie } = await signIn(csm.user.email.toUpperCase(), csm.password);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(csm.user.email);
    expect(rawCookie).toMatch(/HttpOnly/i);
    expect(rawCookie).toMatch(/SameSite=Lax/i);
    const me = await server.call('GET', '/api/session', { headers: { cookie } });
    expect(me.body).toMatchObject({ user: { id: csm.user.id }, csrfToken: res.body.csrfToken });
  });

  it('a wrong password and an unknown email get the same answer', async () => {
    const wrong = await server.call('POST', '/api/session', { body: { email: csm.user.email, password: 'not the password' } });
    const unknown = await server.call('POST', '/api/session', { body: { email: 'ghost@example.com', password: 'whatever' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('a write with the session cookie needs the CSRF token; a bearer token does not', async () => {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const { res, cookie } = await signIn(csm.user.email, csm.password);
    const noCsrf = await server.call('PATCH', `/api/accounts/${account.id}`, { headers: { cookie }, body: { stage: 'renewal' } });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.message).toMatch(/x-csrf-token/);
    const wrongCsrf = await server.call('PATCH', `/api/accounts/${account.id}`, { headers: { cookie, 'x-csrf-token': 'guess' }, body: { stage: 'renewal' } });
    expect(wrongCsrf.status).toBe(403);
    const ok = await server.call('PATCH', `/api/accounts/${account.id}`, { headers: { cookie, 'x-csrf-token': res.body.csrfToken }, body: { stage: 'renewal' } });
    expect(ok.status).toBe(200);
    const bearer = await server.call('PATCH', `/api/accounts/${account.id}`, { token: csm.token, body: { stage: 'steady' } });
    expect(bearer.status).toBe(200);
  });

  it('signing out ends the session', async () => {
    const { cookie } = await signIn(csm.user.email, csm.password);
    expect((await server.call('DELETE', '/api/session', { headers: { cookie } })).status).toBe(204);
    expect((await server.call('GET', '/api/session', { headers: { cookie } })).status).toBe(401);
  });

  it('tokens are shown once, listed without their secret, and stop working when revoked', async () => {
    const created = await server.call('POST', '/api/tokens', { token: csm.token, body: { name: 'zapier' } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^cad_/);
    const list = await server.call('GET', '/api/tokens', { token: created.body.token });
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain('zapier');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect((await server.call('DELETE', `/api/tokens/${created.body.id}`, { token: csm.token })).status).toBe(204);
    expect((await server.call('GET', '/api/accounts', { token: created.body.token })).status).toBe(401);
  });

  it('too many sign-in attempts are rate limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push((await server.call('POST', '/api/session', { body: { email: 'target@example.com', password: `guess-${i}` } })).status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await server.call('POST', '/api/session', { body: { email: 'target@example.com', password: 'again' } });
    expect(limited.body.error.code).toBe('rate_limited');
  });
});

describe('contacts through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.close());

  it('a CSM adds, edits and lists contacts of their accounts only', async () => {
    const csm = await server.userWithToken('csm');
    const other = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const foreign = await makeAccount(server.deps, { ownerId: other.user.id });
    const created = await server.call('POST', '/api/contacts', { token: csm.token, body: { accountId: account.id, name: 'Omar Haddad', email: 'Omar@Globex.example', role: 'champion' } });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe('omar@globex.example');
    const denied = await server.call('POST', '/api/contacts', { token: csm.token, body: { accountId: foreign.id, name: 'Nope' } });
    expect(denied.status).toBe(404);
    const bad = await server.call('POST', '/api/contacts', { token: csm.token, body: { accountId: account.id, name: 'Bad', email: 'not-an-email' } });
    expect(bad.body.error).toMatchObject({ code: 'invalid', field: 'email' });
    const left = await server.call('PATCH', `/api/contacts/${created.body.id}`, { token: csm.token, body: { status: 'left' } });
    expect(left.body.status).toBe('left');
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items).toContainEqual(expect.objectContaining({ kind: 'contact.champion_left', summary: 'Champion Omar Haddad has left' }));
    const list = await server.call('GET', '/api/contacts?q=omar', { token: other.token });
    expect(list.body.items).toHaveLength(0);
    const mine = await server.call('GET', `/api/contacts?accountId=${account.id}`, { token: csm.token });
    expect(mine.body.items).toHaveLength(1);
  });

  it('imports and exports CSV over HTTP, reporting bad lines with a 400', async () => {
    const admin = await server.userWithToken('admin');
    const csv = 'external_id,name,segment\nH-1,Hooli,enterprise\nH-2,Pied Piper,startup\n';
    const dry = await server.call('POST', '/api/imports/accounts?dryRun=true', { token: admin.token, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(dry.status).toBe(400);
    expect(dry.body.errors[0]).toMatchObject({ line: 3 });
    const good = await server.call('POST', '/api/imports/accounts', { token: admin.token, raw: csv.replace('startup', 'scale'), headers: { 'content-type': 'text/csv' } });
    expect(good.body).toMatchObject({ created: 2, errors: [] });
    const exported = await server.call('GET', '/api/exports/accounts', { token: admin.token });
    expect(exported.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(exported.body)).toContain('H-2,Pied Piper,scale');
  });
});
