import { z } from 'zod';
import { InstantSchema } from './responses.ts';

export const OutboxEntrySchema = z
  .object({
    id: z.string(),
    kind: z.string().describe('What leaves: `mail`'),
    status: z.enum(['pending', 'delivered', 'dead']),
    summary: z.string().describe('Who it goes to and the subject; never the body'),
    idempotencyKey: z.string().describe("The key every attempt carries: a mail's Message-ID"),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable().describe('Why the last attempt failed, in words'),
    nextAttemptAt: InstantSchema.nullable().describe('When it is tried next, while pending'),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
    deliveredAt: InstantSchema.nullable(),
  })
  .meta({ id: 'OutboxEntry' });

export const OutboxStatusSchema = z
  .object({
    pending: z.number().int().describe('Queued or being retried'),
    delivered: z.number().int(),
    dead: z.number().int().describe('Given up after the last attempt; retry them once the cause is fixed'),
    deadLetters: z.array(OutboxEntrySchema),
  })
  .meta({ id: 'OutboxStatus' });
export type OutboxEntryView = z.infer<typeof OutboxEntrySchema>;
export type OutboxStatusView = z.infer<typeof OutboxStatusSchema>;
