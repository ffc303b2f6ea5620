import { z } from 'zod';
import type { FindingsReceipt } from '../../services/connections/findings.ts';
import { FindingSchema, FindingsArraySchema } from '../../domain/account/finding-input.ts';
import { checkShape, type SameShape } from './responses.ts';

export { FindingSchema, FindingsArraySchema, type FindingInput } from '../../domain/account/finding-input.ts';

/** One finding or an array of them; parsed one schema at a time so a problem names its field. */
export const FindingsDeliverySchema = z.union([FindingSchema, FindingsArraySchema]).meta({ id: 'FindingsDelivery' });

/** Parses a delivery: an array against the array schema ("1.kind"), anything else as one finding ("kind"). */
export function findingsSchemaFor(body: unknown): typeof FindingSchema | typeof FindingsArraySchema {
  return Array.isArray(body) ? FindingsArraySchema : FindingSchema;
}

export const FindingsReceiptSchema = z
  .object({
    received: z.number().int(),
    created: z.number().int(),
    duplicates: z.number().int().describe('Delivery ids seen before, acknowledged and ignored'),
    findings: z.array(z.object({ deliveryId: z.string(), id: z.string().nullable(), status: z.enum(['created', 'duplicate']) })),
  })
  .meta({ id: 'FindingsReceipt' });
checkShape<SameShape<z.output<typeof FindingsReceiptSchema>, FindingsReceipt>>();
