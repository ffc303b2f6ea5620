import { z } from 'zod';
import { ActionItemSchema } from './action-items.schema.ts';
import { MeetingSchema } from './meetings.schema.ts';
import { InstantSchema } from './responses.ts';

// The bodies are the domain's: wrapUpMeeting, settleRequest and editFollowUp take exactly these.
export { RequestSettleSchema, WrapUpSchema, type RequestSettle, type WrapUp } from '../../domain/meeting/meeting-input.ts';
export { FollowUpEditSchema, FollowUpSendSchema, type FollowUpEdit, type FollowUpSend } from '../../domain/meeting/follow-up.ts';

export const RaisedRequestParams = z.strictObject({ id: z.string().max(64), requestId: z.string().max(64) });

const RequestKind = z.enum(['ticket', 'feature_request']);

export const EngagementSchema = z
  .object({
    complete: z.boolean(),
    effective: z.boolean().nullable().describe('false when a held call produced no action items; null until it is held'),
    gaps: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('not_held') }),
          z.object({ kind: z.literal('follow_up_not_sent') }),
          z.object({ kind: z.literal('request_not_opened'), requestId: z.string(), requestKind: RequestKind, title: z.string() }),
        ]),
      )
      .describe('What still stands between the call and a complete engagement, in the order to do it'),
  })
  .meta({ id: 'Engagement' });

export const RaisedRequestSchema = z
  .object({
    id: z.string(),
    meetingId: z.string(),
    kind: RequestKind,
    title: z.string(),
    externalId: z.string().nullable(),
    url: z.string().nullable(),
    dismissedReason: z.string().nullable(),
  })
  .meta({ id: 'RaisedRequest' });

export const WrapUpResultSchema = z.object({ meeting: MeetingSchema, actionItems: z.array(ActionItemSchema), engagement: EngagementSchema, followUpDueAt: InstantSchema }).meta({ id: 'WrapUpResult' });

export const FollowUpSchema = z
  .object({
    meetingId: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    recipients: z.array(z.string()),
    dueAt: InstantSchema.describe('One business day after the call, in the account’s time zone and holidays'),
    draftedAt: InstantSchema,
    editedAt: InstantSchema.nullable().describe('When the CSM last edited it; null for a draft as Cadence wrote it'),
    sentAt: InstantSchema.nullable(),
    messageId: z.string().nullable(),
  })
  .meta({ id: 'FollowUp' });

const ItemReviewSchema = z
  .object({
    id: z.string(),
    text: z.string(),
    side: z.enum(['vendor', 'customer']),
    status: z.enum(['done', 'open']),
    addressed: z.boolean().describe('Open items: true when the message gives a next step with a date still ahead'),
    reason: z.string().nullable().describe('Why an open item is not addressed, in words'),
  })
  .meta({ id: 'FollowUpItemReview' });

export const FollowUpMailSchema = z
  .object({
    to: z.array(z.string()),
    cc: z.array(z.string()),
    bcc: z.array(z.string()),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })),
  })
  .meta({ id: 'FollowUpMail' });

export const FollowUpPreviewSchema = z
  .object({
    messages: z.array(FollowUpMailSchema).describe('Exactly what each recipient gets'),
    review: z.array(ItemReviewSchema),
    unaddressed: z.array(ItemReviewSchema).describe('Open action items the message does not address; sending refuses without sendWithUnaddressed'),
    warnings: z.array(z.string()),
    notices: z.array(z.string()).describe('For a draft you edited: action items changed since, which your text does not show'),
    fingerprint: z.string().describe('Send with this to confirm that what was previewed is what goes out'),
  })
  .meta({ id: 'FollowUpPreview' });

export const FollowUpSentSchema = z.object({ meeting: MeetingSchema, followUp: FollowUpSchema, engagement: EngagementSchema }).meta({ id: 'FollowUpSent' });
export const MeetingEngagementSchema = z.object({ engagement: EngagementSchema, requests: z.array(RaisedRequestSchema) }).meta({ id: 'MeetingEngagement' });
export const RequestSettledSchema = z.object({ meeting: MeetingSchema, engagement: EngagementSchema }).meta({ id: 'RequestSettled' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type FollowUp = z.output<typeof FollowUpSchema>;
export type FollowUpPreview = z.output<typeof FollowUpPreviewSchema>;
export type Engagement = z.output<typeof MeetingEngagementSchema>;
export type EngagementGap = z.output<typeof EngagementSchema>['gaps'][number];
export type WrapUpResult = z.output<typeof WrapUpResultSchema>;
