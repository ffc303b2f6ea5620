import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * Serves the built web app, with every page path answering index.html so deep links work. Without
 * a build, the home page says how to make one.
 */
export async function homeRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const built = existsSync(path.join(WEB_DIST, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/docs/')) {
      return reply.status(404).send({ error: { code: 'not_found', message: `no route GET ${url}` } });
    }
    if (built) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.type('text/html; charset=utf-8').send(placeholder(deps.config.vendorName));
  });
}

function placeholder(vendorName: string): string {
  const vendor = vendorName.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cadence</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}a{color:#1d4ed8}code{background:#f3f4f6;padding:0 .25rem}</style>
</head><body>
<h1>Cadence</h1>
<p>The cadence-call workspace of ${vendor} is running, but the web app has not been built: run <code>npm run build:web</code> (<code>npm start</code> does it for you).</p>
<ul><li><a href="/docs">API documentation</a> (OpenAPI at <code>/docs/json</code>)</li></ul>
</body></html>`;
}
