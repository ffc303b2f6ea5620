import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import type { TrackerPage } from '../ports.ts';
import { createZendeskClient, type ZendeskConfig } from './client.ts';

// Every answer below follows a page of https://developer.zendesk.com/api-reference/ (named in each fixture's "_doc").
const fixture = (name: string) => readFixture(import.meta.url, name);
const TOKEN = 'zd-api-token-s3cret';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function zendesk(handler: Handler, extra: Partial<ZendeskConfig> = {}) {
  server = await startLocalServer(handler);
  return { server, client: createZendeskClient({ baseUrl: server.url, auth: { email: 'dana@acme.example', apiToken: TOKEN }, http: FAST_RETRIES, ...extra }) };
}

async function collect(pages: AsyncIterable<TrackerPage>): Promise<TrackerPage[]> {
  const out: TrackerPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const exportPath = '/api/v2/incremental/tickets/cursor.json';
const twoPages: Handler = (req) => {
  if (req.path !== exportPath) return { status: 404, json: { error: 'InvalidEndpoint' } };
  return req.query.get('cursor') === 'MTczODY3MDQwMC4wfHwxMDJ8' ? { json: fixture('incremental-tickets-page-2.json') } : { json: fixture('incremental-tickets-page-1.json') };
};

describe('Zendesk incremental ticket sync', () => {
  it('a first sync starts from the configured time and follows the cursor to the end of the stream', async () => {
    const { server, client } = await zendesk(twoPages, { startTime: 1700000000, includeRequesters: true });
    const pages = await collect(client.listChanged(null));
    expect(pages.map((p) => p.items.map((i) => i.externalId))).toEqual([
      ['101', '102'],
      ['103', '104'],
    ]);
    expect(pages.map((p) => p.nextCursor)).toEqual(['MTczODY3MDQwMC4wfHwxMDJ8', 'MTczODc3NDgwMC4wfHwxMDR8']);
    expect(server.requests[0]?.query.get('start_time')).toBe('1700000000');
    expect(server.requests[0]?.query.get('include')).toBe('users');
    expect(server.requests[1]?.query.get('cursor')).toBe('MTczODY3MDQwMC4wfHwxMDJ8');
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`dana@acme.example/token:${TOKEN}`).toString('base64')}`);
  });

  it('a later sync resumes from the stored cursor', async () => {
    const { server, client } = await zendesk(twoPages);
    const pages = await collect(client.listChanged('MTczODY3MDQwMC4wfHwxMDJ8'));
    expect(pages).toHaveLength(1);
    expect(server.requests.map((r) => r.query.get('start_time'))).toEqual([null]);
  });

  it('with nothing new the cursor stays where it was', async () => {
    const { client } = await zendesk(() => ({ json: { tickets: [], after_cursor: 'SAME', end_of_stream: true } }));
    const pages = await collect(client.listChanged('SAME'));
    expect(pages).toEqual([{ items: [], nextCursor: 'SAME' }]);
  });

  it('a rate limit in the middle of an export is waited out and the export completes', async () => {
    let limited = false;
    const { server, client } = await zendesk((req, s) => {
      if (req.query.get('cursor') && !limited) {
        limited = true;
        return { status: 429, headers: { 'retry-after': '0' }, json: { error: 'APIRateLimitExceeded' } };
      }
      return twoPages(req, s);
    });
    const pages = await collect(client.listChanged(null));
    expect(pages.flatMap((p) => p.items)).toHaveLength(4);
    expect(server.count(exportPath)).toBe(3);
  });

  it('an answer that is not an export page is reported as unreadable', async () => {
    const { client } = await zendesk(() => ({ json: { results: [] } }));
    const err = await failureOf(collect(client.listChanged(null)));
    expect(err.kind).toBe('invalid_response');
    expect(err.message).toContain('tickets');
  });

  it('tickets of one organisation are listed page by page', async () => {
    const { server, client } = await zendesk((req, s) => {
      if (req.query.get('page[after]') === 'xxx') return { json: { tickets: [], meta: { has_more: false, after_cursor: null }, links: { next: null } } };
      const first = fixture('organization-tickets-page-1.json') as { links: { next: string } };
      first.links.next = `${s.url}/api/v2/organizations/555/tickets.json?page[size]=100&page[after]=xxx`;
      return { json: first };
    });
    const pages: string[][] = [];
    for await (const items of client.listOrganizationTickets('555')) pages.push(items.map((i) => i.externalId));
    expect(pages).toEqual([['101'], []]);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v2/organizations/555/tickets.json', '/api/v2/organizations/555/tickets.json']);
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path: exportPath,
      ok: { json: fixture('incremental-tickets-page-2.json') },
      unauthorized: { status: 401, json: fixture('error-401.json') },
      call: (url, o) => collect(createZendeskClient({ baseUrl: url, auth: { oauthToken: TOKEN }, http: { ...FAST_RETRIES, ...o } }).listChanged(null)),
    });
  });
});

describe('Zendesk tickets opened from a call', () => {
  const input = {
    idempotencyKey: 'meeting-42-item-3',
    kind: 'feature_request' as const,
    title: 'Bulk user import',
    description: 'Globex wants to import 2,000 users from CSV.',
    linkBack: 'https://cadence.example/meetings/42',
    priority: 'normal' as const,
    accountKey: { orgId: '555' },
  };

  it('creates the ticket with the customer context, organisation, key and link back', async () => {
    const { server, client } = await zendesk((req) => (req.method === 'POST' ? { status: 201, json: fixture('ticket-created.json') } : { json: { tickets: [], meta: { has_more: false } } }), {
      map: { featureRequestLabels: ['feature_request'] },
    });
    const created = await client.createItem(input);
    expect(created).toEqual({ externalId: '201', url: `${server.url}/agent/tickets/201`, created: true });
    const post = server.requests.find((r) => r.method === 'POST');
    expect(post?.headers['idempotency-key']).toBe('meeting-42-item-3');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      ticket: {
        subject: 'Bulk user import',
        comment: { body: 'Globex wants to import 2,000 users from CSV.\n\nOpened from Cadence: https://cadence.example/meetings/42', public: false },
        priority: 'normal',
        type: 'task',
        tags: ['feature_request'],
        organization_id: 555,
        external_id: 'meeting-42-item-3',
      },
    });
  });

  it('a retry finds the ticket already opened and never creates a second one', async () => {
    const { server, client } = await zendesk((req) => (req.method === 'POST' ? { status: 201, json: fixture('ticket-created.json') } : { json: fixture('tickets-by-external-id.json') }));
    const again = await client.createItem(input);
    expect(again).toEqual({ externalId: '201', url: `${server.url}/agent/tickets/201`, created: false });
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(server.requests[0]?.query.get('external_id')).toBe('meeting-42-item-3');
  });

  it('a create that failed with a server error is repeated under the same idempotency key', async () => {
    let posts = 0;
    const { server, client } = await zendesk((req) => {
      if (req.method !== 'POST') return { json: { tickets: [] } };
      posts += 1;
      return posts === 1 ? { status: 502 } : { status: 201, json: fixture('ticket-created.json') };
    });
    const created = await client.createItem(input);
    expect(created.externalId).toBe('201');
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key'])).toEqual(['meeting-42-item-3', 'meeting-42-item-3']);
  });
});

describe('Zendesk connection test', () => {
  it('names the signed-in agent and role', async () => {
    const { client } = await zendesk(() => ({ json: fixture('users-me.json') }));
    expect(await client.testConnection()).toEqual({ ok: true, detail: 'Signed in to Zendesk as Dana Agent (admin)' });
  });

  it('an anonymous answer means the token was not accepted', async () => {
    const { client } = await zendesk(() => ({ json: fixture('users-me-anonymous.json') }));
    const err = await failureOf(client.testConnection());
    expect(err.kind).toBe('auth');
    expect(explain(err)).toMatch(/refused the credentials.*not accepted/);
  });

  it('a bad token is explained in words without showing the token', async () => {
    const { client } = await zendesk(() => ({ status: 401, json: fixture('error-401.json') }));
    const words = explain(await failureOf(client.testConnection()));
    expect(words).toContain('Zendesk refused the credentials (GET /api/v2/users/me.json)');
    expect(words).toContain("Couldn't authenticate you");
    expect(words).not.toContain(TOKEN);
  });

  it('a mistyped subdomain is explained as a host that cannot be found', async () => {
    const client = createZendeskClient({ baseUrl: 'https://no-such-host.invalid', auth: { oauthToken: TOKEN }, http: { ...FAST_RETRIES, maxAttempts: 1 } });
    expect(explain(await failureOf(client.testConnection()))).toContain('could not be found');
  });
});
