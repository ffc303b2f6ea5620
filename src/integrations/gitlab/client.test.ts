import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { idempotencyMarker } from '../idempotency.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import type { TrackerPage } from '../ports.ts';
import { createGitLabClient, type GitLabConfig } from './client.ts';

// Each answer follows a page of https://docs.gitlab.com/api/ (named in the fixture's "_doc").
const body = (name: string) => readFixture<{ body: unknown }>(import.meta.url, name).body;
const fixture = (name: string) => readFixture(import.meta.url, name);
const TOKEN = 'glpat-s3cret-token';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function gitlab(handler: Handler, extra: Partial<GitLabConfig> = {}) {
  server = await startLocalServer(handler);
  return { server, client: createGitLabClient({ baseUrl: server.url, token: TOKEN, groupId: 'acme/support', projectId: 'acme/support/tracker', labels: ['customer'], http: FAST_RETRIES, ...extra }) };
}

async function collect(pages: AsyncIterable<TrackerPage>): Promise<TrackerPage[]> {
  const out: TrackerPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const issuesPath = '/api/v4/groups/acme%2Fsupport/issues';

describe('GitLab group issue sync', () => {
  it('follows X-Next-Page to the last page, oldest change first, filtered by label', async () => {
    const { server, client } = await gitlab((req) =>
      req.query.get('page') === '2' ? { headers: { 'x-next-page': '', 'x-page': '2' }, json: body('group-issues-page-2.json') } : { headers: { 'x-next-page': '2', 'x-page': '1' }, json: body('group-issues-page-1.json') },
    );
    const pages = await collect(client.listChanged(null));
    expect(pages.map((p) => p.items.map((i) => i.externalId))).toEqual([['84'], ['91']]);
    expect(pages.map((p) => p.nextCursor)).toEqual(['2025-02-03T10:00:00.000Z', '2025-02-04T09:30:00.000Z']);
    const first = server.requests[0];
    expect(first?.path).toBe(issuesPath);
    expect(Object.fromEntries(first?.query ?? [])).toEqual({ scope: 'all', state: 'all', order_by: 'updated_at', sort: 'asc', per_page: '100', labels: 'customer' });
    expect(first?.headers['private-token']).toBe(TOKEN);
  });

  it('follows a keyset Link header when GitLab sends one', async () => {
    const { server, client } = await gitlab((req, s) =>
      req.query.get('cursor') === 'eyJpZCI6IjkxIn0'
        ? { json: body('group-issues-page-2.json') }
        : { headers: { link: `<${s.url}${issuesPath}?cursor=eyJpZCI6IjkxIn0&pagination=keyset&per_page=100>; rel="next"` }, json: body('group-issues-page-1.json') },
    );
    const pages = await collect(client.listChanged(null));
    expect(pages.flatMap((p) => p.items.map((i) => i.externalId))).toEqual(['84', '91']);
    expect(server.requests).toHaveLength(2);
  });

  it('an incremental sync asks only for issues updated after the cursor', async () => {
    const { server, client } = await gitlab(() => ({ json: [] }));
    const pages = await collect(client.listChanged('2025-02-04T09:30:00.000Z'));
    expect(pages).toEqual([{ items: [], nextCursor: '2025-02-04T09:30:00.000Z' }]);
    expect(server.requests[0]?.query.get('updated_after')).toBe('2025-02-04T09:30:00.000Z');
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path: issuesPath,
      ok: { json: body('group-issues-page-2.json') },
      unauthorized: { status: 401, json: fixture('error-401.json') },
      call: (url, o) => collect(createGitLabClient({ baseUrl: url, token: TOKEN, groupId: 'acme/support', projectId: '4', http: { ...FAST_RETRIES, ...o } }).listChanged(null)),
    });
  });
});

describe('GitLab issues opened from a call', () => {
  const input = {
    idempotencyKey: 'meeting-42-item-3',
    kind: 'feature_request' as const,
    title: 'Bulk user import',
    description: 'Globex wants CSV import.',
    linkBack: 'https://cadence.example/meetings/42',
    accountKey: { labels: ['customer::globex'] },
  };
  const projectIssues = '/api/v4/projects/acme%2Fsupport%2Ftracker/issues';

  it('creates the issue with the sync labels, the account label, a link back and a hidden key', async () => {
    const { server, client } = await gitlab((req) => (req.method === 'POST' ? { status: 201, json: fixture('issue-created.json') } : { json: [] }), { map: { featureRequestLabels: ['feature request'] } });
    expect(await client.createItem(input)).toEqual({ externalId: '112', url: 'https://gitlab.example.com/acme/support/-/issues/31', created: true });
    const post = server.requests.find((r) => r.method === 'POST');
    expect(post?.path).toBe(projectIssues);
    const sent = JSON.parse(post?.body ?? '{}') as { labels: string; description: string };
    expect(sent.labels).toBe('customer,customer::globex,feature request');
    expect(sent.description).toContain('Opened from Cadence: https://cadence.example/meetings/42');
    expect(sent.description).toContain(idempotencyMarker('meeting-42-item-3'));
  });

  it('a retry finds the issue whose description carries the key and creates nothing', async () => {
    const existing = { ...fixture('issue-created.json'), description: `x\n\n${idempotencyMarker('meeting-42-item-3')}` };
    const other = { ...fixture('issue-created.json'), id: 113, description: `mentions meeting-42-item-3 but has no marker` };
    const { server, client } = await gitlab((req) => (req.method === 'POST' ? { status: 201, json: fixture('issue-created.json') } : { json: [other, existing] }));
    expect((await client.createItem(input)).created).toBe(false);
    expect(server.requests[0]?.query.get('in')).toBe('description');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});

describe('GitLab connection test', () => {
  it('names the user and the group it can see', async () => {
    const { client } = await gitlab((req) => ({ json: fixture(req.path === '/api/v4/user' ? 'user.json' : 'group.json') }));
    expect((await client.testConnection()).detail).toBe('Signed in to GitLab as @dana; group acme/support is visible');
  });

  it('a token without the api scope is explained as missing permission', async () => {
    const { client } = await gitlab(() => ({ status: 403, json: fixture('error-403-scope.json') }));
    const words = explain(await failureOf(client.testConnection()));
    expect(words).toContain('missing a scope or permission');
    expect(words).toContain('requires higher privileges');
  });
});
