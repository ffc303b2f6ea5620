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
  401: 'Not signed in (no session cookie or Bearer token), or the token is not valid',
  403: 'Signed in, but not allowed to do this (or the CSRF header is missing on a cookie write)',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state (a stale version, a duplicate)',
  413: 'The body is larger than this operation takes (or too large to read in the time allowed)',
  415: 'The body was sent with a content type this operation does not take',
  429: 'Too many requests; retry later',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** One documented error answer, in the content form so every answer refers to the one `Error` component. */
export interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: typeof ErrorBodySchema } };
}

function errorResponse(status: ErrorStatus): ErrorResponse {
  return { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ErrorBodySchema } } };
}

/**
 * The error answers a route can give, for its `response` schema: `...errorResponses(400, 404)`.
 * Every signed-in route can answer 401 and 403, so they are always included. (400 and 415 are
 * added by build-app to every route that validates input or takes a body.)
 */
export function errorResponses(...statuses: ErrorStatus[]): Partial<Record<ErrorStatus, ErrorResponse>> {
  return byStatus([401, 403, ...statuses]);
}

/**
 * Exactly these error answers, for a route that never forbids (a public one, or a read any
 * signed-in user may make). build-app still adds what the edge answers: 401 for a bad token,
 * 403 for a cookie write without the CSRF header, 400 and 415 for bad input.
 */
export function exactErrorResponses(...statuses: ErrorStatus[]): Partial<Record<ErrorStatus, ErrorResponse>> {
  return byStatus(statuses);
}

/** The error answers of a public route (no sign-in needed): 401 for a Bearer token sent but not valid, and these. */
export function publicErrorResponses(...statuses: ErrorStatus[]): Partial<Record<ErrorStatus, ErrorResponse>> {
  return byStatus([401, ...statuses]);
}

function byStatus(statuses: ErrorStatus[]): Partial<Record<ErrorStatus, ErrorResponse>> {
  return Object.fromEntries([...new Set(statuses)].sort().map((s) => [s, errorResponse(s)]));
}

/** An ISO 8601 instant in UTC, as every time in the API is written. */
export const InstantSchema = z.string().describe('ISO 8601 time in UTC');
/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDateOutSchema = z.string().describe('Calendar date, YYYY-MM-DD');

/** The answer of a route that succeeds with 204 and no body. */
export const NoContent = z.undefined().describe('Done; no body');

/** `{ items, nextCursor }`, the one list shape (`nextCursor` null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

// Every key required, recursively, so a key one side lacks (even an optional one) shows up.
type Shape<T> = T extends readonly (infer U)[] ? Shape<U>[] : T extends object ? { [K in keyof T]-?: Shape<T[K]> } : T;

/** `true` when a response schema's output and the type a service returns have the same keys and types. */
export type SameShape<A, B> = [Shape<A>] extends [Shape<B>] ? ([Shape<B>] extends [Shape<A>] ? true : false) : false;

/**
 * Compiles only when its type argument is `true`: `checkShape<SameShape<z.output<typeof AccountSchema>, Account>>()`.
 * The serializer strips keys a schema does not name, so a schema missing a field would silently
 * drop it from the API; this makes that a type error instead.
 */
export function checkShape<T extends true>(): T | undefined {
  return undefined;
}
