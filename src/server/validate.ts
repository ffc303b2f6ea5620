import type { z } from 'zod';
import { controlCharacterMessage, firstControlCharacter, firstIssue } from '../domain/validation.ts';
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
  refuseControlCharacters({ body: data });
  const checked = validateAtEdge(schema, data);
  if ('error' in checked) throw checked.error;
  return checked.value;
}

/**
 * The 400 for the first refused control character in a request's parts (path, query, body),
 * naming its field as the schema errors do. A body of plain text is named `body`; a CSV body is
 * left to the importer, which names the line and column.
 */
export function refuseControlCharacters(parts: { params?: unknown; query?: unknown; body?: unknown; contentType?: string }): void {
  const body = typeof parts.body === 'string' && parts.contentType?.startsWith('text/csv') ? undefined : parts.body;
  for (const value of [parts.params, parts.query, body]) {
    const found = firstControlCharacter(value);
    if (found) {
      const field = found.field || 'body';
      throw new AppError('invalid', `${field} ${controlCharacterMessage(found.codePoint)}`, { field });
    }
  }
}
