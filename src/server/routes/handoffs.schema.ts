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
