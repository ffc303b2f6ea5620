import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Deps } from '../deps.ts';

/**
 * The Content-Security-Policy of the web app and the customer share page: scripts, styles and data
 * from this origin only (the Vite build has no inline script or style; React sets styles through
 * the DOM, which CSP allows), never framed (clickjacking), no plugins, no <base> tricks.
 */
function appDirectives(https: boolean, logoOrigin: string | null): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    // Company logos from the configured pattern's origin, and no other.
    'img-src': ["'self'", 'data:', ...(logoOrigin ? [logoOrigin] : [])],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Only where the site is HTTPS: on a plain-HTTP install it would send the browser to a port nobody listens on.
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Swagger UI at /docs sets inline styles as it renders, so its pages allow those and nothing else more. */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** One step of what helmet does to an answer's headers, in its order. */
type HeaderStep = { set: string; value: string | number | readonly string[] } | { remove: string };

/**
 * What helmet's middleware does to every answer, recorded once: with no per-request directive
 * (no nonce, no function) it sets the same headers each time, but @fastify/helmet built the
 * middleware afresh for every request (helmet(config) parses the CSP again), 1.3% of the CPU
 * under the mixed load (issue #16). Replaying the steps gives the same headers byte for byte.
 */
function recordHelmet(options: HelmetOptions): HeaderStep[] {
  const steps: HeaderStep[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      steps.push({ set: name, value });
      return recorder;
    },
    removeHeader(name: string) {
      steps.push({ remove: name });
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return steps;
}

/** Security headers on every answer: CSP, nosniff, no Referer (share-link tokens live in URLs), HSTS on HTTPS. */
export async function registerSecurityHeaders(app: FastifyInstance, deps: Deps): Promise<void> {
  const https = deps.config.baseUrl.startsWith('https://');
  const pattern = deps.config.logoUrl;
  const logoOrigin = pattern && /^https?:\/\//.test(pattern) ? new URL(pattern.replace(/\{(domain|name)\}/g, 'x')).origin : null;
  const steps = recordHelmet({
    contentSecurityPolicy: { useDefaults: false, directives: appDirectives(https, logoOrigin) },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 180 * 86_400, includeSubDomains: false } : false,
    // The old X-Frame-Options header says what frame-ancestors says, for browsers that predate it.
    frameguard: { action: 'deny' },
  });
  // On the raw answer, as helmet did: Swagger UI's static files read the CSP back and replace it with DOCS_CSP.
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const step of steps) {
      if ('set' in step) raw.setHeader(step.set, step.value);
      else raw.removeHeader(step.remove);
    }
    done();
  });
}
