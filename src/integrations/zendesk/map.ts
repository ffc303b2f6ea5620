import { z } from 'zod';
import { TICKET_PRIORITIES } from '../../domain/meeting/meeting.ts';
import { emailDomainOf, toIso, trackerReader, type TrackerMapOptions, type TrackerReader } from '../map-helpers.ts';
import type { TrackerItem, TrackerPriority, TrackerStatus } from '../ports.ts';

/**
 * The ticket fields Cadence reads, per the Tickets reference:
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format
 */
export const ZendeskTicketSchema = z.object({
  id: z.number(),
  subject: z.string().nullish(),
  raw_subject: z.string().nullish(),
  type: z.string().nullish(),
  status: z.string(),
  priority: z.string().nullish(),
  organization_id: z.number().nullish(),
  requester_id: z.number().nullish(),
  external_id: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ZendeskTicket = z.infer<typeof ZendeskTicketSchema>;

export const ZendeskUserSchema = z.object({ id: z.number().nullable(), email: z.string().nullish(), name: z.string().nullish(), role: z.string().nullish() });
export type ZendeskUser = z.infer<typeof ZendeskUserSchema>;

const STATUS: Record<string, TrackerStatus> = {
  new: 'open',
  open: 'open',
  // "pending" waits on the customer, "hold" on a third party: both are not ours to move.
  pending: 'pending',
  hold: 'pending',
  solved: 'closed',
  closed: 'closed',
  deleted: 'closed',
};

export interface ZendeskMapContext {
  /** "https://acme.zendesk.com": agent links are built from it. */
  baseUrl: string;
  /** Requester id → email, from the `users` sideload, for email-domain matching. */
  requesterEmails?: ReadonlyMap<number, string>;
  reader?: TrackerReader;
}

/** A Zendesk ticket as a TrackerItem. Pure. */
export function mapZendeskTicket(ticket: ZendeskTicket, context: ZendeskMapContext, options: TrackerMapOptions = {}): TrackerItem {
  const reader = context.reader ?? trackerReader(options);
  const tags = ticket.tags ?? [];
  const status = STATUS[ticket.status] ?? 'open';
  const updatedAt = toIso(ticket.updated_at) ?? ticket.updated_at;
  const email = ticket.requester_id != null ? context.requesterEmails?.get(ticket.requester_id) : undefined;
  const emailDomain = emailDomainOf(email);
  return {
    source: 'zendesk',
    externalId: String(ticket.id),
    kind: reader.kindOf(ticket.type ? [...tags, ticket.type] : tags),
    title: ticket.subject ?? ticket.raw_subject ?? `Ticket #${ticket.id}`,
    status: reader.isPending(ticket.status) ? 'pending' : status,
    rawStatus: ticket.status,
    priority: ticket.priority && (TICKET_PRIORITIES as readonly string[]).includes(ticket.priority) ? (ticket.priority as TrackerPriority) : null,
    url: `${context.baseUrl.replace(/\/$/, '')}/agent/tickets/${ticket.id}`,
    accountKey: {
      ...(ticket.organization_id != null ? { orgId: String(ticket.organization_id) } : {}),
      ...(tags.length > 0 ? { labels: tags } : {}),
      ...(emailDomain ? { emailDomain } : {}),
    },
    createdAt: toIso(ticket.created_at) ?? ticket.created_at,
    updatedAt,
    // Tickets carry no solved time; the last change of a solved ticket is the closest we have.
    closedAt: status === 'closed' ? updatedAt : null,
    ...(ticket.status === 'deleted' ? { deleted: true } : {}),
  };
}

/** Requester id → email from a `users` sideload. */
export function requesterEmails(users: readonly ZendeskUser[] | null | undefined): Map<number, string> {
  const out = new Map<number, string>();
  for (const u of users ?? []) if (u.id != null && u.email) out.set(u.id, u.email);
  return out;
}
