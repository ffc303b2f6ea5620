import type { z } from 'zod';
import { controlCharacterMessage, firstControlCharacter, firstIssue } from '../domain/validation.ts';
import { AppError } from '../errors.ts';

/**
 * The CLI's edge check, as the HTTP edge does it: parses options with the use case's own schema
 * and turns the first problem into a user error naming the field. Services take the typed result.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // Control characters are refused as on the HTTP edge (NUL was a database error on PostgreSQL).
  const control = firstControlCharacter(input);
  if (control) throw new AppError('invalid', `${control.field || 'input'} ${controlCharacterMessage(control.codePoint)}`, { field: control.field || undefined });
  const result = schema.safeParse(input);
  if (!result.success) {
    const { field, message } = firstIssue(result.error);
    throw new AppError('invalid', message, { field });
  }
  return result.data;
}
