/**
 * One error type for every expected failure a user can cause, with one status map, so the HTTP
 * API, the CLI and jobs all report the same thing the same way.
 */
export const ERROR_CODES = ['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'rate_limited', 'too_large', 'internal', 'upstream'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  internal: 500,
  // A tracker, CRM or recording tool failed or refused: the vendor's fault or setting, not ours.
  upstream: 502,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function statusFor(code: ErrorCode): number {
  return STATUS[code];
}

export const invalid = (message: string, field?: string) => new AppError('invalid', message, { field });
export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'you may not do this') => new AppError('forbidden', message);
export const conflict = (message: string, field?: string) => new AppError('conflict', message, { field });
