import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type IdentityConfig } from '../../src/config.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const ssoOnly: IdentityConfig = {
  oidc: { issuer: 'https://idp.acme.test', clientId: 'cadence', clientSecret: 'secret', roleClaim: 'groups', name: 'Acme SSO' },
  saml: null,
  allowedDomains: [],
  defaultRole: 'viewer',
  passwordLogin: false,
  breakGlassEmail: 'root@acme.com',
};

describe.each(await availableDialects())('CADENCE_PASSWORD_LOGIN=off on %s', (dialect) => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it('only the break-glass admin may still sign in with a password; everyone else is sent to single sign-on', async () => {
    server = await startTestServer(dialect, [], { identity: ssoOnly });
    const root = await makeUser(server.deps, 'admin', { email: 'root@acme.com' });
    const csm = await makeUser(server.deps, 'csm');
    const refused = await server.call('POST', '/api/session', { body: { email: csm.user.email, password: csm.password } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('sign in with single sign-on');
    // A wrong password and an unknown email get the same answer: no lookup happens.
    expect((await server.call('POST', '/api/session', { body: { email: 'nobody@acme.com', password: 'x' } })).status).toBe(403);
    const ok = await server.call('POST', '/api/session', { body: { email: 'root@acme.com', password: root.password } });
    expect(ok.status).toBe(200);
    expect((await server.call('GET', '/api/auth/providers')).body).toEqual({ passwordLogin: false, providers: [{ id: 'oidc', name: 'Acme SSO', loginUrl: '/auth/oidc/login' }] });
  });

  it('a break-glass email that is not an admin does not get in with a password', async () => {
    server = await startTestServer(dialect, [], { identity: ssoOnly });
    const notAdmin = await makeUser(server.deps, 'csm', { email: 'root@acme.com' });
    const res = await server.call('POST', '/api/session', { body: { email: 'root@acme.com', password: notAdmin.password } });
    expect(res.status).toBe(403);
    const sessions = await server.deps.store.db.selectFrom('sessions').select('id').execute();
    expect(sessions).toEqual([]);
  });
});

describe('single sign-on configuration', () => {
  it('switching passwords off without an identity provider is refused at start, naming the variable', () => {
    expect(() => loadConfig({ CADENCE_PASSWORD_LOGIN: 'off', CADENCE_SECRET: 'x'.repeat(32) })).toThrow(ConfigError);
    expect(() => loadConfig({ CADENCE_OIDC_ISSUER: 'https://idp.acme.test', CADENCE_SECRET: 'x'.repeat(32) })).toThrow(/CADENCE_OIDC_CLIENT_ID/);
  });

  it('reads the OIDC settings, the allowed domains and the break-glass email from the environment', () => {
    const config = loadConfig({
      CADENCE_SECRET: 'x'.repeat(32),
      CADENCE_OIDC_ISSUER: 'https://idp.acme.test/realms/acme',
      CADENCE_OIDC_CLIENT_ID: 'cadence',
      CADENCE_OIDC_CLIENT_SECRET: 's3cret',
      CADENCE_OIDC_ROLE_CLAIM: 'realm_access.roles',
      CADENCE_SSO_ALLOWED_DOMAINS: 'Acme.com, acme.io',
      CADENCE_PASSWORD_LOGIN: 'off',
      CADENCE_BREAK_GLASS_EMAIL: 'Root@Acme.com',
      CADENCE_SSO_DEFAULT_ROLE: 'none',
    });
    expect(config.identity).toMatchObject({
      oidc: { issuer: 'https://idp.acme.test/realms/acme', clientId: 'cadence', clientSecret: 's3cret', roleClaim: 'realm_access.roles' },
      allowedDomains: ['acme.com', 'acme.io'],
      passwordLogin: false,
      breakGlassEmail: 'root@acme.com',
      defaultRole: null,
    });
  });
});
