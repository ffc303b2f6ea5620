import { z } from 'zod';
import { HANDOFF_STATUSES } from '../../domain/handoff/handoff-note.ts';
import { listParam } from './query.ts';
import { InstantSchema } from './responses.ts';

const Id = z.string().trim().min(1).max(64);

export const HandoffCreateSchema = z.strictObject({
  accountIds: z.array(Id).min(1).max(1000).describe('The accounts to hand off (1 to 1,000)'),
  toUserId: Id.describe('The new owner: an active user who is not a viewer'),
  reason: z.string().max(1000).optional().describe('Why (a new territory, leave, a book rebalanced)'),
  introMail: z.boolean().optional().describe('An introduction mail to the customer is planned (previewed and sent from the handoff)'),
});

export const HandoffListQuerySchema = z.strictObject({
  status: listParam(HANDOFF_STATUSES),
  for: z.enum(['me']).optional().describe("'me': the handoffs given to you"),
});

export const HandoffNoteUpdateSchema = z.strictObject({
  note: z.string().max(50_000).describe('The handoff note, Markdown (rendered sanitised)'),
});

export const HandoffSummarySchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    accountName: z.string(),
    fromUserId: z.string().nullable(),
    toUserId: z.string(),
    status: z.enum(HANDOFF_STATUSES),
    taskId: z.string().nullable().describe("The new owner's review task"),
  })
  .meta({ id: 'HandoffSummary' });

export const HandoffsCreatedSchema = z.object({ handoffs: z.array(HandoffSummarySchema) }).meta({ id: 'HandoffsCreated' });

export const HandoffSchema = HandoffSummarySchema.extend({
  fromUserName: z.string().nullable(),
  toUserName: z.string(),
  reason: z.string().nullable(),
  note: z.string().describe('Markdown, drafted from the account and edited by the new owner; internal'),
  noteHtml: z.string().describe('The note as sanitised HTML'),
  introMail: z.boolean(),
  introSentAt: InstantSchema.nullable(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  reviewedAt: InstantSchema.nullable(),
}).meta({ id: 'Handoff' });

export const HandoffListSchema = z.object({ items: z.array(HandoffSchema), nextCursor: z.null() }).meta({ id: 'HandoffList' });

export const IntroPreviewSchema = z
  .object({
    messages: z.array(z.object({ to: z.array(z.string()), cc: z.array(z.string()), subject: z.string(), text: z.string(), html: z.string() })).describe('One mail per customer contact, exactly as they get it'),
    fingerprint: z.string(),
  })
  .meta({ id: 'HandoffIntroPreview' });

export const IntroSendSchema = z.union([z.strictObject({ fingerprint: z.string().min(1).max(64) }), z.strictObject({ confirm: z.literal(true) })]).describe("The preview's fingerprint, or confirm: true");

const contextText = z.string().max(20_000);
export const SalesContextUpdateSchema = z.strictObject({
  purchaseReasons: contextText.optional().describe('Why they bought'),
  useCases: contextText.optional().describe('The use cases sold'),
  stakeholders: contextText.optional().describe('Who matters on their side, and what each cares about'),
});

export const SalesContextSchema = z
  .object({ accountId: z.string(), purchaseReasons: z.string(), useCases: z.string(), stakeholders: z.string(), updatedBy: z.string().nullable(), updatedAt: InstantSchema.nullable() })
  .meta({ id: 'SalesContext' });
