/**
 * OAuth 2.0 for connectors that act for a user or a workspace (Google Calendar, Microsoft Graph,
 * Zendesk, Salesforce): the authorisation code flow with PKCE (RFC 7636, S256) and `state`, the
 * code exchange, and the refresh_token grant (RFC 6749 6). One refresh helper keeps a connection's
 * tokens: it refreshes before expiry or after a 401, one refresh at a time per connection (the
 * others wait for it and reuse its token), and stores the new tokens through a compare-and-set so
 * two nodes refreshing at once do not overwrite each other. A revoked or expired grant
 * (`invalid_grant`) is an IntegrationError `auth` with status 401: the caller marks the
 * connection needs_reauth and does not try again.
 *
 * Token endpoint answers: https://datatracker.ietf.org/doc/html/rfc6749#section-5.1 (success) and
 * #section-5.2 (error: `error`, `error_description`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { IntegrationError, isIntegrationError } from '../errors.ts';
import { createHttpClient, parseRetryAfter, type HttpClient, type HttpClientOptions } from '../http.ts';
import { scrub } from '../vendor-message.ts';

/** The tokens of one grant. `expiresAt` is an ISO instant (null: the vendor did not say). */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: string | null;
  /** Salesforce: the instance the token belongs to (it may move). */
  instanceUrl?: string | null;
}

export interface OAuthClient {
  /** "google", "microsoft", "zendesk", "salesforce": names the vendor in errors. */
  vendor: string;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string | null;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

/** A PKCE verifier and its S256 challenge (RFC 7636 4.1, 4.2). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A random `state` (32 bytes, URL-safe). */
export function newState(): string {
  return randomBytes(32).toString('base64url');
}

/** The authorisation URL the user's browser is sent to. */
export function authorizationUrl(input: { authorizeUrl: string; clientId: string; redirectUri: string; scope: string; state: string; challenge: string; extra?: Record<string, string> }): string {
  const url = new URL(input.authorizeUrl);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    scope: input.scope,
    state: input.state,
    code_challenge: input.challenge,
    code_challenge_method: 'S256',
    ...input.extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number | string;
  instance_url?: string;
  error?: string;
  error_description?: string;
}

function tokenSetOf(client: OAuthClient, data: TokenAnswer | undefined, previousRefresh: string | null, now: number): TokenSet {
  if (!data || typeof data.access_token !== 'string' || data.access_token === '') {
    throw new IntegrationError('invalid_response', 'the token endpoint answered without an access_token', { vendor: client.vendor, target: 'POST token' });
  }
  const expiresIn = Number(data.expires_in);
  return {
    accessToken: data.access_token,
    // Google keeps the refresh token and does not repeat it; Microsoft and Zendesk rotate it.
    refreshToken: typeof data.refresh_token === 'string' && data.refresh_token ? data.refresh_token : previousRefresh,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now + expiresIn * 1000).toISOString() : null,
    instanceUrl: typeof data.instance_url === 'string' ? data.instance_url : undefined,
  };
}

