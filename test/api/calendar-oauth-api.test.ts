/**
 * The Google/Microsoft connect routes the Settings → Calendar & mail screen uses, over HTTP on a
 * real server: POST /api/calendar/oauth/{provider}/start → { url }; the provider's redirect to
 * GET …/callback → 303 to /settings/calendar-mail?connected= or ?error=; unconfigured → 400
 * naming the variable. The Google side is the local stand-in (test/helpers/fake-calendars.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogle, type FakeGoogle } from '../helpers/fake-calendars.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const BASE = 'https://cadence.vendor.example/cadence';

describe('calendar OAuth routes', () => {
  let server: TestServer;
  let bare: TestServer;
  let google: FakeGoogle;
  beforeAll(async () => {
    google = await startFakeGoogle({ email: 'sam.api@vendor.example' });
    server = await startTestServer('sqlite', [], {
      baseUrl: BASE,
      calendarOAuth: {
        google: { clientId: 'cadence-client', clientSecret: 'cadence-secret', authorizeUrl: `${google.server.url}/o/oauth2/v2/auth`, tokenUrl: `${google.server.url}/token`, apiUrl: `${google.server.url}/calendar/v3` },
        microsoft: {
          clientId: null,
          clientSecret: null,
          tenant: 'common',
          authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
          tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
          graphUrl: 'https://graph.microsoft.com/v1.0',
        },
      },
    });
    bare = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server?.close();
    await bare?.close();
    await google?.close();
  });

  async function signIn(s: TestServer, email?: string) {
    const u = await s.userWithToken('csm');
    if (email) await s.deps.store.db.updateTable('users').set({ email }).where('id', '=', u.user.id).execute();
    const res = await s.call('POST', '/api/session', { body: { email: email ?? u.user.email, password: u.password } });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { ...u, cookie, csrf: (res.body as { csrfToken: string }).csrfToken };
  }

  const callback = (s: TestServer, path: string, cookie?: string) => fetch(`${s.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  it('unconfigured, the start route answers 400 naming the variables to set', async () => {
    const { token } = await bare.userWithToken('csm');
    const res = await bare.call('POST', '/api/calendar/oauth/microsoft/start', { token });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/CADENCE_MICROSOFT_CLIENT_ID and CADENCE_MICROSOFT_CLIENT_SECRET/);
    expect(res.body.error.field).toBe('provider');
    expect((await bare.call('POST', '/api/calendar/oauth/yahoo/start', { token })).status).toBe(400);
  });

  it('start → Google → callback connects the signed-in user’s calendar and sends the browser to Settings; the redirect_uri is built from CADENCE_BASE_URL', async () => {
    const sam = await signIn(server, google.email);
    const started = await server.call('POST', '/api/calendar/oauth/google/start', { headers: { cookie: sam.cookie, 'x-csrf-token': sam.csrf } });
    expect(started.status).toBe(200);
    const url = new URL(started.body.url as string);
    expect(url.searchParams.get('redirect_uri')).toBe(`${BASE}/api/calendar/oauth/google/callback`);
    const { code, state } = google.oauth.authorize(url.href);

    // Without the session that started it (another browser): refused, in words.
    const stranger = await callback(server, `/api/calendar/oauth/google/callback?code=${code}&state=${state}`);
    expect(stranger.status).toBe(303);
    expect(decodeURIComponent(stranger.headers.get('location')!)).toMatch(/^https:\/\/cadence\.vendor\.example\/cadence\/settings\/calendar-mail\?error=Google.calendar.not.connected/);

    // The state was spent by that attempt: start again, come back in the same browser.
    const again = await server.call('POST', '/api/calendar/oauth/google/start', { headers: { cookie: sam.cookie, 'x-csrf-token': sam.csrf } });
    const second = google.oauth.authorize(again.body.url as string);
    const res = await callback(server, `/api/calendar/oauth/google/callback?code=${second.code}&state=${second.state}`, sam.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${BASE}/settings/calendar-mail?connected=google`);
    const list = await server.call('GET', '/api/calendar/connections', { token: sam.token });
    expect(list.body.items).toEqual([expect.objectContaining({ provider: 'google', username: google.email, status: 'new', lastError: null })]);
    expect(google.oauth.issued.length).toBeGreaterThan(0);
    for (const secret of [...google.oauth.issued, 'enc:v1']) expect(JSON.stringify(list.body)).not.toContain(secret);

    // A forged state, or a code without one: an error in words, nothing else connected.
    const forged = await callback(server, `/api/calendar/oauth/google/callback?code=${second.code}&state=forged`, sam.cookie);
    expect(decodeURIComponent(forged.headers.get('location')!)).toMatch(/error=Google.calendar.not.connected.+unknown.or.was.already.used/);
    const denied = await callback(server, `/api/calendar/oauth/google/callback?error=access_denied&state=${second.state}`, sam.cookie);
    expect(decodeURIComponent(denied.headers.get('location')!)).toMatch(/you.declined/);
    expect((await server.call('GET', '/api/calendar/connections', { token: sam.token })).body.items).toHaveLength(1);
  });

  it('a viewer may not start a connection', async () => {
    const { token } = await server.userWithToken('viewer');
    expect((await server.call('POST', '/api/calendar/oauth/google/start', { token })).status).toBe(403);
  });
});
