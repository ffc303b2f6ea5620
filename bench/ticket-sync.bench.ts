import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAccountMatcher } from '../src/integrations/account-matching.ts';
import { createZendeskClient } from '../src/integrations/zendesk/client.ts';
import type { TicketSource } from '../src/integrations/ports.ts';
import { measure, type BenchResult } from './harness.ts';

const TOTAL = 50_000;
const PAGE = 1_000;
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent', null];

/** Zendesk incremental export pages, shaped as in the cursor-based export reference, prebuilt. */
function buildPages(): string[] {
  const base = Date.parse('2024-01-01T00:00:00Z');
  const pages: string[] = [];
  for (let p = 0; p < TOTAL / PAGE; p += 1) {
    const tickets = Array.from({ length: PAGE }, (_, i) => {
      const n = p * PAGE + i;
      const updated = new Date(base + n * 60_000).toISOString().replace('.000', '');
      return {
        url: `https://acme.zendesk.com/api/v2/tickets/${n + 1}.json`,
        id: n + 1,
        external_id: null,
        type: n % 7 === 0 ? 'task' : 'incident',
        subject: `Ticket ${n + 1}: export fails for project ${n % 97}`,
        raw_subject: `Ticket ${n + 1}: export fails for project ${n % 97}`,
        description: 'The nightly export stops at 80% with a timeout.',
        priority: PRIORITIES[n % PRIORITIES.length],
        status: STATUSES[n % STATUSES.length],
        requester_id: 10_000 + (n % 500),
        submitter_id: 10_000 + (n % 500),
        assignee_id: 7,
        organization_id: n % 11 === 0 ? null : 1_000 + (n % 400),
        group_id: 3,
        tags: n % 5 === 0 ? ['feature_request', `plan_${n % 3}`] : [`plan_${n % 3}`],
        created_at: updated,
        updated_at: updated,
        generated_timestamp: Math.floor((base + n * 60_000) / 1000),
      };
    });
    const last = p === TOTAL / PAGE - 1;
    pages.push(JSON.stringify({ tickets, after_url: null, after_cursor: `c${p + 1}`, before_url: null, before_cursor: null, end_of_stream: last }));
  }
  return pages;
}

async function serve(pages: string[]): Promise<{ url: string; server: Server; requests: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cursor = url.searchParams.get('cursor');
    const index = cursor === null ? 0 : Number(cursor.slice(1));
    const body = index < pages.length ? pages[index] : JSON.stringify({ tickets: [], after_cursor: cursor, end_of_stream: true });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests: () => count };
}

/** Pulls every page through the client and matches each item to an account, as the sync does. */
async function pull(source: TicketSource, cursor: string | null, match: ReturnType<typeof buildAccountMatcher>): Promise<{ items: number; matched: number; cursor: string | null }> {
  let items = 0;
  let matched = 0;
  let last = cursor;
  for await (const page of source.listChanged(cursor)) {
    for (const item of page.items) {
      items += 1;
      if (match(item).matched) matched += 1;
    }
    last = page.nextCursor;
  }
  return { items, matched, cursor: last };
}

/** `npm run bench -- ticket-sync`: a first Zendesk sync of 50,000 tickets and a sync with no change. */
export default async function run(): Promise<BenchResult> {
  const pages = buildPages();
  const { url, server, requests } = await serve(pages);
  try {
    const client = createZendeskClient({ baseUrl: url, auth: { email: 'bench@acme.example', apiToken: 'bench-token' }, map: { featureRequestLabels: ['feature_request'] } });
    const match = buildAccountMatcher(Array.from({ length: 400 }, (_, i) => ({ accountId: `acc-${i}`, source: 'zendesk', orgIds: [String(1_000 + i)] })));
    let endCursor: string | null = null;
    const full = await measure(async () => {
      const r = await pull(client, null, match);
      if (r.items !== TOTAL) throw new Error(`pulled ${r.items} tickets, expected ${TOTAL}`);
      endCursor = r.cursor;
    }, 5, 1);
    const before = requests();
    const noChange = await measure(async () => {
      const r = await pull(client, endCursor, match);
      if (r.items !== 0) throw new Error('an incremental sync with no change returned items');
    }, 50, 5);
    if ((requests() - before) !== 55) throw new Error('an incremental sync with no change should make one request');
    return {
      benchmark: 'ticket-sync',
      db: 'none',
      rows: [
        { case: `zendesk full pull + map + match, ${TOTAL} tickets in pages of ${PAGE}`, ...full },
        { case: 'zendesk incremental with no change (one request)', ...noChange },
      ],
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