async function tokenRequest(client: OAuthClient, form: Record<string, string>, previousRefresh: string | null, signal?: AbortSignal): Promise<TokenSet> {
  const body = new URLSearchParams({ ...form, client_id: client.clientId, ...(client.clientSecret ? { client_secret: client.clientSecret } : {}) });
  const secrets = [form.code, form.refresh_token, form.code_verifier, client.clientSecret].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const doFetch = client.http?.fetch ?? fetch;
  const now = client.http?.now ?? Date.now;
  const target = 'POST token';
  const timeout = AbortSignal.timeout(client.http?.timeoutMs ?? 30_000);
  let res: Response;
  let text: string;
  try {
    res = await doFetch(client.tokenUrl, {
      method: 'POST',
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await res.text();
  } catch {
    if (signal?.aborted) throw signal.reason;
    throw new IntegrationError('temporary', timeout.aborted ? 'the token endpoint did not answer in time' : 'network error reaching the token endpoint', { vendor: client.vendor, target, network: timeout.aborted ? 'timeout' : 'other' });
  }
  let data: TokenAnswer | undefined;
  try {
    data = text.trim() ? (JSON.parse(text) as TokenAnswer) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok) return tokenSetOf(client, data, previousRefresh, now());
  const words = scrub([data?.error, data?.error_description].filter(Boolean).join(': ') || `HTTP ${res.status}`, secrets).slice(0, 300);
  if (data?.error === 'invalid_grant') {
    throw new IntegrationError('auth', 'invalid_grant', { vendor: client.vendor, status: 401, target, vendorMessage: `the saved sign-in was revoked or has expired (${words})` });
  }
  if (res.status === 429 || res.status >= 500) {
    throw new IntegrationError(res.status === 429 ? 'rate_limited' : 'temporary', `HTTP ${res.status}`, {
      vendor: client.vendor,
      status: res.status,
      target,
      vendorMessage: words,
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
    });
  }
  // invalid_client, unauthorized_client, redirect_uri_mismatch…: a setting is wrong, not the user's grant.
  throw new IntegrationError('config', `HTTP ${res.status}`, { vendor: client.vendor, status: res.status, target, vendorMessage: words });
}

/** Exchanges an authorisation code (with its PKCE verifier) for tokens. */
export function exchangeCode(client: OAuthClient, input: { code: string; redirectUri: string; verifier: string }, signal?: AbortSignal): Promise<TokenSet> {
  return tokenRequest(client, { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, code_verifier: input.verifier }, null, signal);
}

/** The refresh_token grant; a vendor that rotates refresh tokens answers a new one, the others keep the old. */
export function refreshTokens(client: OAuthClient, refreshToken: string, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<TokenSet> {
  return tokenRequest(client, { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }, refreshToken, signal);
}

/** True for the error that means the user must sign in again (a revoked or expired grant, or a 401 after a fresh token). */
export function isInvalidGrant(err: unknown): boolean {
  return isIntegrationError(err) && err.kind === 'auth' && err.message === 'invalid_grant';
}

/**
 * Where a connection's tokens live. `save` is a compare-and-set: it stores `next` only if the
 * stored tokens are still `previous` (by access token) and answers whether it did; when another
 * refresh won, the caller loads theirs.
 */
export interface TokenStore {
  load(): Promise<TokenSet>;
  save(previous: TokenSet, next: TokenSet): Promise<boolean>;
}

export interface TokenKeeper {
  /** A token to call with: the stored one, or a fresh one when it expires within a minute. */
  accessToken(signal?: AbortSignal): Promise<TokenSet>;
  /** After the vendor refused `rejected` (401): a newer stored token, or a refresh. */
  refreshAfter(rejected: string, signal?: AbortSignal): Promise<TokenSet>;
}

const EXPIRY_SKEW_MS = 60_000;
/** One refresh in flight per connection on this node; keyed by the keeper's `key`. */
const inFlight = new Map<string, Promise<TokenSet>>();

/**
 * Keeps one connection's tokens fresh. `key` names the connection ("calendar:<id>"); keepers of
 * the same key on this node share one refresh, and the store's compare-and-set settles a race
 * between nodes: the loser reuses the winner's token instead of refreshing again (a rotating
 * refresh token would be spent twice).
 */
export function createTokenKeeper(input: {
  key: string;
  store: TokenStore;
  refresh: (refreshToken: string, signal?: AbortSignal) => Promise<TokenSet>;
  now?: () => number;
  /** How long a refresh refused with invalid_grant waits for another node's refresh to be stored before giving up. Default 750 ms. */
  settleMs?: number;
}): TokenKeeper {
  const now = input.now ?? Date.now;
  const expiring = (t: TokenSet) => t.expiresAt !== null && Date.parse(t.expiresAt) - EXPIRY_SKEW_MS <= now();

  async function refreshFrom(current: TokenSet, signal?: AbortSignal): Promise<TokenSet> {
    const running = inFlight.get(input.key);
    if (running) return running;
    const job = (async () => {
      if (!current.refreshToken) {
        throw new IntegrationError('auth', 'invalid_grant', { vendor: input.key.split(':')[0] ?? 'oauth', status: 401, vendorMessage: 'the access token expired and there is no refresh token to renew it' });
      }
      let next: TokenSet;
      try {
        next = await input.refresh(current.refreshToken, signal);
      } catch (err) {
        // Another node may have refreshed (and rotated the refresh token) meanwhile: theirs is good.
        if (isInvalidGrant(err)) {
          // A rotating refresh token spent by the other node a moment ago: its tokens land in the store shortly.
          for (let look = 0; look < 2; look += 1) {
            const stored = await input.store.load();
            if (stored.accessToken !== current.accessToken && !expiring(stored)) return stored;
            if (look === 0) await new Promise((r) => setTimeout(r, input.settleMs ?? 750));
          }
        }
        throw err;
      }
      if (await input.store.save(current, next)) return next;
      return input.store.load();
    })();
    inFlight.set(input.key, job);
    try {
      return await job;
    } finally {
      inFlight.delete(input.key);
    }
  }

  return {
    async accessToken(signal) {
      const running = inFlight.get(input.key);
      if (running) return running;
      const stored = await input.store.load();
      return expiring(stored) ? refreshFrom(stored, signal) : stored;
    },
    async refreshAfter(rejected, signal) {
      const running = inFlight.get(input.key);
      if (running) return running;
      const stored = await input.store.load();
      if (stored.accessToken !== rejected && !expiring(stored)) return stored;
      return refreshFrom(stored, signal);
    },
  };
}

/**
 * Runs `call` with the keeper's token; a 401 refreshes once and runs it again. A second 401 with
 * a fresh token means the grant no longer works: it surfaces as `auth` 401 for needs_reauth.
 */
export async function withFreshToken<T>(keeper: TokenKeeper, call: (token: TokenSet) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const token = await keeper.accessToken(signal);
  try {
    return await call(token);
  } catch (err) {
    if (!isIntegrationError(err) || err.kind !== 'auth' || err.status !== 401) throw err;
    const fresh = await keeper.refreshAfter(token.accessToken, signal);
    return call(fresh);
  }
}

/**
 * An HttpClient that sends the keeper's Bearer token and, on a 401, refreshes it once and tries
 * again (Zendesk OAuth with expiring tokens, Salesforce sessions): the vendor clients stay as they are.
 */
export function refreshingHttpClient(options: Omit<HttpClientOptions, 'auth'>, tokens: TokenKeeper): HttpClient {
  const base = createHttpClient(options);
  return {
    vendor: base.vendor,
    baseUrl: base.baseUrl,
    request: (req) => withFreshToken(tokens, (token) => createHttpClient({ ...options, auth: () => ({ authorization: `Bearer ${token.accessToken}` }), secrets: [...(options.secrets ?? []), token.accessToken] }).request(req), req.signal),
  };
}
