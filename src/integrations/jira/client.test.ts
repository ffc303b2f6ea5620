import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import type { TrackerPage } from '../ports.ts';
import { createJiraClient, jiraKeyLabel, type JiraConfig } from './client.ts';

// Each answer follows a page of https://developer.atlassian.com/cloud/jira/platform/rest/v3/ (named in the fixture's "_doc").
const fixture = (name: string) => readFixture(import.meta.url, name);
const TOKEN = 'jira-api-token-s3cret';
const NOW = Date.parse('2025-02-06T12:00:00Z');

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function jira(handler: Handler, extra: Partial<JiraConfig> = {}) {
  server = await startLocalServer(handler);
  const client = createJiraClient({
    baseUrl: server.url,
    auth: { email: 'dana@acme.example', apiToken: TOKEN },
    jql: 'project = SUP ORDER BY created DESC',
    projectKey: 'SUP',
    orgField: 'customfield_10002',
    now: () => NOW,
    http: FAST_RETRIES,
    ...extra,
  });
  return { server, client };
}

async function collect(pages: AsyncIterable<TrackerPage>): Promise<TrackerPage[]> {
  const out: TrackerPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const searchPath = '/rest/api/3/search/jql';
const twoPages: Handler = (req) => {
  const body = JSON.parse(req.body || '{}') as { nextPageToken?: string };
  return { json: fixture(body.nextPageToken === 'CAEaAggD' ? 'search-page-2.json' : 'search-page-1.json') };
};

describe('Jira JQL sync', () => {
  it('a first sync searches the configured JQL oldest change first and follows nextPageToken to the end', async () => {
    const { server, client } = await jira(twoPages);
    const pages = await collect(client.listChanged(null));
    expect(pages.map((p) => p.items.map((i) => i.url.split('/').pop()))).toEqual([['SUP-12', 'SUP-15'], ['SUP-20']]);
    expect(pages.map((p) => p.nextCursor)).toEqual(['2025-02-04T08:00:00.000Z', '2025-02-05T12:00:00.000Z']);
    const bodies = server.requests.map((r) => JSON.parse(r.body) as { jql: string; nextPageToken?: string; fields: string[] });
    expect(bodies[0]?.jql).toBe('(project = SUP) ORDER BY updated ASC');
    expect(bodies[0]?.fields).toContain('customfield_10002');
    expect(bodies.map((b) => b.nextPageToken)).toEqual([undefined, 'CAEaAggD']);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`dana@acme.example:${TOKEN}`).toString('base64')}`);
  });

  it('an incremental sync asks for issues updated since the cursor in relative minutes, immune to the Jira user time zone', async () => {
    const { server, client } = await jira(() => ({ json: { issues: [], isLast: true } }));
    const pages = await collect(client.listChanged('2025-02-06T11:00:00.000Z'));
    expect(pages).toEqual([{ items: [], nextCursor: '2025-02-06T11:00:00.000Z' }]);
    expect((JSON.parse(server.requests[0]?.body ?? '{}') as { jql: string }).jql).toBe('(project = SUP) AND updated >= "-61m" ORDER BY updated ASC');
  });

  it('a page without nextPageToken ends the sync even when isLast is missing', async () => {
    const { server, client } = await jira(() => ({ json: { issues: [] } }));
    await collect(client.listChanged(null));
    expect(server.count(searchPath)).toBe(1);
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path: searchPath,
      ok: { json: fixture('search-page-2.json') },
      unauthorized: { status: 401, json: fixture('error-401.json') },
      call: (url, o) => collect(createJiraClient({ baseUrl: url, auth: { bearerToken: TOKEN }, jql: 'project = SUP', projectKey: 'SUP', http: { ...FAST_RETRIES, ...o } }).listChanged(null)),
    });
  });
});

describe('Jira issues opened from a call', () => {
  const input = {
    idempotencyKey: 'meeting 42/item 3',
    kind: 'feature_request' as const,
    title: 'Bulk user import',
    description: 'Globex wants to import 2,000 users.',
    linkBack: 'https://cadence.example/meetings/42',
    priority: 'urgent' as const,
    accountKey: { labels: ['globex'] },
  };

  it('creates a story in the project labelled with the key, the account and a link back', async () => {
    const { server, client } = await jira((req) => (req.path === '/rest/api/3/issue' ? { status: 201, json: fixture('issue-created.json') } : { json: { issues: [] } }), {
      issueTypes: { feature_request: 'New Feature' },
      priorityNames: { urgent: 'Highest' },
    });
    expect(await client.createItem(input)).toEqual({ externalId: '10000', url: `${server.url}/browse/SUP-24`, created: true });
    const search = JSON.parse(server.requests[0]?.body ?? '{}') as { jql: string };
    expect(search.jql).toBe('labels = "cadence-key-meeting-42-item-3"');
    const fields = (JSON.parse(server.requests[1]?.body ?? '{}') as { fields: Record<string, unknown> }).fields;
    expect(fields.project).toEqual({ key: 'SUP' });
    expect(fields.issuetype).toEqual({ name: 'New Feature' });
    expect(fields.priority).toEqual({ name: 'Highest' });
    expect(fields.labels).toEqual(['globex', jiraKeyLabel(input.idempotencyKey)]);
    expect(JSON.stringify(fields.description)).toContain('https://cadence.example/meetings/42');
  });

  it('a retry returns the issue already carrying the key instead of creating another', async () => {
    const { server, client } = await jira(() => ({ json: { issues: [{ id: '10000', key: 'SUP-24', fields: { summary: 'Bulk user import', created: '2025-02-06T10:00:00.000+0000', updated: '2025-02-06T10:00:00.000+0000' } }] } }));
    expect(await client.createItem(input)).toEqual({ externalId: '10000', url: `${server.url}/browse/SUP-24`, created: false });
    expect(server.count('/rest/api/3/issue')).toBe(0);
  });

  it('a refused field is explained with Jira own words', async () => {
    const { client } = await jira((req) => (req.path === '/rest/api/3/issue' ? { status: 400, json: fixture('create-400.json') } : { json: { issues: [] } }));
    const err = await failureOf(client.createItem(input));
    expect(err.kind).toBe('config');
    expect(explain(err)).toContain('issuetype: Specify an issue type');
  });
});

describe('Jira connection test', () => {
  it('names the user and the project it can see', async () => {
    const { client } = await jira((req) => ({ json: fixture(req.path === '/rest/api/3/myself' ? 'myself.json' : 'project.json') }));
    expect((await client.testConnection()).detail).toBe('Signed in to Jira as Dana Agent; project SUP (Support) is visible');
  });

  it('a wrong project key is explained as not found', async () => {
    const { client } = await jira((req) => (req.path === '/rest/api/3/myself' ? { json: fixture('myself.json') } : { status: 404, json: fixture('project-404.json') }));
    const words = explain(await failureOf(client.testConnection()));
    expect(words).toContain('Jira answered "not found" (GET /rest/api/3/project/SUP)');
    expect(words).toContain("No project could be found with key 'SUPP'.");
  });
});
