import type { z } from 'zod';
import { IntegrationError } from './errors.ts';

/**
 * Checks a vendor answer against the fields Cadence reads. A mismatch means the URL points at
 * something else or the vendor changed its API: `invalid_response`, naming the first field.
 */
export function parseVendor<S extends z.ZodType>(schema: S, data: unknown, vendor: string, what: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new IntegrationError('invalid_response', `unexpected ${what}${where}: ${issue?.message ?? 'shape not recognised'}`, { vendor, target: what });
}
