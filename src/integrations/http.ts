import { IntegrationError, type IntegrationErrorKind, type NetworkProblem } from './errors.ts';
import { scrub, vendorMessageFrom } from './vendor-message.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface HttpClientOptions {
  /** "zendesk", "jira" …: names the vendor in errors. */
  vendor: string;
  /** The API root, e.g. "https://acme.zendesk.com". Relative paths resolve against it. */
  baseUrl: string;
  /** Credentials as headers, sent only to the base URL's origin (or when a request asks). */
  auth?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Secrets to strip from vendor messages (tokens, passwords) besides the auth headers. */
  secrets?: readonly string[];
  headers?: Record<string, string>;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Including the first. Default 4. */
  maxAttempts?: number;
  /** Backoff before retry n (1-based) is min(maxMs, baseMs·2^(n-1)), scaled by jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A 429 asking for a longer wait than this is surfaced to the caller instead of slept. Default 120 s. */
  maxRetryAfterMs?: number;
  /** Source of jitter in [0, 1); tests pass () => 0 or () => 1 for fixed delays. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Clock for HTTP-date Retry-After. */
  now?: () => number;
  fetch?: typeof fetch;
  /** The URL itself is the secret (Slack webhooks): errors and events show the origin only. */
  secretUrl?: boolean;
  /**
   * Vendor-specific reading of a failed answer before the generic one, e.g. GitHub's
   * 403 with x-ratelimit-remaining: 0 is a rate limit, not a permission problem.
   */
  classify?: (status: number, headers: Headers, retryAfterMs: number | undefined, nowMs: number) => { kind: IntegrationErrorKind; retryAfterMs?: number } | undefined;
  /** For metrics or debug logs; carries no headers, no query string, no body. */
  onEvent?: (event: HttpEvent) => void;
}

export interface HttpEvent {
  vendor: string;
  target: string;
  attempt: number;
  status?: number;
  ms: number;
  outcome: 'ok' | 'retry' | 'fail';
  waitMs?: number;
}

