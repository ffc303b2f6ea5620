import type { z } from 'zod';
import { firstIssue } from '../domain/validation.ts';
import { AppError } from '../errors.ts';

/**
 * The CLI's edge check, as the HTTP edge does it: parses options with the use case's own schema
 * and turns the first problem into a user error naming the field. Services take the typed result.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const { field, message } = firstIssue(result.error);
    throw new AppError('invalid', message, { field });
  }
  return result.data;
}
