import { z } from 'zod';
import { ERROR_CODES } from '../../errors.ts';

/** The one error body every route answers with: `{ error: { code, message, field? } }`. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

const ERROR_DESCRIPTIONS = {
  400: 'The input is invalid; `field` names the first bad field',
  401: 'Not signed in (no session cookie or Bearer token)',
  403: 'Signed in, but not allowed to do this (or the CSRF header is missing on a cookie write)',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state (a stale version, a duplicate)',
  429: 'Too many requests; retry later',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/**
 * The error answers a route can give, for its `response` schema: `...errorResponses(400, 404)`.
 * Every signed-in route can answer 401 and 403, so they are always included.
 */
export function errorResponses(...statuses: ErrorStatus[]): Partial<Record<ErrorStatus, typeof ErrorBodySchema>> {
  const all = new Set<ErrorStatus>([401, 403, ...statuses]);
  return Object.fromEntries([...all].sort().map((s) => [s, ErrorBodySchema.describe(ERROR_DESCRIPTIONS[s])]));
}
