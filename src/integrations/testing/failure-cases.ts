import { expect, it } from 'vitest';
import { IntegrationError } from '../errors.ts';
import { startLocalServer, type LocalServer, type Reply } from './local-server.ts';

/**
 * The failures every connector must survive, run against one of its calls: a vendor that
 * refuses the token, cannot find the thing, rate-limits, stumbles, talks nonsense or hangs.
 * Test support only.
 */
export interface FailureCaseSetup {
  /** The path the call requests first, e.g. "/api/v2/users/me.json". */
  path: string;
  /** What the vendor answers when all is well (per its documented shape). */
  ok: Reply;
  /** Calls the connector built against `url` with tiny backoff and the given timeout. */
  call: (url: string, options: { timeoutMs: number; maxAttempts: number }) => Promise<unknown>;
  /** The vendor's documented error body for 401 (the connector must not echo secrets from it). */
  unauthorized?: Reply;
}

export function itSurvivesVendorFailures(setup: FailureCaseSetup): void {
  const run = async (replies: Reply[], timeoutMs = 1_000, maxAttempts = 3): Promise<{ server: LocalServer; outcome: unknown }> => {
    let i = 0;
    const server = await startLocalServer((req) => (req.path === setup.path ? (replies[Math.min(i++, replies.length - 1)] ?? setup.ok) : setup.ok));
    try {
      const outcome = await setup.call(server.url, { timeoutMs, maxAttempts }).catch((err: unknown) => err);
      return { server, outcome };
    } finally {
      await server.close();
    }
  };
  const failure = (outcome: unknown): IntegrationError => {
    expect(outcome).toBeInstanceOf(IntegrationError);
    return outcome as IntegrationError;
  };

  it('a refused token is reported as an auth problem without retrying', async () => {
    const { server, outcome } = await run([setup.unauthorized ?? { status: 401, json: { message: 'Unauthorized' } }]);
    expect(failure(outcome).kind).toBe('auth');
    expect(server.count(setup.path)).toBe(1);
  });

  it('a token without permission is reported as an auth problem (403) without retrying', async () => {
    const { server, outcome } = await run([{ status: 403, json: { message: 'Forbidden' } }]);
    const err = failure(outcome);
    expect([err.kind, err.status]).toEqual(['auth', 403]);
    expect(server.count(setup.path)).toBe(1);
  });

  it('a wrong id or URL is reported as not found without retrying', async () => {
    const { server, outcome } = await run([{ status: 404, json: { message: 'Not Found' } }]);
    expect(failure(outcome).kind).toBe('not_found');
    expect(server.count(setup.path)).toBe(1);
  });

  it('a rate limit is waited out as the vendor asks and the call then succeeds', async () => {
    const { server, outcome } = await run([{ status: 429, headers: { 'retry-after': '0' }, json: { message: 'Too Many Requests' } }, setup.ok]);
    expect(outcome).not.toBeInstanceOf(Error);
    expect(server.count(setup.path)).toBe(2);
  });

  it('a vendor that keeps rate limiting is reported as rate limited with its wait', async () => {
    const { server, outcome } = await run([{ status: 429, headers: { 'retry-after': '0' } }], 1_000, 2);
    const err = failure(outcome);
    expect([err.kind, err.retryAfterMs]).toEqual(['rate_limited', 0]);
    expect(server.count(setup.path)).toBe(2);
  });

  it('a passing server error is retried and the call then succeeds', async () => {
    const { server, outcome } = await run([{ status: 503, body: 'upstream unavailable' }, { status: 500, json: {} }, setup.ok]);
    expect(outcome).not.toBeInstanceOf(Error);
    expect(server.count(setup.path)).toBe(3);
  });

  it('malformed JSON is reported as an unreadable answer, not retried', async () => {
    const { server, outcome } = await run([{ status: 200, headers: { 'content-type': 'application/json' }, body: '{"truncated": ' }]);
    expect(failure(outcome).kind).toBe('invalid_response');
    expect(server.count(setup.path)).toBe(1);
  });

  it('a vendor that never answers times out after the configured attempts', async () => {
    const { server, outcome } = await run([{ ...setup.ok, delayMs: 400 }], 50, 2);
    const err = failure(outcome);
    expect([err.kind, err.network, err.attempts]).toEqual(['temporary', 'timeout', 2]);
    expect(server.count(setup.path)).toBe(2);
  });
}
