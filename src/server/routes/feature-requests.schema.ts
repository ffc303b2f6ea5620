import { z } from 'zod';
import { linkUrl } from '../../domain/validation.ts';

export const ShippedSchema = z.strictObject({
  release: z.string().trim().min(1, 'name the release it shipped in').max(100, 'must be at most 100 characters'),
  url: linkUrl().optional(),
});

export const ShippedAnswerSchema = z
  .object({
    release: z.string(),
    requestIds: z.array(z.string()).describe("Every account's copy of the request now marked shipped"),
    drafts: z.array(z.object({ accountId: z.string(), accountName: z.string(), subject: z.string(), text: z.string() })).describe('One draft per account you may see, for its CSM to review and send'),
    otherAccounts: z.number().int().describe('Accounts that asked too but are outside your book (their CSMs draft their own)'),
  })
  .meta({ id: 'FeatureShipped' });
