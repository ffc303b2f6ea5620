import type { z } from 'zod';
import { firstIssue } from '../domain/validation.ts';
import { AppError } from '../errors.ts';

/**
 * The edge's one check of a request part against its schema: the value it means, or the 400
 * naming the first bad field, in the same `{ code, message, field }` the services use.
 */
export function validateAtEdge<S extends z.ZodType>(schema: S, data: unknown): { value: z.output<S> } | { error: AppError } {
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data };
  const { field, message } = firstIssue(result.error);
  return { error: new AppError('invalid', message, { field }) };
}

/** validateAtEdge for a route that must parse a body itself (after checking its signature). */
export function parseAtEdge<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const checked = validateAtEdge(schema, data);
  if ('error' in checked) throw checked.error;
  return checked.value;
}
