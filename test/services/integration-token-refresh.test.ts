/**
 * Zendesk OAuth with expiring access tokens and a Salesforce connected app's session, refreshed
 * through the same refresh helper as the calendars, on SQLite and PostgreSQL, against local
 * stand-ins answering the documented shapes:
 * - Zendesk: POST {subdomain}/oauth/tokens grant_type=refresh_token answers a new access_token and
 *   refresh_token (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#create-token,
 *   https://developer.zendesk.com/documentation/api-basics/authentication/refresh-token-rotation-and-expiration/);
 *   GET /api/v2/users/me.json (https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user).
 * - Salesforce: POST {login}/services/oauth2/token grant_type=refresh_token answers access_token and
 *   instance_url, no refresh token (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm);
 *   an ended session is 401 [{"errorCode":"INVALID_SESSION_ID"}] (REST API errors); a revoked token invalid_grant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSettings } from '../../src/integrations/secrets.ts';
import { startLocalServer, type LocalServer, type RecordedRequest, type Reply } from '../../src/integrations/testing/local-server.ts';
import { createIntegration, testIntegration, updateIntegration } from '../../src/services/connections/integrations.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { findIntegration } from '../../src/store/integrations.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';

const dialects = await availableDialects();

/** A vendor whose API takes the tokens it issued; its token endpoint refreshes (rotating or not) until revoked. */
async function startVendor(options: { tokenPath: string; rotate: boolean; api: (req: RecordedRequest) => Reply; unauthorized: Reply; instanceUrl?: boolean }) {
  const state = { access: new Set(['at-0']), refresh: new Set(['rt-0']), seq: 0, refreshCalls: 0 };
  const server: LocalServer = await startLocalServer((req, self) => {
    if (req.path === options.tokenPath) {
      state.refreshCalls += 1;
      const form = new URLSearchParams(req.body);
      const rt = form.get('refresh_token') ?? '';
      if (form.get('grant_type') !== 'refresh_token' || form.get('client_id') !== 'cadence-app' || !state.refresh.has(rt)) return { status: 400, json: { error: 'invalid_grant', error_description: 'expired access/refresh token' } };
      const at = `at-${++state.seq}`;
      state.access.add(at);
      const json: Record<string, unknown> = { access_token: at, token_type: 'bearer' };
      if (options.rotate) {
        state.refresh.delete(rt);
        const next = `rt-${state.seq}`;
        state.refresh.add(next);
        Object.assign(json, { refresh_token: next, expires_in: 172800, refresh_token_expires_in: 7776000 });
      }
      if (options.instanceUrl) Object.assign(json, { instance_url: self.url, issued_at: '1764700000000', signature: 'sig' });
      return { json };
    }
    const auth = req.headers.authorization ?? '';
    if (!state.access.has(auth.replace(/^Bearer /, ''))) return options.unauthorized;
    return options.api(req);
  });
  return { server, state };
}

