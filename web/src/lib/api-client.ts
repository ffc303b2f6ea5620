/** The only way the web app talks to Cadence: the same HTTP API scripts use. */

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

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'csm' | 'viewer';
  timezone: string;
}

export interface Account {
  id: string;
  name: string;
  segment: string;
  stage: string;
  deployment: string;
  productVersion: string | null;
  arr: number | null;
  renewalDate: string | null;
  contractStartDate: string | null;
  licencesBought: number | null;
  licencesUsed: number | null;
  ownerId: string | null;
  timezone: string;
  securityAlertsOptIn: boolean;
  healthColour: 'green' | 'yellow' | 'red' | null;
  healthScore: number | null;
  externalId: string | null;
  tags: string[];
  team: { userId: string; role: string }[];
  archivedAt: string | null;
  /** Present on book-of-business rows: calls, risks and cadence state. */
  activity?: {
    lastCallAt: string | null;
    nextCallAt: string | null;
    openRisks: number;
    nextCallDue: string | null;
    overdueDays: number | null;
  };
}

export interface Contact {
  id: string;
  accountId: string;
  name: string;
  email: string | null;
  title: string | null;
  role: string;
  status: string;
}

export interface TimelineEntry {
  id: string;
  kind: string;
  summary: string;
  actorId: string | null;
  occurredAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
