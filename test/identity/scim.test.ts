import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { cadence } from '../helpers/cli.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A SCIM client as RFC 7644 describes one: application/scim+json both ways, a bearer token, resources by location. */
class ScimClient {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- SCIM answers of every resource shape
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; contentType: string; location: string | null }> {
    const res = await fetch(`${this.base}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/scim+json', ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, contentType: res.headers.get('content-type') ?? '', location: res.headers.get('location') };
  }

  createUser(userName: string, extra: Record<string, unknown> = {}) {
    return this.request('POST', '/Users', { schemas: [USER], userName, name: { givenName: 'Ana', familyName: 'Lima' }, emails: [{ value: userName, primary: true, type: 'work' }], active: true, ...extra });
  }

  findUser(userName: string) {
    return this.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  }

  patch(path: string, operations: unknown[]) {
    return this.request('PATCH', path, { schemas: [PATCH], Operations: operations });
  }
}

describe.each(await availableDialects())('SCIM provisioning on %s', (dialect) => {
  let server: TestServer;
  let scim: ScimClient;
  let token: string;

  beforeEach(async () => {
    server = await startTestServer(dialect);
    const run = await cadence(server.deps.testDb.dataDir, ['scim', 'token', 'create', '--name', 'Okta'], { DATABASE_URL: server.deps.testDb.url });
    expect(run.code, run.stderr).toBe(0);
    token = run.stdout.trim();
    scim = new ScimClient(server.url, token);
  });
  afterEach(async () => {
    await server.close();
  });

  it('the SCIM token is printed once and stored only as a hash', async () => {
    expect(token).toMatch(/^scim_[\w-]{40,}$/);
    const rows = await server.deps.store.db.selectFrom('scim_tokens').select('token_hash').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token.slice(5));
  });

  it('an IdP reads what Cadence supports before provisioning', async () => {
    const config = await scim.request('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.contentType).toContain('application/scim+json');
    expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    const types = await scim.request('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { endpoint: string }) => r.endpoint)).toEqual(['/Users', '/Groups']);
    const schemas = await scim.request('GET', '/Schemas');
    expect(schemas.body.Resources.map((r: { id: string }) => r.id)).toEqual([USER, GROUP]);
  });

  it('the IdP creates a person, finds them by userName, and a second create of the same person is a uniqueness conflict', async () => {
    const created = await scim.createUser('Ana.Lima@Acme.com', { externalId: 'okta-00u1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ schemas: [USER], userName: 'ana.lima@acme.com', displayName: 'Ana Lima', active: true, externalId: 'okta-00u1' });
    expect(created.location).toBe(`${server.deps.config.baseUrl}/scim/v2/Users/${created.body.id}`);

    const found = await scim.findUser('ana.lima@acme.com');
    expect(found.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(found.body.Resources[0].id).toBe(created.body.id);
    const byExternal = await scim.request('GET', `/Users?filter=${encodeURIComponent('externalId eq "okta-00u1"')}`);
    expect(byExternal.body.Resources[0].id).toBe(created.body.id);
    expect((await scim.findUser('nobody@acme.com')).body).toMatchObject({ totalResults: 0, Resources: [] });

    const again = await scim.createUser('ana.lima@acme.com');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });

    // The person can be seen in Cadence, and signs in through single sign-on (no password was set).
    const admin = await server.userWithToken('admin');
    const users = await server.call('GET', '/api/users', { token: admin.token });
    expect(users.body.items.map((u: { email: string }) => u.email)).toContain('ana.lima@acme.com');
  });

  it('pages through users with startIndex and count', async () => {
    for (const n of [1, 2, 3]) await scim.createUser(`p${n}@acme.com`);
    const first = await scim.request('GET', '/Users?startIndex=1&count=2');
    expect(first.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    const second = await scim.request('GET', '/Users?startIndex=3&count=2');
    expect(second.body).toMatchObject({ totalResults: 3, startIndex: 3, itemsPerPage: 1 });
    const seen = [...first.body.Resources, ...second.body.Resources].map((u: { userName: string }) => u.userName);
    expect(new Set(seen)).toEqual(new Set(['p1@acme.com', 'p2@acme.com', 'p3@acme.com']));
  });

  it('a filter Cadence does not support is an invalidFilter error, and a bad body an invalidValue', async () => {
    const bad = await scim.request('GET', `/Users?filter=${encodeURIComponent('userName sw "a"')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidFilter' });
    const noEmail = await scim.request('POST', '/Users', { schemas: [USER], userName: 'just-a-name' });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body).toMatchObject({ scimType: 'invalidValue' });
    expect((await scim.request('GET', '/Users/0190aaaa-0000-7000-8000-000000000000')).status).toBe(404);
    const nul = await scim.createUser('nul\u0000@acme.com');
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidValue' });
    expect(nul.body.detail).toContain('userName');
  });

  it('deactivating a person through SCIM stops their token at once and puts their accounts on the needs-a-new-owner list', async () => {
    const admin = await server.userWithToken('admin');
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id });
    expect((await server.call('GET', '/api/accounts', { token: csm.token })).status).toBe(200);

    const listed = await scim.findUser(csm.user.email);
    const id = listed.body.Resources[0].id;
    // Entra ID sends a capitalised op and a string boolean.
    const patched = await scim.patch(`/Users/${id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);

    expect((await server.call('GET', '/api/accounts', { token: csm.token })).status).toBe(401);
    const signIn = await server.call('POST', '/api/session', { body: { email: csm.user.email, password: csm.password } });
    expect(signIn.status).toBe(401);
    const handover = await server.call('GET', '/api/users/needs-new-owner', { token: admin.token });
    expect(handover.body.items).toEqual([expect.objectContaining({ accountId: account.id, accountName: 'Globex' })]);

    // Okta reactivates with a PATCH without a path; the person may sign in again.
    const back = await scim.patch(`/Users/${id}`, [{ op: 'replace', value: { active: true } }]);
    expect(back.body.active).toBe(true);
    expect((await server.call('POST', '/api/session', { body: { email: csm.user.email, password: csm.password } })).status).toBe(200);

    // A DELETE from the IdP deactivates too: the person's history and accounts stay for their successor.
    expect((await scim.request('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await scim.request('GET', `/Users/${id}`)).body.active).toBe(false);
    expect((await server.call('POST', '/api/session', { body: { email: csm.user.email, password: csm.password } })).status).toBe(401);
  });

  it('PUT and PATCH change the name and email a colleague sees', async () => {
    const created = await scim.createUser('ben@acme.com');
    const put = await scim.request('PUT', `/Users/${created.body.id}`, { schemas: [USER], userName: 'ben.ng@acme.com', displayName: 'Ben Ng', active: true });
    expect(put.body).toMatchObject({ userName: 'ben.ng@acme.com', displayName: 'Ben Ng' });
    const patched = await scim.patch(`/Users/${created.body.id}`, [{ op: 'replace', path: 'name.familyName', value: 'Nguyen' }]);
    expect(patched.body.displayName).toBe('Ben Nguyen');
    const taken = await scim.createUser('cy@acme.com');
    const clash = await scim.patch(`/Users/${taken.body.id}`, [{ op: 'replace', path: 'userName', value: 'ben.ng@acme.com' }]);
    expect(clash.status).toBe(409);
    expect((await scim.request('GET', `/Users/${taken.body.id}`)).body.userName).toBe('cy@acme.com');
  });

  it('group membership maps to a role through the Settings table, and leaving the group takes it away', async () => {
    const admin = await server.userWithToken('admin');
    const saved = await server.call('PUT', '/api/settings/role-mappings', {
      token: admin.token,
      body: {
        mappings: [
          { value: 'CS Leads', role: 'manager' },
          { value: 'CS Team', role: 'csm' },
        ],
      },
    });
    expect(saved.status).toBe(200);
    const ana = await scim.createUser('ana@acme.com');
    const bo = await scim.createUser('bo@acme.com');
    const roleOf = async (id: string) => (await server.call('GET', '/api/users', { token: admin.token })).body.items.find((u: { id: string }) => u.id === id).role;
    expect(await roleOf(ana.body.id)).toBe('viewer');

    const leads = await scim.request('POST', '/Groups', { schemas: [GROUP], displayName: 'CS Leads', members: [{ value: ana.body.id }] });
    expect(leads.status).toBe(201);
    expect(leads.body.members).toEqual([expect.objectContaining({ value: ana.body.id, display: 'ana@acme.com' })]);
    expect(await roleOf(ana.body.id)).toBe('manager');
    expect((await scim.request('GET', `/Users/${ana.body.id}`)).body.groups).toEqual([expect.objectContaining({ value: leads.body.id, display: 'CS Leads' })]);

    const team = await scim.request('POST', '/Groups', { schemas: [GROUP], displayName: 'CS Team' });
    await scim.patch(`/Groups/${team.body.id}`, [{ op: 'add', path: 'members', value: [{ value: ana.body.id }, { value: bo.body.id }] }]);
    expect(await roleOf(bo.body.id)).toBe('csm');
    // In both groups, the most powerful role wins.
    expect(await roleOf(ana.body.id)).toBe('manager');

    await scim.patch(`/Groups/${leads.body.id}`, [{ op: 'remove', path: `members[value eq "${ana.body.id}"]` }]);
    expect(await roleOf(ana.body.id)).toBe('csm');
    const found = await scim.request('GET', `/Groups?filter=${encodeURIComponent('displayName eq "CS Team"')}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].members).toHaveLength(2);

    // An admin remaps the group in Settings: its members change at once.
    await server.call('PUT', '/api/settings/role-mappings', { token: admin.token, body: { mappings: [{ value: 'CS Team', role: 'manager' }] } });
    expect(await roleOf(bo.body.id)).toBe('manager');
    expect((await scim.request('DELETE', `/Groups/${team.body.id}`)).status).toBe(204);
    expect(await roleOf(bo.body.id)).toBe('viewer');
    const unknownMember = await scim.request('POST', '/Groups', { schemas: [GROUP], displayName: 'Ghosts', members: [{ value: 'no-such-user' }] });
    expect(unknownMember.status).toBe(400);
  });

  it('only a live SCIM token opens the SCIM API: not a user API token, and not a revoked one', async () => {
    const none = await fetch(`${server.url}/scim/v2/Users`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ schemas: [ERROR], status: '401' });
    const admin = await server.userWithToken('admin');
    expect((await new ScimClient(server.url, admin.token).request('GET', '/Users')).status).toBe(401);
    // …and a SCIM token opens nothing else.
    expect((await server.call('GET', '/api/accounts', { token })).status).toBe(401);

    const list = await cadence(server.deps.testDb.dataDir, ['scim', 'token', 'list', '--json'], { DATABASE_URL: server.deps.testDb.url });
    const [{ id }] = JSON.parse(list.stdout) as [{ id: string }];
    const revoked = await cadence(server.deps.testDb.dataDir, ['scim', 'token', 'revoke', id], { DATABASE_URL: server.deps.testDb.url });
    expect(revoked.code).toBe(0);
    expect((await scim.request('GET', '/Users')).status).toBe(401);
  });

  it('role mappings are for admins only, and a claim value twice is refused naming the field', async () => {
    const manager = await server.userWithToken('manager');
    expect((await server.call('GET', '/api/settings/role-mappings', { token: manager.token })).status).toBe(403);
    const admin = await server.userWithToken('admin');
    const twice = await server.call('PUT', '/api/settings/role-mappings', {
      token: admin.token,
      body: {
        mappings: [
          { value: 'a', role: 'csm' },
          { value: 'a', role: 'admin' },
        ],
      },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.field).toBe('mappings');
    expect((await server.call('GET', '/api/settings/role-mappings', { token: admin.token })).body).toEqual({ mappings: [] });
  });

  it('two admins saving the same mapping at the same moment both succeed, and the table holds one save', async () => {
    const admin = await server.userWithToken('admin');
    const saves = Array.from({ length: 8 }, (_, i) =>
      server.call('PUT', '/api/settings/role-mappings', {
        token: admin.token,
        body: {
          mappings: [
            { value: 'CS Team', role: 'manager' },
            { value: `Region ${i % 2}`, role: 'csm' },
          ],
        },
      }),
    );
    expect((await Promise.all(saves)).map((r) => r.status)).toEqual(Array(8).fill(200));
    const table = (await server.call('GET', '/api/settings/role-mappings', { token: admin.token })).body.mappings as { value: string }[];
    expect(table.map((m) => m.value).filter((v) => v === 'CS Team')).toHaveLength(1);
    expect(table).toHaveLength(2);
  });
});
