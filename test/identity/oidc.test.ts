import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { saveRoleMappings } from '../../src/services/identity/role-mappings.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeUser } from '../helpers/factories.ts';

// A real, certified OpenID Provider (panva/oidc-provider) on a loopback port, with its development
// login and consent pages (devInteractions): https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Made once per kid for the file: an RSA key pair took 80-460 ms of CPU, and every test started an IdP with one. */
const signingKeys = new Map<string, ReturnType<typeof makeSigningKey>>();
function makeSigningKey(kid: string) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
}
function signingKey(kid: string) {
  const key = signingKeys.get(kid) ?? makeSigningKey(kid);
  signingKeys.set(kid, key);
  return key;
}

/** The IdP: any login name signs in as <name>@acme.com; `groups` as the test sets them. */
class TestIdp {
  server: Server | null = null;
  jwksFetches = 0;
  groups: Record<string, string[]> = {};
  constructor(
    readonly port: number,
    readonly cadenceUrl: string,
  ) {}

  get issuer() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts (or restarts) the provider signing with these keys; sessions live in its memory adapter across restarts. */
  async start(keys: ReturnType<typeof signingKey>[]): Promise<void> {
    await this.stop();
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: 'cadence',
          client_secret: 'cadence-client-secret',
          redirect_uris: [`${this.cadenceUrl}/auth/oidc/callback`],
          post_logout_redirect_uris: [`${this.cadenceUrl}/`],
          response_types: ['code'],
          grant_types: ['authorization_code'],
        },
      ],
      jwks: { keys },
      cookies: { keys: ['test-cookie-key'] },
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
      findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@acme.com`, email_verified: true, name: `${sub[0]!.toUpperCase()}${sub.slice(1)} Tester`, groups: this.groups[sub] ?? [] }) }),
      features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    });
    const callback = provider.callback();
    this.server = createServer((req, res) => {
      if (req.url?.startsWith('/jwks')) this.jwksFetches += 1;
      return callback(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()) && s.closeAllConnections());
  }
}

/** Walks the IdP's login and consent pages until the browser is back at Cadence. */
async function signInAtIdp(page: Page, idp: TestIdp, login: string): Promise<void> {
  for (let step = 0; step < 6 && page.url().startsWith(idp.issuer); step++) {
    const before = page.url();
    if (await page.locator('input[name=login]').count()) {
      await page.fill('input[name=login]', login);
      await page.fill('input[name=password]', 'any password');
      await Promise.all([page.waitForURL((u) => u.href !== before, { timeout: 10_000 }), page.click('button[type=submit]')]);
    } else if (await page.locator('button[type=submit]').count()) {
      await Promise.all([page.waitForURL((u) => u.href !== before, { timeout: 10_000 }), page.click('button[type=submit]')]);
    }
  }
}

const who = (page: Page) => page.evaluate(async () => (await fetch('/api/session')).json() as Promise<{ user?: { email: string; role: string } }>);

describe.skipIf(!browserAvailable()).each(await availableDialects())('single sign-on with OpenID Connect on %s', (dialect) => {
  let browser: Browser;
  let idp: TestIdp;
  let deps: TestDeps;
  let app: FastifyInstance;
  let cadenceUrl: string;
  // Pages left open hold connections that app.close() would wait for: each test's contexts are closed first.
  let contexts: BrowserContext[] = [];
  const newContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext();
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    ensureWebBuilt();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  beforeEach(async () => {
    const [idpPort, cadencePort] = [await freePort(), await freePort()];
    cadenceUrl = `http://127.0.0.1:${cadencePort}`;
    idp = new TestIdp(idpPort, cadenceUrl);
    await idp.start([signingKey('key-1')]);
    const identity: IdentityConfig = {
      oidc: { issuer: idp.issuer, clientId: 'cadence', clientSecret: 'cadence-client-secret', roleClaim: 'groups', name: 'Acme SSO' },
      saml: null,
      allowedDomains: ['acme.com'],
      defaultRole: 'viewer',
      passwordLogin: true,
      breakGlassEmail: null,
    };
    deps = await createTestDeps(dialect, { baseUrl: cadenceUrl, identity });
    deps.setNow(new Date()); // the IdP's tokens carry real times
    app = await buildApp(deps);
    await app.listen({ port: cadencePort, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
    await app.close();
    await idp.stop();
    await deps.close();
  });

  it('a new colleague signs in through the IdP, is created just in time with the role their group maps to, and keeps signing in after the IdP rotates its keys', async () => {
    await saveRoleMappings(deps, LOCAL_OPERATOR, { mappings: [{ value: 'CS Leads', role: 'manager' }] });
    idp.groups.ana = ['CS Leads'];
    const context = await newContext();
    const page = await context.newPage();
    const options = await page.request.get(`${cadenceUrl}/api/auth/providers`);
    expect(await options.json()).toEqual({ passwordLogin: true, providers: [{ id: 'oidc', name: 'Acme SSO', loginUrl: '/auth/oidc/login' }] });

    // The sign-in page offers the IdP; its button starts the sign-in.
    await page.goto(`${cadenceUrl}/`);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(idp.issuer)), page.getByRole('link', { name: 'Sign in with Acme SSO' }).click()]);
    await signInAtIdp(page, idp, 'ana');
    expect(page.url()).toBe(`${cadenceUrl}/`);
    expect((await who(page)).user).toMatchObject({ email: 'ana@acme.com', role: 'manager' });
    const fetchesBefore = idp.jwksFetches;
    expect(fetchesBefore).toBeGreaterThan(0);

    // The IdP rotates: the old key is gone, tokens are signed with a key Cadence has never seen.
    await idp.start([signingKey('key-2')]);
    idp.groups.ana = [];
    const second = await (await newContext()).newPage();
    await second.goto(`${cadenceUrl}/auth/oidc/login`);
    await signInAtIdp(second, idp, 'ana');
    expect(second.url()).toBe(`${cadenceUrl}/`);
    // No mapped group any more: a known user keeps the role they had.
    expect((await who(second)).user).toMatchObject({ email: 'ana@acme.com', role: 'manager' });
    expect(idp.jwksFetches).toBeGreaterThan(fetchesBefore);
    const users = await deps.store.db.selectFrom('users').select(['email', 'password_hash']).execute();
    expect(users).toEqual([{ email: 'ana@acme.com', password_hash: null }]);
    await context.close();
  });

  it('signing out ends the Cadence session and signs out at the IdP too', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${cadenceUrl}/auth/oidc/login`);
    await signInAtIdp(page, idp, 'bo');
    expect((await who(page)).user?.email).toBe('bo@acme.com');

    await page.goto(`${cadenceUrl}/auth/oidc/logout`);
    expect(page.url().startsWith(`${idp.issuer}/session/end`)).toBe(true);
    await Promise.all([page.waitForURL(`${cadenceUrl}/`), page.click('button[name=logout]')]);
    expect((await who(page)).user).toBeUndefined();
    // The IdP session is gone too: signing in again asks for the login.
    await page.goto(`${cadenceUrl}/auth/oidc/login`);
    expect(await page.locator('input[name=login]').count()).toBe(1);
  });

  it('a cancelled sign-in, a deactivated user and a forged callback each get a clear page, not a stack trace', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${cadenceUrl}/auth/oidc/login`);
    await page.click('text=[ Cancel ]');
    await page.waitForURL((u) => u.href.startsWith(cadenceUrl));
    expect(await page.locator('h1').textContent()).toBe('Sign-in refused');
    expect(await page.locator('[role=alert]').textContent()).toContain('cancelled or refused at your identity provider');

    const { user } = await makeUser(deps, 'csm', { email: 'cy@acme.com' });
    const { deactivateUser } = await import('../../src/services/users/user-lifecycle.ts');
    await deactivateUser(deps, LOCAL_OPERATOR, user.id);
    await page.goto(`${cadenceUrl}/auth/oidc/login`);
    await signInAtIdp(page, idp, 'cy');
    expect(await page.locator('[role=alert]').textContent()).toContain('deactivated');
    expect((await who(page)).user).toBeUndefined();

    // A callback nobody started (forged or replayed) is refused.
    const forged = await page.request.get(`${cadenceUrl}/auth/oidc/callback?code=abc&state=xyz`);
    expect(forged.status()).toBe(403);
    expect(await forged.text()).not.toMatch(/at .*\.ts:\d+/);
  });
});
