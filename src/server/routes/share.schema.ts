import { z } from 'zod';
import { ACTION_ITEM_STATUSES, AGENDA_SECTIONS } from '../../domain/meeting/meeting.ts';
import { SIDES } from '../../domain/model.ts';
import { MeetingSchema } from './meetings.schema.ts';
import { CalendarDateOutSchema, InstantSchema } from './responses.ts';

// The bodies are the domain's: createShareLink and proposeTopic take exactly these.
export { CustomerTopicSchema, ShareLinkCreateSchema } from '../../domain/meeting/meeting-input.ts';

export const TokenParams = z.strictObject({ token: z.string().min(10).max(100) });
export const ShareLinkParams = z.strictObject({ id: z.string().max(64), linkId: z.string().max(64) });

export const PreviewedMailSchema = z
  .object({
    to: z.array(z.string()),
    cc: z.array(z.string()),
    bcc: z.array(z.string()),
    subject: z.string(),
    text: z.string().describe('The plain-text part'),
    html: z.string().describe('The HTML part, as the mail client gets it'),
    attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })),
  })
  .meta({ id: 'PreviewedMail' });

export const AgendaPreviewSchema = z
  .object({
    messages: z.array(PreviewedMailSchema).describe('Every mail the send would deliver, exactly as each recipient gets it'),
    fingerprint: z.string().describe('Send with this to confirm that what was previewed is what goes out'),
    shareUrlPlaceholder: z.string().describe('Stands for the share link, which is created when the agenda is sent'),
  })
  .meta({ id: 'AgendaPreview' });

export const MailHtmlSchema = z.string().describe("The agenda mail's HTML part as a document of its own, for the web app's preview frame");

/** A send must be confirmed: with the preview's fingerprint (refused with 409 when the mail changed since), or with `confirm: true`. */
export const AgendaSendSchema = z.union([z.strictObject({ fingerprint: z.string().min(1).max(64) }), z.strictObject({ confirm: z.literal(true) })]).meta({ id: 'AgendaSend' });

export const AgendaSentSchema = z.object({ meeting: MeetingSchema, recipients: z.array(z.string()).describe('Who the agenda went to'), shareUrl: z.string() }).meta({ id: 'AgendaSent' });

export const CreatedShareLinkSchema = z.object({ id: z.string(), url: z.string().describe('The customer link, shown this once'), expiresAt: InstantSchema }).meta({ id: 'CreatedShareLink' });

export const ShareLinkSchema = z
  .object({
    id: z.string(),
    expiresAt: InstantSchema,
    revokedAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
    state: z.enum(['works', 'expired', 'revoked']).describe("Whether the customer's page opens with this link now, on the server's clock"),
  })
  .meta({ id: 'ShareLink' });
export const ShareLinkListSchema = z.object({ items: z.array(ShareLinkSchema), nextCursor: z.null() }).meta({ id: 'ShareLinkList' });

export const CustomerViewFields = {
  meeting: z.object({
    title: z.string(),
    startsAt: InstantSchema,
    endsAt: InstantSchema.nullable(),
    cancelled: z.boolean(),
    attendees: z.array(z.object({ name: z.string(), side: z.enum(SIDES), role: z.string().nullable() })),
  }),
  agenda: z.array(z.object({ id: z.string(), section: z.enum(AGENDA_SECTIONS), sectionTitle: z.string(), text: z.string(), addedByCustomer: z.boolean(), discussed: z.boolean() })),
  actionItems: z.array(z.object({ id: z.string(), text: z.string(), ownerName: z.string(), dueDate: CalendarDateOutSchema.nullable(), status: z.enum(ACTION_ITEM_STATUSES) })),
};

/** What the customer sees by the link: the shared agenda and their side's open action items, nothing internal. */
export const CustomerAttachmentSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    contentType: z.string().describe('The type the bytes showed'),
    sizeBytes: z.number().int(),
    fromCustomer: z.boolean().describe('Sent by the customer through a link'),
    createdAt: InstantSchema,
  })
  .meta({ id: 'CustomerAttachment' });

export const CustomerViewSchema = z
  .object({
    ...CustomerViewFields,
    attachments: z.array(CustomerAttachmentSchema).describe('Files shared with the customer (advance materials) and those they sent; download with GET /api/share/{token}/attachments/{id}'),
    account: z.object({ name: z.string() }),
    timezone: z.string(),
    expiresAt: InstantSchema,
  })
  .meta({ id: 'CustomerView' });
export type CustomerViewAnswer = z.output<typeof CustomerViewSchema>;

export const ShareActionItemParams = z.strictObject({ token: z.string().min(10).max(100), id: z.string().min(1).max(64) });
export { CustomerDoneSchema } from '../../domain/agenda/customer-done.ts';

/** The item the customer ticked off, as the share page lists it. */
export const CustomerActionItemDoneSchema = CustomerViewFields.actionItems.element.meta({ id: 'CustomerActionItemDone' });

export const TopicProposedSchema = z.object({ ok: z.boolean().describe('Always true: the topic is on the agenda') }).meta({ id: 'TopicProposed' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type ShareLink = z.output<typeof ShareLinkSchema>;
export type AgendaPreview = z.output<typeof AgendaPreviewSchema>;
