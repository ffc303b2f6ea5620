import { z } from 'zod';
import { FEATURE_REQUEST_STATUSES, FINDING_KINDS, FINDING_SEVERITIES, TICKET_PRIORITIES, TICKET_STATUSES } from '../../domain/meeting/meeting.ts';
import { BOOK_COLUMNS } from '../../domain/account/book-columns.ts';
import { DEPLOYMENTS, HEALTH_COLOURS, SEGMENTS, STAGES, TEAM_ROLES } from '../../domain/model.ts';
import { cursorParam, dateParam, freeListParam, limitParam, listParam } from './query.ts';
import { CalendarDateOutSchema, InstantSchema, pageOf } from './responses.ts';

// The bodies are the domain's: createAccount and updateAccount take exactly these.
export { AccountCreateSchema, AccountUpdateSchema, type AccountCreate, type AccountUpdate } from '../../domain/account/accounts.ts';

/** The book's filters beyond the account's own fields (health, calls, risks, ARR, a renewal window). */
const AccountViewFilterFields = {
  health: listParam([...HEALTH_COLOURS, 'unknown']),
  overdueMin: z.coerce.number().int('must be a whole number').min(1).max(3650).optional().describe('only accounts whose next call is at least this many days late'),
  risks: z.enum(['open', 'none']).optional().describe('open: accounts with an open risk; none: without'),
  renewalWithinDays: z.coerce.number().int('must be a whole number').min(0).max(3650).optional().describe('renewing between today and this many days from now'),
  lastCallFrom: dateParam,
  lastCallTo: dateParam,
  nextCallFrom: dateParam,
  nextCallTo: dateParam,
  arrMin: z.coerce.number().min(0).max(1e13).optional(),
  arrMax: z.coerce.number().min(0).max(1e13).optional(),
};

/** What narrows and orders the book, the same for a page of it and for its export. */
const AccountViewQueryFields = {
  q: z.string().max(200).optional(),
  owner: freeListParam,
  segment: listParam(SEGMENTS),
  stage: listParam(STAGES),
  deployment: listParam(DEPLOYMENTS),
  tag: freeListParam,
  renewalFrom: dateParam,
  renewalTo: dateParam,
  archived: z.enum(['exclude', 'include', 'only']).optional(),
  ...AccountViewFilterFields,
  sort: z.string().max(20).optional(),
};

export const AccountExportQuerySchema = z.strictObject({
  ...AccountViewQueryFields,
  columns: listParam(BOOK_COLUMNS).describe('the columns to write, in order (default: all)'),
});

export const AccountListQuerySchema = z.strictObject({
  ...AccountViewQueryFields,
  cursor: cursorParam,
  limit: limitParam,
});

export const TimelineQuerySchema = z.strictObject({ cursor: cursorParam, limit: limitParam });
export const NotesDocumentQuerySchema = z.strictObject({ format: z.enum(['markdown', 'json']).default('markdown') });

export const AccountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    segment: z.enum(SEGMENTS),
    stage: z.enum(STAGES),
    deployment: z.enum(DEPLOYMENTS),
    productVersion: z.string().nullable(),
    arr: z.number().nullable(),
    renewalDate: CalendarDateOutSchema.nullable(),
    contractStartDate: CalendarDateOutSchema.nullable(),
    licencesBought: z.number().int().nullable(),
    licencesUsed: z.number().int().nullable(),
    ownerId: z.string().nullable(),
    timezone: z.string().describe('IANA time zone, e.g. Europe/Berlin'),
    securityAlertsOptIn: z.boolean(),
    healthColour: z.enum(HEALTH_COLOURS).nullable(),
    healthScore: z.number().nullable(),
    externalId: z.string().nullable(),
    crmId: z.string().nullable(),
    tags: z.array(z.string()),
    team: z.array(z.object({ userId: z.string(), role: z.enum(TEAM_ROLES) })),
    archivedAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Account' });

export const AccountActivitySchema = z
  .object({
    lastCallAt: InstantSchema.nullable(),
    nextCallAt: InstantSchema.nullable(),
    openRisks: z.number().int(),
    nextCallDue: CalendarDateOutSchema.nullable(),
    overdueDays: z.number().int().nullable(),
    domain: z.string().nullable().describe("the account's web domain, for its logo"),
  })
  .meta({ id: 'AccountActivity' });

export const AccountListSchema = pageOf(AccountSchema.extend({ activity: AccountActivitySchema })).meta({ id: 'AccountList' });

export const TimelineEntrySchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    kind: z.string(),
    summary: z.string(),
    detail: z.unknown(),
    actorId: z.string().nullable(),
    occurredAt: InstantSchema,
  })
  .meta({ id: 'TimelineEntry' });
export const TimelinePageSchema = pageOf(TimelineEntrySchema).meta({ id: 'TimelinePage' });

export const NotesDocumentSchema = z.object({ title: z.string(), path: z.string().describe('Where `cadence notes export` writes it'), markdown: z.string() }).meta({ id: 'NotesDocument' });

export const SupportTicketSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    title: z.string(),
    priority: z.enum(TICKET_PRIORITIES),
    status: z.enum(TICKET_STATUSES),
    externalId: z.string().nullable(),
    url: z.string().nullable(),
    openedAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'SupportTicket' });

export const FeatureRequestSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    title: z.string(),
    status: z.enum(FEATURE_REQUEST_STATUSES),
    externalId: z.string().nullable(),
    url: z.string().nullable(),
    shippedIn: z.string().nullable(),
    shippedAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
  })
  .meta({ id: 'FeatureRequest' });

export const ProductFindingSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    kind: z.enum(FINDING_KINDS),
    severity: z.enum(FINDING_SEVERITIES),
    title: z.string(),
    foundAt: InstantSchema,
  })
  .meta({ id: 'ProductFinding' });

export const TrackerItemsSchema = z.object({ tickets: z.array(SupportTicketSchema), requests: z.array(FeatureRequestSchema), findings: z.array(ProductFindingSchema) }).meta({ id: 'AccountTrackerItems' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type Account = z.output<typeof AccountSchema>;
export type AccountActivity = z.output<typeof AccountActivitySchema>;
export type AccountListItem = z.output<typeof AccountListSchema>['items'][number];
export type TimelineEntry = z.output<typeof TimelineEntrySchema>;
export type TrackerItems = z.output<typeof TrackerItemsSchema>;
