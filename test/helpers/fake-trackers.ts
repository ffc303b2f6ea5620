import { startLocalServer, type LocalServer, type Reply } from '../../src/integrations/testing/local-server.ts';

/**
 * A Zendesk stand-in whose tickets a test edits: the cursor-based incremental export serves
 * every change in order, as Zendesk does (a changed ticket appears again at the end), and
 * ticket creation honours external_id look-ups. Built on the connectors' local server.
 */
export interface FakeZendeskTicket {
  id: number;
  subject: string;
  status: string;
  type?: string;
  priority?: string | null;
  organization_id?: number | null;
  tags?: string[];
  external_id?: string | null;
  created_at?: string;
}

export interface FakeZendesk {
  server: LocalServer;
  url: string;
  /** Adds or changes a ticket: it is served again after the current end of the stream. */
  put(ticket: FakeZendeskTicket): void;
  /** Answers queued ahead of the normal ones for the export path (429, 5xx …). */
  failNext(...replies: Reply[]): void;
  /** The tickets created through the API, by id. */
  created: Map<number, FakeZendeskTicket & { comment: string }>;
  exportRequests(): number;
  close(): Promise<void>;
}

const EXPORT = '/api/v2/incremental/tickets/cursor.json';

export async function startFakeZendesk(options: { pageSize?: number } = {}): Promise<FakeZendesk> {
  const stream: (FakeZendeskTicket & { updated_at: string })[] = [];
  const queued: Reply[] = [];
  const created = new Map<number, FakeZendeskTicket & { comment: string }>();
  let clock = Date.parse('2026-11-01T00:00:00Z');
  let nextId = 5000;
  const put = (t: FakeZendeskTicket) => {
    clock += 60_000;
    stream.push({ ...t, updated_at: new Date(clock).toISOString() });
  };
  const toJson = (t: FakeZendeskTicket & { updated_at: string }) => ({
    id: t.id,
    subject: t.subject,
    raw_subject: t.subject,
    type: t.type ?? 'incident',
    status: t.status,
    priority: t.priority ?? null,
    organization_id: t.organization_id ?? null,
    requester_id: null,
    external_id: t.external_id ?? null,
    tags: t.tags ?? [],
    created_at: t.created_at ?? '2026-10-01T09:00:00Z',
    updated_at: t.updated_at,
  });
  const server = await startLocalServer((req) => {
    if (req.path === EXPORT) {
      const next = queued.shift();
      if (next) return next;
      const pageSize = Math.min(Number(req.query.get('per_page') ?? 1000), options.pageSize ?? 1000);
      const cursor = req.query.get('cursor');
      const from = cursor === null ? 0 : Number(cursor.slice(1));
      const page = stream.slice(from, from + pageSize);
      const to = from + page.length;
      return { json: { tickets: page.map(toJson), after_cursor: `c${to}`, end_of_stream: to >= stream.length } };
    }
    if (req.path === '/api/v2/tickets.json' && req.method === 'GET') {
      const key = req.query.get('external_id');
      const found = [...created.values()].filter((t) => t.external_id === key);
      return { json: { tickets: found.map((t) => toJson({ ...t, updated_at: '2026-11-20T10:00:00Z' })), meta: { has_more: false } } };
    }
    if (req.path === '/api/v2/tickets.json' && req.method === 'POST') {
      const body = JSON.parse(req.body) as { ticket: { subject: string; comment: { body: string }; external_id: string; tags?: string[]; organization_id?: number } };
      nextId += 1;
      created.set(nextId, { id: nextId, subject: body.ticket.subject, status: 'new', external_id: body.ticket.external_id, tags: body.ticket.tags, organization_id: body.ticket.organization_id, comment: body.ticket.comment.body });
      return { status: 201, json: { ticket: { id: nextId } } };
    }
    const org = /^\/api\/v2\/organizations\/(\d+)\/tickets\.json$/.exec(req.path);
    if (org) {
      const latest = new Map<number, FakeZendeskTicket & { updated_at: string }>();
      for (const t of stream) latest.set(t.id, t);
      const tickets = [...latest.values()].filter((t) => t.organization_id === Number(org[1]));
      return { json: { tickets: tickets.map(toJson), meta: { has_more: false, after_cursor: null }, links: { next: null } } };
    }
    if (req.path === '/api/v2/users/me.json') {
      return req.headers.authorization?.includes(Buffer.from('ann@acme.example/token:good-token').toString('base64'))
        ? { json: { user: { id: 7, name: 'Ann Agent', email: 'ann@acme.example', role: 'admin' } } }
        : { json: { user: { id: null, name: 'Anonymous user', email: 'invalid@example.com', role: 'end-user' } } };
    }
    return { status: 404, json: { error: 'InvalidEndpoint' } };
  });
  return {
    server,
    url: server.url,
    put,
    failNext: (...replies) => queued.push(...replies),
    created,
    exportRequests: () => server.count(EXPORT),
    close: () => server.close(),
  };
}
