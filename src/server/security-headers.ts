import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
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

/** Security headers on every answer: CSP, nosniff, no Referer (share-link tokens live in URLs), HSTS on HTTPS. */
export async function registerSecurityHeaders(app: FastifyInstance, deps: Deps): Promise<void> {
  const https = deps.config.baseUrl.startsWith('https://');
  const pattern = deps.config.logoUrl;
  const logoOrigin = pattern && /^https?:\/\//.test(pattern) ? new URL(pattern.replace(/\{(domain|name)\}/g, 'x')).origin : null;
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: appDirectives(https, logoOrigin) },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 180 * 86_400, includeSubDomains: false } : false,
    // The old X-Frame-Options header says what frame-ancestors says, for browsers that predate it.
    frameguard: { action: 'deny' },
  });
}
