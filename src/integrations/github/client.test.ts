import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { idempotencyMarker } from '../idempotency.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import type { TrackerPage } from '../ports.ts';
import { classifyGitHub, createGitHubClient, type GitHubConfig } from './client.ts';

// Each answer follows a page of https://docs.github.com/en/rest (named in the fixture's "_doc").
const body = (name: string) => readFixture<{ body: unknown }>(import.meta.url, name).body;
const fixture = (name: string) => readFixture(import.meta.url, name);
const TOKEN = 'ghp_s3cretTokenValue';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function github(handler: Handler, extra: Partial<GitHubConfig> = {}) {
  server = await startLocalServer(handler);
  return { server, client: createGitHubClient({ baseUrl: server.url, token: TOKEN, owner: 'acme', repo: 'product', labels: ['customer'], http: FAST_RETRIES, ...extra }) };
}

async function collect(pages: AsyncIterable<TrackerPage>): Promise<TrackerPage[]> {
  const out: TrackerPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const issuesPath = '/repos/acme/product/issues';
const twoPages: Handler = (req, s) =>
  req.query.get('page') === '2'
    ? { json: body('issues-page-2.json') }
    : { headers: { link: `<${s.url}${issuesPath}?page=2&per_page=100&state=all>; rel="next", <${s.url}${issuesPath}?page=2>; rel="last"` }, json: body('issues-page-1.json') };

describe('GitHub issue sync', () => {
  it('follows rel="next" to the end, skips pull requests and moves the cursor past them', async () => {
    const { server, client } = await github(twoPages);
    const pages = await collect(client.listChanged(null));
    expect(pages.map((p) => p.items.map((i) => i.externalId))).toEqual([['1001'], ['1003']]);
    expect(pages.map((p) => p.nextCursor)).toEqual(['2025-02-03T10:00:00.000Z', '2025-02-04T10:00:00.000Z']);
    const first = server.requests[0];
    expect(Object.fromEntries(first?.query ?? [])).toEqual({ state: 'all', sort: 'updated', direction: 'asc', per_page: '100', labels: 'customer' });
    expect([first?.headers.authorization, first?.headers['x-github-api-version'], first?.headers.accept]).toEqual([`Bearer ${TOKEN}`, '2022-11-28', 'application/vnd.github+json']);
  });

  it('an incremental sync asks for issues updated since the cursor', async () => {
    const { server, client } = await github(() => ({ json: [] }));
    await collect(client.listChanged('2025-02-04T10:00:00.000Z'));
    expect(server.requests[0]?.query.get('since')).toBe('2025-02-04T10:00:00.000Z');
  });

  it('an exhausted primary rate limit (403, remaining 0) is waited out until the reset', async () => {
    const reset = Math.floor(Date.now() / 1000);
    let first = true;
    const { server, client } = await github((req, s) => {
      if (first) {
        first = false;
        return { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, json: fixture('error-403-rate-limit.json') };
      }
      return twoPages(req, s);
    });
    expect((await collect(client.listChanged(null))).flatMap((p) => p.items)).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  it('reads the reset time of the primary rate limit and the Retry-After of the secondary one', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(classifyGitHub(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1000' }), undefined, 940_000)).toEqual({ kind: 'rate_limited', retryAfterMs: 60_000 });
    expect(classifyGitHub(403, h({}), 30_000, 0)).toEqual({ kind: 'rate_limited', retryAfterMs: 30_000 });
    expect(classifyGitHub(403, h({ 'x-ratelimit-remaining': '12' }), undefined, 0)).toBeUndefined();
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path: issuesPath,
      ok: { json: body('issues-page-2.json') },
      unauthorized: { status: 401, json: fixture('error-401.json') },
      call: (url, o) => collect(createGitHubClient({ baseUrl: url, token: TOKEN, owner: 'acme', repo: 'product', http: { ...FAST_RETRIES, ...o } }).listChanged(null)),
    });
  });
});

describe('GitHub issues opened from a call', () => {
  const input = { idempotencyKey: 'meeting-42-item-3', kind: 'ticket' as const, title: 'Bulk user import', description: 'Globex wants CSV import.', linkBack: 'https://cadence.example/meetings/42', accountKey: { labels: ['globex'] } };

  it('creates the issue with the sync label, the account label, a link back and a hidden key', async () => {
    const { server, client } = await github((req) => (req.method === 'POST' ? { status: 201, json: fixture('issue-created.json') } : { json: [] }));
    expect(await client.createItem(input)).toEqual({ externalId: '1010', url: 'https://github.com/acme/product/issues/12', created: true });
    const sent = JSON.parse(server.requests.find((r) => r.method === 'POST')?.body ?? '{}') as { labels: string[]; body: string };
    expect(sent.labels).toEqual(['customer', 'globex']);
    expect(sent.body).toContain(idempotencyMarker('meeting-42-item-3'));
  });

  it('a retry finds the recent issue carrying the key and creates nothing', async () => {
    const existing = { ...fixture('issue-created.json'), body: `x ${idempotencyMarker('meeting-42-item-3')}` };
    const { server, client } = await github((req) => (req.method === 'POST' ? { status: 201, json: fixture('issue-created.json') } : { json: [existing] }));
    expect((await client.createItem(input)).created).toBe(false);
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('a create lost to a server error is found on the next look instead of created twice', async () => {
    let posted = false;
    const { server, client } = await github((req) => {
      if (req.method === 'POST') {
        posted = true;
        return { status: 502, body: 'Bad Gateway' };
      }
      return { json: posted ? [{ ...fixture('issue-created.json'), body: idempotencyMarker('meeting-42-item-3') }] : [] };
    });
    expect(await client.createItem(input)).toEqual({ externalId: '1010', url: 'https://github.com/acme/product/issues/12', created: true });
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  });
});

describe('GitHub connection test', () => {
  it('names the repository it can see', async () => {
    const { client } = await github(() => ({ json: fixture('repo.json') }));
    expect((await client.testConnection()).detail).toBe('GitHub repository acme/product is visible');
  });

  it('a repository the token cannot see is explained as not found, private ones included', async () => {
    const { client } = await github(() => ({ status: 404, json: fixture('error-404.json') }));
    expect(explain(await failureOf(client.testConnection()))).toContain('Private items also look missing');
  });

  it('repository with issues turned off is a setting problem', async () => {
    const { client } = await github(() => ({ json: { ...fixture('repo.json'), has_issues: false } }));
    expect(explain(await failureOf(client.testConnection()))).toContain('issues are turned off for acme/product');
  });
});
