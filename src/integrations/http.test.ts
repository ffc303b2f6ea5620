import { afterEach, describe, expect, it } from 'vitest';
import { explain } from './errors.ts';
import { createHttpClient, parseLinkHeader, parseRetryAfter, type HttpClientOptions } from './http.ts';
import { FAST_RETRIES, failureOf, inTurn, startLocalServer, type LocalServer, type Reply } from './testing/local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...replies: Reply[]): Promise<LocalServer> {
  server = await startLocalServer(inTurn(...replies));
  return server;
}

function client(url: string, extra: Partial<HttpClientOptions> = {}) {
  return createHttpClient({ vendor: 'zendesk', baseUrl: url, ...FAST_RETRIES, ...extra });
}

describe('the shared HTTP client', () => {
  it('waits the seconds a 429 asks for before trying again', async () => {
    const s = await serve({ status: 429, headers: { 'retry-after': '7' } }, { json: { ok: true } });
    const waits: number[] = [];
    const res = await client(s.url, { sleep: async (ms) => void waits.push(ms) }).request<{ ok: boolean }>({ path: '/x' });
    expect(res.data.ok).toBe(true);
    expect(waits).toEqual([7000]);
    expect(s.requests).toHaveLength(2);
  });

  it('reads a Retry-After given as an HTTP date', () => {
    const now = Date.parse('2025-03-01T10:00:00Z');
    expect(parseRetryAfter('Sat, 01 Mar 2025 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('gives up at once when a 429 asks for a longer wait than allowed, saying how long', async () => {
    const s = await serve({ status: 429, headers: { 'retry-after': '3600' } });
    const err = await failureOf(client(s.url, { maxRetryAfterMs: 60_000 }).request({ path: '/x' }));
    expect([err.kind, err.retryAfterMs, s.requests.length]).toEqual(['rate_limited', 3_600_000, 1]);
    expect(explain(err)).toContain('3600 seconds');
  });

  it('backs off exponentially with jitter between retries of server errors', async () => {
    const s = await serve({ status: 502 }, { status: 502 }, { status: 502 }, { json: {} });
    const waits: number[] = [];
    await client(s.url, { backoffBaseMs: 100, backoffMaxMs: 300, random: () => 1, sleep: async (ms) => void waits.push(ms) }).request({ path: '/x' });
    expect(waits).toEqual([100, 200, 300]);
    const low: number[] = [];
    const s2 = await startLocalServer(inTurn({ status: 502 }, { status: 502 }, { json: {} }));
    await client(s2.url, { backoffBaseMs: 100, backoffMaxMs: 1000, random: () => 0, sleep: async (ms) => void low.push(ms) }).request({ path: '/x' });
    await s2.close();
    expect(low).toEqual([50, 100]);
  });

  it('stops after the maximum number of attempts and says how many it made', async () => {
    const s = await serve({ status: 500 });
    const err = await failureOf(client(s.url, { maxAttempts: 3 }).request({ path: '/x' }));
    expect([err.kind, err.attempts, s.requests.length]).toEqual(['temporary', 3, 3]);
    expect(explain(err)).toContain('after 3 attempts');
  });

  it('does not repeat a create that failed with a server error, since it may have gone through', async () => {
    const s = await serve({ status: 500 }, { json: {} });
    const err = await failureOf(client(s.url).request({ method: 'POST', path: '/create', json: { a: 1 } }));
    expect([err.kind, s.requests.length]).toEqual(['temporary', 1]);
  });

  it('repeats a rate-limited create, since the vendor refused it', async () => {
    const s = await serve({ status: 429, headers: { 'retry-after': '0' } }, { status: 201, json: { id: 1 } });
    const res = await client(s.url).request<{ id: number }>({ method: 'POST', path: '/create', json: {} });
    expect([res.status, res.data.id, s.requests.length]).toEqual([201, 1, 2]);
  });

  it('retries when nothing listens, then explains the connection was refused', async () => {
    const s = await serve({ json: {} });
    const url = s.url;
    await s.close();
    server = undefined;
    const err = await failureOf(client(url, { maxAttempts: 2 }).request({ path: '/x' }));
    expect([err.kind, err.network, err.attempts]).toEqual(['temporary', 'refused', 2]);
    expect(explain(err)).toContain('Nothing is listening');
  });

  it('reports an HTML page where JSON was expected as a wrong URL', async () => {
    const s = await serve({ headers: { 'content-type': 'text/html' }, body: '<html>Sign in</html>' });
    const err = await failureOf(client(s.url).request({ path: '/x' }));
    expect(err.kind).toBe('invalid_response');
    expect(explain(err)).toContain('Check the URL');
  });

  it('never puts the token in an error, even when the vendor echoes it', async () => {
    const token = 'sk-very-secret-token-123';
    const s = await serve({ status: 401, json: { error: `invalid token ${token}` } });
    const err = await failureOf(client(s.url, { auth: () => ({ authorization: `Bearer ${token}` }) }).request({ path: '/x?api_key=abc' }));
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(JSON.stringify({ m: err.message, v: err.vendorMessage, t: err.target, e: explain(err) })).not.toContain(token);
    expect(err.target).toBe('GET /x');
    expect(explain(err)).toContain('refused the credentials');
  });

  it('shows only the origin of a secret webhook URL in errors', async () => {
    const s = await serve({ status: 404, body: 'no_service' });
    const err = await failureOf(client(`${s.url}/services/T000/B000/XXXXSECRET`, { vendor: 'slack', secretUrl: true }).request({ method: 'POST', path: '', json: { text: 'hi' } }));
    expect(err.kind).toBe('not_found');
    expect(err.vendorMessage).toBe('no_service');
    expect(`${err.message} ${err.target} ${explain(err)}`).not.toContain('XXXXSECRET');
  });

  it('sends credentials only to the configured origin unless asked', async () => {
    const other = await startLocalServer(() => ({ json: {} }));
    const s = await serve({ json: {} });
    const c = client(s.url, { auth: () => ({ authorization: 'Bearer t0ken' }) });
    await c.request({ path: `${other.url}/elsewhere` });
    await c.request({ path: `${other.url}/download`, withAuth: true });
    await other.close();
    expect(other.requests.map((r) => r.headers.authorization)).toEqual([undefined, 'Bearer t0ken']);
  });

  it('stops at once when the caller cancels, without retrying', async () => {
    const s = await serve({ delayMs: 200, json: {} });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('sync cancelled')), 20);
    const err = await client(s.url)
      .request({ path: '/x', signal: controller.signal })
      .then(
        () => new Error('finished'),
        (e: unknown) => e as Error,
      );
    expect(err.message).toBe('sync cancelled');
    // On a loaded machine the abort can beat the request to the server; either way, no retry.
    expect(s.requests.length).toBeLessThanOrEqual(1);
  });

  it('reads next links from a Link header', () => {
    const links = parseLinkHeader('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"');
    expect(links).toEqual({ next: 'https://api.github.com/x?page=2', last: 'https://api.github.com/x?page=5' });
    expect(parseLinkHeader(null)).toEqual({});
  });
});
