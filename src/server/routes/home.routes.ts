import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Until the web app lands, the home page says what is running and where to go. */
export async function homeRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    const vendor = escapeHtml(deps.config.vendorName);
    return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cadence</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}a{color:#1d4ed8}code{background:#f3f4f6;padding:0 .25rem}</style>
</head><body>
<h1>Cadence</h1>
<p>The cadence-call workspace of ${vendor} is running.</p>
<ul>
<li><a href="/docs">API documentation</a> (OpenAPI at <code>/docs/json</code>)</li>
<li>Sign in with <code>POST /api/session</code>; scripts use <code>cadence token create</code>.</li>
</ul>
</body></html>`);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
