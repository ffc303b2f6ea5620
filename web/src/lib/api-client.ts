/** The only way the web app talks to Cadence: the same HTTP API scripts use. */
import type { AccountActivity, Account as ApiAccount } from '../../../src/server/routes/accounts.schema.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The headers a write sent without `api` needs (an upload with progress): the session's CSRF token. */
export function writeHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json');
}

/** Sends a file as it is (a transcript), with its own content type. */
export function apiRaw<T>(method: string, path: string, body: string, contentType: string): Promise<T> {
  return send<T>(method, path, body, contentType);
}

async function send<T>(method: string, path: string, body: string | undefined, contentType: string | undefined): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType) headers['content-type'] = contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; field?: string } } | null;
  if (!res.ok) {
    throw new ApiError(res.status, data?.error?.code ?? 'internal', data?.error?.message ?? `request failed (${res.status})`, data?.error?.field);
  }
  return data as T;
}

// The API's own types, imported type-only from its response schemas (no copies to drift).
export type { Contact } from '../../../src/server/routes/contacts.schema.ts';
export type { User } from '../../../src/server/routes/users.schema.ts';
export type { TimelineEntry } from '../../../src/server/routes/accounts.schema.ts';

/** An account; the book of business's rows also carry their calls, risks and cadence state. */
export type Account = ApiAccount & { activity?: AccountActivity };

/** The one list shape, `{ items, nextCursor }`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
