import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Every capability reachable (issue #21 item 1): each route of the API is either called by a screen
 * of the web app (found in web/src: `api('POST', `/api/…`)`, a link or a download), or listed here
 * with why it has no face. A new route that no screen calls and that is not listed fails this test,
 * which names the route.
 */

/** Routes that are not meant for the web app, each with why. */
const NO_FACE: Record<string, string> = {
  'GET /healthz': 'for load balancers and monitors',
  'GET /readyz': 'for load balancers and monitors',
  'GET /docs/*': 'the OpenAPI UI itself',
  'GET /docs': 'the OpenAPI UI itself',
  'GET /docs/json': 'the OpenAPI document',
  'GET /docs/yaml': 'the OpenAPI document',
  'GET /docs/static/*': 'the OpenAPI UI itself',
  'GET /docs/static/index.html': 'the OpenAPI UI itself',
  'GET /docs/static/swagger-initializer.js': 'the OpenAPI UI itself',
  'GET /': 'the web app itself',
  'GET /*': 'the web app itself (client-side routes)',
  'GET /calendar/:token.ics': 'the calendar feed a calendar app subscribes to (its URL is shown on the Calendar feed page)',
  'GET /calendar/:token': 'the calendar feed a calendar app subscribes to (its URL is shown on the Calendar feed page)',
  'POST /api/tokens': 'API tokens for scripts: `cadence token create`',
  'GET /api/tokens': 'API tokens for scripts: `cadence token list`',
  'DELETE /api/tokens/:id': 'API tokens for scripts: `cadence token revoke`',
  'PUT /api/meetings/:id/notes': 'the versioned save, for scripts: the web app types into the live notes document (GET /api/live/notes/:meetingId as a WebSocket), which this save also merges into',
};
const NO_FACE_PREFIXES: [string, string][] = [
  ['/scim/', 'SCIM: the identity provider provisions people'],
  ['/auth/', 'SSO sign-in redirects and callbacks: the browser follows them, no screen calls them'],
  ['/api/calendar/oauth/', 'OAuth start and callback: the browser is redirected through them'],
];

/** Routes whose screen another helper is building this round. */
const PENDING: Record<string, string> = {
  'GET /api/calendar/connections/:id': 'pending: H4: Settings → Calendar & mail, the account’s mail',
  'GET /api/accounts/:id/captured-mails': 'pending: H4: Settings → Calendar & mail, the account’s mail',
  'POST /api/attachments': 'called through XMLHttpRequest for upload progress (web/src/features/attachments/upload.ts, a path this scan does not read)',
  'POST /api/share/:token/attachments': 'called through XMLHttpRequest for upload progress (web/src/features/attachments/upload.ts, a path this scan does not read)',
  'GET /api/share/:token/attachments/:id': "a download link built from the share page's base path (web/src/features/attachments/SharedFiles.tsx), which this scan does not read",
};

/**
 * Routes that should have a face and have none yet (known gaps, to shrink): the screen that should
 * get each. Kept apart from NO_FACE so what is missing stays in sight.
 */
const NO_FACE_YET: Record<string, string> = {
  'GET /api/cadence/due': 'My day shows the same items; the CLI has `cadence due`',
  'POST /api/playbook/run': 'the daily job runs it; the CLI has `cadence playbook run`',
  'POST /api/findings': 'findings come from the product or `cadence findings import`',
};

const WEB = path.resolve('web/src');
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

interface Call {
  method: string | null;
  segments: string[];
  file: string;
}

/** Each `/api/…` path the web app writes, with its method when the call names one; `${…}` parts are wildcards. */
function webCalls(): Call[] {
  const calls: Call[] = [];
  for (const file of sourceFiles(WEB)) {
    const text = readFileSync(file, 'utf8');
    // `api('POST', `/api/…`)`, or a small helper named after its method (`post(`/api/…`)`).
    const literal = /(?:'(GET|POST|PUT|PATCH|DELETE)'\s*,\s*|\b(post|put|patch|del)[A-Za-z]*\(\s*)?[`'"](\/(?:api|share|calendar)\/[^`'"\s]*)[`'"]/g;
    for (const m of text.matchAll(literal)) {
      const raw = m[3]!.replace(/\$\{[^}]*\}/g, '*').split('?')[0]!;
      const helper = m[2] === 'del' ? 'DELETE' : m[2]?.toUpperCase();
      calls.push({ method: m[1] ?? helper ?? null, segments: raw.split('/').filter(Boolean), file: path.relative(WEB, file) });
    }
  }
  return calls;
}

function covers(call: Call, method: string, url: string): boolean {
  if (call.method && call.method !== method) return false;
  // A path with no method named is a read (a query, a link, a download) or a helper's; writes need their method named.
  if (!call.method && method !== 'GET') return false;
  const route = url.split('/').filter(Boolean);
  if (route.length !== call.segments.length) return false;
  return route.every((seg, i) => {
    const mine = call.segments[i]!;
    return seg.startsWith(':') || mine === '*' || mine.includes('*') || seg === mine;
  });
}

describe('every capability is reachable from the web app', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  }, 60_000);
  afterAll(async () => server.close());

  it('each API route is called by a screen, or listed with why it has no face', () => {
    const calls = webCalls();
    const faceless: string[] = [];
    const screens: Record<string, string> = {};
    for (const route of server.routes) {
      const key = `${route.method} ${route.url}`;
      if (!route.url.startsWith('/api/') && !route.url.startsWith('/share/')) continue;
      if (NO_FACE[key] || NO_FACE_PREFIXES.some(([prefix]) => route.url.startsWith(prefix)) || PENDING[key] || NO_FACE_YET[key]) continue;
      const by = calls.find((c) => covers(c, route.method, route.url));
      if (by) screens[key] = by.file;
      else faceless.push(key);
    }
    expect(faceless, `routes no screen calls (add a face, or list them in NO_FACE with why):\n${faceless.join('\n')}`).toEqual([]);
    expect(Object.keys(screens).length).toBeGreaterThan(50);
  });

  it('a route listed as pending or without a face yet, that a screen now calls, leaves the list', () => {
    const calls = webCalls();
    const table = server.routes.map((r) => `${r.method} ${r.url}`);
    const faced = Object.keys({ ...PENDING, ...NO_FACE_YET }).filter((key) => {
      const [method, url] = key.split(' ') as [string, string];
      return table.includes(key) && calls.some((c) => covers(c, method, url));
    });
    expect(faced, 'these have a screen now: remove them from PENDING / NO_FACE_YET').toEqual([]);
  });

  it('every listed exception is still a route', () => {
    const table = new Set(server.routes.map((r) => `${r.method} ${r.url}`));
    const stale = Object.keys({ ...NO_FACE, ...PENDING, ...NO_FACE_YET }).filter((key) => key.includes('/api/') && !table.has(key));
    expect(stale).toEqual([]);
  });
});
