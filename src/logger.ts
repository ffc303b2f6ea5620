import { createRequire } from 'node:module';
import type * as Pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';

// pino (and its streams) is loaded when the first logger is made, which deps.ts puts off until
// something logs: a short CLI command that logs nothing starts without it (issue #16). CommonJS,
// so require keeps createLogger synchronous.
const require = createRequire(import.meta.url);
const loadPino = () => (require('pino') as typeof Pino).pino;

/**
 * Secrets that ride in URLs: customer share links (/share/<token>, /api/share/<token>), calendar
 * feeds (/calendar/<token>.ics), `token=` query parameters and #fragments, and API tokens. A debug
 * log of a request must not hand them to whoever reads the logs.
 */
const URL_SECRETS: [RegExp, string][] = [
  [/(\/share\/)[^/?#\s"'&]+/g, '$1[redacted]'],
  [/(\/calendar\/)[^/?#\s"'&]+?(\.ics)/g, '$1[redacted]$2'],
  [/([?&#](?:token|access_token|id_token|code)=)[^&#\s"']+/gi, '$1[redacted]'],
  [/\bcad_[A-Za-z0-9_-]{16,}/g, 'cad_[redacted]'],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]'],
];

/** The text with every token-bearing URL part masked. */
export function maskSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of URL_SECRETS) out = out.replace(pattern, replacement);
  return out;
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  // Only plain data: a request, a reply or an error is left to its serializer (which masks it).
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, depth + 1)]));
}

/** Headers and fields that are secrets whole: never logged, whatever logs them. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'token',
  'sessionToken',
  'csrfToken',
  '*.password',
  '*.token',
  '*.sessionToken',
  '*.csrfToken',
];

/** The options of every logger Cadence makes: redaction first, so no line escapes it. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // Fastify's own request serializer, with the URL masked (the instance's serializers win over Fastify's).
      req: (req: { method?: string; url?: string; ip?: string; host?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: req.url === undefined ? undefined : maskSecrets(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
      err: (err: Error) => {
        const { type, message, stack, ...rest } = loadPino().stdSerializers.err(err);
        return { ...(maskDeep({ ...rest }) as object), type, message: maskSecrets(message), stack: maskSecrets(stack) };
      },
    },
    // Everything else a line carries (a url field, a message from a library) is masked too.
    formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const pino = loadPino();
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
