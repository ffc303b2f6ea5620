import { z } from 'zod';
import { IntegrationError } from '../errors.ts';
import { createHttpClient, type HttpClientOptions, type HttpResponse } from '../http.ts';
import { createOnce } from '../idempotency.ts';
import { refreshingHttpClient, type TokenKeeper } from '../oauth/oauth.ts';
import { trackerReader, type TrackerMapOptions } from '../map-helpers.ts';
import { parseVendor } from '../parse.ts';
import type { ConnectionCheck, CreatedTrackerItem, TicketSource, TrackerItem, TrackerItemCreate, TrackerPage } from '../ports.ts';
import { mapZendeskTicket, requesterEmails, ZendeskTicketSchema, ZendeskUserSchema } from './map.ts';

export interface ZendeskConfig {
  /** "https://acme.zendesk.com" */
  baseUrl: string;
  /** An API token with the agent's email, or an OAuth access token. */
  auth: { email: string; apiToken: string } | { oauthToken: string };
  /** OAuth with expiring access tokens: the keeper's token is sent and refreshed on a 401 (`auth` is then ignored). */
  tokens?: TokenKeeper;
  /** Unix seconds from which the first sync starts. Default 0 (everything). */
  startTime?: number;
  /** Tickets per incremental page; Zendesk allows up to 1000. */
  pageSize?: number;
  /** Sideload requesters so tickets can be matched to accounts by email domain. */
  includeRequesters?: boolean;
  map?: TrackerMapOptions;
  /** Timeouts, retries, test hooks. */
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

// https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
const IncrementalPageSchema = z.object({
  tickets: z.array(ZendeskTicketSchema),
  users: z.array(ZendeskUserSchema).nullish(),
  after_cursor: z.string().nullish(),
  end_of_stream: z.boolean(),
});

// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
const TicketListSchema = z.object({
  tickets: z.array(ZendeskTicketSchema),
  meta: z.object({ has_more: z.boolean(), after_cursor: z.string().nullish() }).nullish(),
  links: z.object({ next: z.string().nullish() }).nullish(),
});

const START = 'start_time:';

/** Zendesk Support as a TicketSource: incremental cursor export, tickets by organisation, create. */
export function createZendeskClient(config: ZendeskConfig): TicketSource & { listOrganizationTickets(orgId: string, signal?: AbortSignal): AsyncIterable<TrackerItem[]> } {
  const secret = 'apiToken' in config.auth ? config.auth.apiToken : config.auth.oauthToken;
  const authorization = 'apiToken' in config.auth ? `Basic ${Buffer.from(`${config.auth.email}/token:${config.auth.apiToken}`).toString('base64')}` : `Bearer ${config.auth.oauthToken}`;
  const http = config.tokens
    ? refreshingHttpClient({ vendor: 'zendesk', baseUrl: config.baseUrl, ...config.http }, config.tokens)
    : createHttpClient({ vendor: 'zendesk', baseUrl: config.baseUrl, auth: () => ({ authorization }), secrets: [secret], ...config.http });
  const reader = trackerReader(config.map);
  const baseUrl = config.baseUrl;

  async function* listChanged(cursor: string | null, signal?: AbortSignal): AsyncIterable<TrackerPage> {
    let query: Record<string, string | number> = cursor === null || cursor.startsWith(START) ? { start_time: cursor === null ? (config.startTime ?? 0) : Number(cursor.slice(START.length)) } : { cursor };
    let current = cursor ?? `${START}${config.startTime ?? 0}`;
    for (;;) {
      const path = '/api/v2/incremental/tickets/cursor.json';
      const res = await http.request({ path, query: { ...query, per_page: config.pageSize ?? 1000, ...(config.includeRequesters ? { include: 'users' } : {}) }, signal });
      const page = parseVendor(IncrementalPageSchema, res.data, 'zendesk', 'incremental ticket export');
      const emails = requesterEmails(page.users);
      const items = page.tickets.map((t) => mapZendeskTicket(t, { baseUrl, requesterEmails: emails, reader }));
      current = page.after_cursor ?? current;
      yield { items, nextCursor: current };
      if (page.end_of_stream || !page.after_cursor) return;
      query = { cursor: page.after_cursor };
    }
  }

  async function* listOrganizationTickets(orgId: string, signal?: AbortSignal): AsyncIterable<TrackerItem[]> {
    let next: string | undefined = `/api/v2/organizations/${encodeURIComponent(orgId)}/tickets.json?page[size]=100`;
    while (next) {
      const res: HttpResponse<unknown> = await http.request({ path: next, signal });
      const page: z.infer<typeof TicketListSchema> = parseVendor(TicketListSchema, res.data, 'zendesk', 'organization tickets');
      yield page.tickets.map((t) => mapZendeskTicket(t, { baseUrl, reader }));
      next = page.meta?.has_more ? (page.links?.next ?? undefined) : undefined;
    }
  }

  async function findByKey(key: string): Promise<Omit<CreatedTrackerItem, 'created'> | undefined> {
    const res = await http.request({ path: '/api/v2/tickets.json', query: { external_id: key } });
    const ticket = parseVendor(TicketListSchema, res.data, 'zendesk', 'tickets by external id').tickets[0];
    return ticket ? { externalId: String(ticket.id), url: `${baseUrl.replace(/\/$/, '')}/agent/tickets/${ticket.id}` } : undefined;
  }

  async function createItem(input: TrackerItemCreate): Promise<CreatedTrackerItem> {
    const featureTag = config.map?.featureRequestLabels?.[0];
    const tags = [...(input.accountKey?.labels ?? []), ...(input.kind === 'feature_request' && featureTag ? [featureTag] : [])];
    const orgId = input.accountKey?.orgId;
    return createOnce({
      find: () => findByKey(input.idempotencyKey),
      create: async () => {
        // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket
        // Zendesk honours Idempotency-Key on ticket creation, so a repeat after a 5xx is safe.
        const res = await http.request({
          method: 'POST',
          path: '/api/v2/tickets.json',
          idempotent: true,
          headers: { 'idempotency-key': input.idempotencyKey },
          json: {
            ticket: {
              subject: input.title,
              comment: { body: `${input.description}\n\nOpened from Cadence: ${input.linkBack}`, public: false },
              ...(input.priority ? { priority: input.priority } : {}),
              ...(input.kind === 'feature_request' ? { type: 'task' } : {}),
              ...(tags.length > 0 ? { tags } : {}),
              ...(orgId && /^\d+$/.test(orgId) ? { organization_id: Number(orgId) } : {}),
              external_id: input.idempotencyKey,
            },
          },
        });
        const ticket = parseVendor(z.object({ ticket: z.object({ id: z.number() }) }), res.data, 'zendesk', 'created ticket').ticket;
        return { externalId: String(ticket.id), url: `${baseUrl.replace(/\/$/, '')}/agent/tickets/${ticket.id}` };
      },
    });
  }

  async function testConnection(): Promise<ConnectionCheck> {
    // https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user
    const res = await http.request({ path: '/api/v2/users/me.json' });
    const user = parseVendor(z.object({ user: ZendeskUserSchema }), res.data, 'zendesk', 'current user').user;
    // Zendesk answers an unauthenticated request with an anonymous user rather than a 401.
    if (user.id === null) {
      throw new IntegrationError('auth', 'signed in anonymously', { vendor: 'zendesk', status: 401, vendorMessage: 'the email or API token was not accepted', target: 'GET /api/v2/users/me.json' });
    }
    if (user.role === 'end-user') {
      throw new IntegrationError('auth', 'signed in as an end user', {
        vendor: 'zendesk',
        status: 403,
        vendorMessage: `${user.email ?? 'this user'} is an end user; ticket export needs an agent or admin`,
        target: 'GET /api/v2/users/me.json',
      });
    }
    return { ok: true, detail: `Signed in to Zendesk as ${user.name ?? user.email ?? user.id} (${user.role ?? 'agent'})` };
  }

  return { name: 'zendesk', listChanged, listOrganizationTickets, createItem, testConnection };
}
