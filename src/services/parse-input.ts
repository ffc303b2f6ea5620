import type { z } from 'zod';
import { firstIssue } from '../domain/validation.ts';
import { AppError } from '../errors.ts';

/**
 * Parses with a zod schema and turns the first problem into a 400 naming the field.
 *
 * Leaving: services take typed input, checked once at the edge (the route's schema, or the CLI's
 * src/cli/parse-input.ts). Delete this file with its last import.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const { field, message } = firstIssue(result.error);
    throw new AppError('invalid', message, { field });
  }
  return result.data;
}