describe.each(dialects)('refreshing Zendesk and Salesforce tokens on %s', (dialect) => {
  let deps: TestDeps;
  const servers: LocalServer[] = [];
  let n = 0;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
  });
  afterAll(async () => {
    await deps?.close();
    await Promise.all(servers.map((s) => s.close()));
  });
  const stored = async (name: string) => {
    const r = (await findIntegration(deps.store.db, name))!;
    return { raw: JSON.stringify(r.settings), settings: decryptSettings(r.settings as never, deps.config.secret, r.id) as Record<string, unknown> };
  };

  it('Zendesk: an expired access token is refreshed on the 401, the rotated tokens stored encrypted; parallel calls refresh once; a revoked grant is marked needs re-auth in words and not retried', async () => {
    const vendor = await startVendor({
      tokenPath: '/oauth/tokens',
      rotate: true,
      api: () => ({ json: { user: { id: 7, email: 'agent@acme.example', role: 'admin', name: 'Agent' } } }),
      unauthorized: { status: 401, json: { error: 'invalid_token', error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.' } },
    });
    servers.push(vendor.server);
    const name = `support-${dialect}-${++n}`;
    await createIntegration(deps, LOCAL_OPERATOR, {
      name,
      kind: 'zendesk',
      settings: { baseUrl: vendor.server.url, oauthToken: 'at-0', oauthRefreshToken: 'rt-0', oauthClientId: 'cadence-app', oauthClientSecret: 'app-secret', http: { maxAttempts: 1 } },
    });
    expect(await testIntegration(deps, LOCAL_OPERATOR, name)).toMatchObject({ ok: true });
    expect(vendor.state.refreshCalls).toBe(0);

    vendor.state.access.clear();
    const both = await Promise.all([testIntegration(deps, LOCAL_OPERATOR, name), testIntegration(deps, LOCAL_OPERATOR, name)]);
    expect(both.map((b) => b.ok)).toEqual([true, true]);
    expect(vendor.state.refreshCalls).toBe(1);
    const after = await stored(name);
    expect(after.settings).toMatchObject({ oauthToken: 'at-1', oauthRefreshToken: 'rt-1' });
    expect(after.settings.oauthExpiresAt).toMatch(/^2026-11-22T10:00:00/);
    expect(after.raw).not.toMatch(/"at-1"|"rt-1"/);

    vendor.state.access.clear();
    vendor.state.refresh.clear();
    const refused = await testIntegration(deps, LOCAL_OPERATOR, name);
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).toMatch(/Zendesk refused the saved refresh token \(invalid_grant/);
    expect((await stored(name)).settings.oauthNeedsReauth).toMatch(/Enter new OAuth tokens/);
    const calls = vendor.server.requests.length;
    expect((await testIntegration(deps, LOCAL_OPERATOR, name)).ok).toBe(false);
    expect(vendor.server.requests.length).toBe(calls);

    // New tokens entered: the mark goes, the calls work again.
    vendor.state.access.add('at-new');
    vendor.state.refresh.add('rt-new');
    await updateIntegration(deps, LOCAL_OPERATOR, name, { settings: { oauthToken: 'at-new', oauthRefreshToken: 'rt-new' } });
    expect((await stored(name)).settings.oauthNeedsReauth).toBeUndefined();
    expect(await testIntegration(deps, LOCAL_OPERATOR, name)).toMatchObject({ ok: true });
  });

  it('Salesforce: an ended session (401 INVALID_SESSION_ID) is renewed with the refresh token, which Salesforce keeps; a revoked one needs re-auth', async () => {
    const describe = (req: RecordedRequest): Reply => ({ json: { name: req.path.includes('/Account/') ? 'Account' : 'Event', createable: true, updateable: true } });
    const vendor = await startVendor({
      tokenPath: '/services/oauth2/token',
      rotate: false,
      instanceUrl: true,
      api: describe,
      unauthorized: { status: 401, json: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] },
    });
    servers.push(vendor.server);
    const name = `crm-${dialect}-${++n}`;
    await createIntegration(deps, LOCAL_OPERATOR, {
      name,
      kind: 'salesforce',
      settings: { instanceUrl: vendor.server.url, accessToken: 'at-0', refreshToken: 'rt-0', clientId: 'cadence-app', clientSecret: 'app-secret', loginUrl: vendor.server.url, http: { maxAttempts: 1 } },
    });
    vendor.state.access.clear();
    expect(await testIntegration(deps, LOCAL_OPERATOR, name)).toMatchObject({ ok: true });
    expect(vendor.state.refreshCalls).toBe(1);
    expect((await stored(name)).settings).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-0', instanceUrl: vendor.server.url });

    vendor.state.access.clear();
    vendor.state.refresh.clear();
    const refused = await testIntegration(deps, LOCAL_OPERATOR, name);
    expect(JSON.stringify(refused)).toMatch(/Salesforce refused the saved refresh token/);
    expect((await stored(name)).settings.needsReauth).toMatch(/invalid_grant/);
  });
});