export interface HttpRequest {
  method?: HttpMethod;
  /** Relative to baseUrl ("/api/v2/tickets.json") or absolute (a vendor's next-page link). */
  path: string;
  query?: Query;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Whether repeating the request is harmless. Defaults to true for GET/PUT/DELETE, false
   * otherwise. A 429 is always retried: the vendor refused it, so nothing happened.
   */
  idempotent?: boolean;
  /** Send the auth headers even though the URL is on another origin (Zoom's download_url). */
  withAuth?: boolean;
  /** Default 'json'. */
  responseType?: 'json' | 'text' | 'none';
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface HttpClient {
  readonly vendor: string;
  readonly baseUrl: string;
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
}

const DEFAULTS = { timeoutMs: 30_000, maxAttempts: 4, backoffBaseMs: 500, backoffMaxMs: 30_000, maxRetryAfterMs: 120_000 };

/**
 * The one fetch wrapper every vendor client uses: per-attempt timeout, retries with exponential
 * backoff and jitter on 5xx and network errors (idempotent requests only), 429 Retry-After
 * honoured, and every failure turned into an IntegrationError. It never logs; `onEvent` gets
 * the method and path only.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const o = { ...DEFAULTS, ...options };
  const doFetch = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);

  async function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const method = req.method ?? 'GET';
    const url = buildUrl(base, req.path, req.query);
    const target = options.secretUrl ? `${method} ${url.origin}/…` : `${method} ${url.pathname}`;
    const idempotent = req.idempotent ?? (method === 'GET' || method === 'PUT' || method === 'DELETE');
    const sendAuth = url.origin === base.origin || req.withAuth === true;
    const authHeaders = sendAuth && options.auth ? await options.auth() : {};
    const secrets = [...secretsIn(authHeaders), ...(options.secrets ?? []), ...(options.secretUrl ? [base.pathname, url.pathname] : [])];
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...authHeaders, ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    }
    const fail = (kind: IntegrationErrorKind, message: string, extra: Partial<ConstructorParameters<typeof IntegrationError>[2]> = {}) => new IntegrationError(kind, message, { vendor: o.vendor, target, ...extra });

    let attempt = 0;
    for (;;) {
      attempt += 1;
      req.signal?.throwIfAborted();
      const started = now();
      const timeout = AbortSignal.timeout(o.timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      let error: IntegrationError;
      let status: number | undefined;
      try {
        const res = await doFetch(url, { method, headers, body, signal, redirect: 'follow' });
        status = res.status;
        const text = await res.text();
        if (res.ok) {
          const data = parseBody<T>(text, res, req.responseType ?? 'json', fail);
          options.onEvent?.({ vendor: o.vendor, target, attempt, status, ms: now() - started, outcome: 'ok' });
          return { status: res.status, headers: res.headers, data };
        }
        error = errorForStatus(res.status, res.headers, vendorMessageFrom(text, secrets), fail, options.classify, now);
      } catch (err) {
        if (req.signal?.aborted) throw req.signal.reason;
        if (err instanceof IntegrationError) throw err.withAttempts(attempt);
        const network: NetworkProblem = timeout.aborted ? 'timeout' : networkProblem(err);
        const message = network === 'timeout' ? `no answer within ${o.timeoutMs} ms` : `network error (${network})`;
        error = fail('temporary', message, { network, cause: scrubbedCause(err, secrets) });
      }
      const mayRetry = error.kind === 'rate_limited' || (error.kind === 'temporary' && idempotent);
      const wait = error.retryAfterMs ?? backoff(attempt);
      if (!mayRetry || attempt >= o.maxAttempts || wait > o.maxRetryAfterMs) {
        options.onEvent?.({ vendor: o.vendor, target, attempt, status, ms: now() - started, outcome: 'fail' });
        throw error.withAttempts(attempt);
      }
      options.onEvent?.({ vendor: o.vendor, target, attempt, status, ms: now() - started, outcome: 'retry', waitMs: wait });
      await sleep(wait, req.signal);
    }
  }

  function backoff(attempt: number): number {
    const cap = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** (attempt - 1));
    // Half fixed, half random: spreads retries of many nodes without ever retrying at once.
    return Math.round(cap / 2 + (cap / 2) * random());
  }

  return { vendor: o.vendor, baseUrl: base.href, request };
}

function buildUrl(base: URL, path: string, query: Query | undefined): URL {
  const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(path.replace(/^\//, ''), base);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
    else url.searchParams.set(key, String(value));
  }
  return url;
}

function parseBody<T>(text: string, res: Response, type: 'json' | 'text' | 'none', fail: (k: IntegrationErrorKind, m: string) => IntegrationError): T {
  if (type === 'none') return undefined as T;
  if (type === 'text') return text as T;
  if (text.trim() === '') return undefined as T;
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.includes('text/html')) throw fail('invalid_response', `expected JSON, got an HTML page (HTTP ${res.status})`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw fail('invalid_response', `the answer is not valid JSON (HTTP ${res.status}, ${text.length} bytes)`);
  }
}

function errorForStatus(
  status: number,
  headers: Headers,
  vendorMessage: string | undefined,
  fail: (k: IntegrationErrorKind, m: string, extra?: { status?: number; retryAfterMs?: number; vendorMessage?: string }) => IntegrationError,
  classify: HttpClientOptions['classify'],
  now: () => number,
): IntegrationError {
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now());
  const special = classify?.(status, headers, retryAfterMs, now());
  const extra = { status, vendorMessage };
  if (special) return fail(special.kind, `HTTP ${status}`, { ...extra, retryAfterMs: special.retryAfterMs ?? retryAfterMs });
  if (status === 429) return fail('rate_limited', `rate limited (HTTP 429)`, { ...extra, retryAfterMs });
  if (status === 401 || status === 403) return fail('auth', `HTTP ${status}${vendorMessage ? `: ${vendorMessage}` : ''}`, extra);
  if (status === 404 || status === 410) return fail('not_found', `HTTP ${status}${vendorMessage ? `: ${vendorMessage}` : ''}`, extra);
  if (status >= 500 || status === 408) return fail('temporary', `HTTP ${status}`, { ...extra, retryAfterMs });
  return fail('config', `HTTP ${status}${vendorMessage ? `: ${vendorMessage}` : ''}`, extra);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function networkProblem(err: unknown): NetworkProblem {
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code.startsWith('CERT_') || code.includes('TLS') || code.includes('SSL') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') return 'tls';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'reset';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  return 'other';
}

function secretsIn(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const value of Object.values(headers)) {
    out.push(value);
    const token = value.replace(/^(Bearer|Basic|token)\s+/i, '');
    out.push(token);
    if (/^Basic\s+/i.test(value)) {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      out.push(decoded, ...decoded.split(':').slice(1));
    }
  }
  return out.filter((s) => s.length >= 4);
}

function scrubbedCause(err: unknown, secrets: readonly string[]): Error {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return new Error(scrub(code ? `${message} (${code})` : message, secrets));
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Parses an RFC 8288 Link header into rel → URL ("next", "last" …). */
export function parseLinkHeader(value: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const part of value.split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (!m?.[1] || !m[2]) continue;
    const rel = /rel="?([^";]+)"?/.exec(m[2])?.[1];
    if (rel) for (const r of rel.split(/\s+/)) out[r] = m[1];
  }
  return out;
}
