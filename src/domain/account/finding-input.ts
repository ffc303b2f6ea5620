/**
 * What the product sends about an account (POST /api/findings, or a CSV import): one finding per
 * delivery id, so a sender may retry freely.
 */
import { z } from 'zod';
import { FINDING_KINDS, FINDING_SEVERITIES } from '../meeting/meeting.ts';
import { shortText } from '../validation.ts';

export const MAX_FINDINGS_PER_DELIVERY = 1000;

export const FindingSchema = z
  .strictObject({
    deliveryId: z.string().trim().min(1, 'must not be empty').max(200),
    accountId: z.string().trim().min(1).max(64).optional(),
    accountExternalId: z.string().trim().min(1).max(200).optional(),
    kind: z.enum(FINDING_KINDS),
    title: shortText(300),
    severity: z.enum(FINDING_SEVERITIES).nullable().optional(),
    detail: z.string().max(20_000, 'must be at most 20000 characters').nullable().optional(),
    foundAt: z.iso.datetime({ offset: true, message: 'is not an ISO 8601 time' }),
  })
  .refine((f) => (f.accountId === undefined) !== (f.accountExternalId === undefined), { message: 'give accountId or accountExternalId (one, not both)', path: ['accountId'] });
export type FindingInput = z.infer<typeof FindingSchema>;

export const FindingsArraySchema = z.array(FindingSchema).min(1, 'must hold at least one finding').max(MAX_FINDINGS_PER_DELIVERY, `must hold at most ${MAX_FINDINGS_PER_DELIVERY} findings`);
