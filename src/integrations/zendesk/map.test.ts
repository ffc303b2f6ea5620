import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/local-server.ts';
import { mapZendeskTicket, requesterEmails, ZendeskTicketSchema, ZendeskUserSchema } from './map.ts';

// Fixtures follow https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
const page1 = readFixture<{ tickets: unknown[]; users: unknown[] }>(import.meta.url, 'incremental-tickets-page-1.json');
const page2 = readFixture<{ tickets: unknown[]; users: unknown[] }>(import.meta.url, 'incremental-tickets-page-2.json');
const ticket = (page: { tickets: unknown[] }, i: number) => ZendeskTicketSchema.parse(page.tickets[i]);
const context = (page: { users: unknown[] }) => ({ baseUrl: 'https://acme.zendesk.com', requesterEmails: requesterEmails(page.users.map((u) => ZendeskUserSchema.parse(u))) });

describe('Zendesk tickets as tracker items', () => {
  it('an urgent open ticket keeps its priority, organisation, tags and agent link', () => {
    const item = mapZendeskTicket(ticket(page1, 0), context(page1));
    expect(item).toEqual({
      source: 'zendesk',
      externalId: '101',
      kind: 'ticket',
      title: 'SSO login loops after upgrade',
      status: 'open',
      rawStatus: 'open',
      priority: 'urgent',
      url: 'https://acme.zendesk.com/agent/tickets/101',
      accountKey: { orgId: '555', labels: ['sso', 'enterprise'], emailDomain: 'globex.example' },
      createdAt: '2025-02-03T09:15:00.000Z',
      updatedAt: '2025-02-04T11:00:00.000Z',
      closedAt: null,
    });
  });

  it('a ticket on hold is pending, and a configured tag makes it a feature request', () => {
    const item = mapZendeskTicket(ticket(page1, 1), context(page1), { featureRequestLabels: ['Feature_Request'] });
    expect([item.kind, item.status, item.rawStatus, item.priority]).toEqual(['feature_request', 'pending', 'hold', null]);
    expect(item.accountKey.emailDomain).toBe('eu.globex.example');
  });

  it('without configured feature tags every ticket is a ticket', () => {
    expect(mapZendeskTicket(ticket(page1, 1), context(page1)).kind).toBe('ticket');
  });

  it('a solved ticket is closed as of its last change', () => {
    const item = mapZendeskTicket(ticket(page2, 0), context(page2));
    expect([item.status, item.closedAt, item.accountKey.orgId]).toEqual(['closed', '2025-02-05T16:30:00.000Z', undefined]);
  });

  it('a ticket deleted in Zendesk is closed and marked deleted', () => {
    const item = mapZendeskTicket(ticket(page2, 1), context(page2));
    expect([item.status, item.deleted, item.rawStatus]).toEqual(['closed', true, 'deleted']);
  });
});
