/**
 * Google Calendar and Microsoft Graph stand-ins on 127.0.0.1 for the calendar connector tests,
 * answering the shapes of the published references:
 * - OAuth token endpoints: https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code,
 *   https://developers.google.com/identity/protocols/oauth2/web-server#offline (refresh; invalid_grant when revoked),
 *   https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow (rotating refresh tokens),
 *   RFC 6749 5.1/5.2 and RFC 7636 4.6 (the S256 check of code_verifier).
 * - Google events: https://developers.google.com/calendar/api/v3/reference/events/list (singleEvents,
 *   pageToken/nextPageToken, syncToken/nextSyncToken, iCalUID), https://developers.google.com/calendar/api/guides/sync
 *   (410 fullSyncRequired), https://developers.google.com/calendar/api/guides/errors (403 rateLimitExceeded, 429),
 *   events.insert (409 duplicate iCalUID), events.patch, events.delete, calendarList.list/get.
 * - Graph: https://learn.microsoft.com/graph/api/event-delta and https://learn.microsoft.com/graph/delta-query-overview
 *   (@odata.nextLink, @odata.deltaLink, @removed, 410 syncStateNotFound), https://learn.microsoft.com/graph/throttling (429 Retry-After),
 *   https://learn.microsoft.com/graph/api/user-post-events (transactionId), event-list-instances.
 * Each keeps its events in memory; a test edits them as the user would in the provider's app.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { startLocalServer, type LocalServer, type RecordedRequest, type Reply } from '../../src/integrations/testing/local-server.ts';

interface Grant {
  challenge: string;
  redirectUri: string;
  clientId: string;
}

/** The OAuth side both fakes share: codes, access tokens, refresh tokens, revocation. */
class FakeOAuth {
  codes = new Map<string, Grant>();
  access = new Set<string>();
  refresh = new Set<string>();
  /** Every token handed out, access and refresh, so a test can look for them where they must not be. */
  issued: string[] = [];
  refreshCalls = 0;
  seq = 0;
  constructor(
    readonly rotate: boolean,
    readonly expiresIn: number,
  ) {}

  /** What the user's browser does at the consent screen: answers the code and the state it came with. */
  authorize(url: string): { code: string; state: string } {
    const u = new URL(url);
    const code = `code-${++this.seq}`;
    this.codes.set(code, { challenge: u.searchParams.get('code_challenge') ?? '', redirectUri: u.searchParams.get('redirect_uri') ?? '', clientId: u.searchParams.get('client_id') ?? '' });
    return { code, state: u.searchParams.get('state') ?? '' };
  }

  /** Revokes everything: the next refresh answers invalid_grant. */
  revoke(): void {
    this.refresh.clear();
    this.access.clear();
  }

  /** Expires the access tokens (the refresh tokens still work). */
  expireAccess(): void {
    this.access.clear();
  }

  token(req: RecordedRequest): Reply {
    const form = new URLSearchParams(req.body);
    const issue = (withRefresh: boolean): Reply => {
      // Shaped like real ones (Google's ya29.… and 1//…): a '.' or '/' never occurs in base64url, so a
      // token found in a stored ciphertext can only have been written there in clear.
      const accessToken = `ya29.at-${++this.seq}`;
      this.access.add(accessToken);
      this.issued.push(accessToken);
      const json: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: this.expiresIn, scope: 'calendar' };
      if (withRefresh) {
        const refreshToken = `1//rt-${++this.seq}`;
        this.refresh.add(refreshToken);
        this.issued.push(refreshToken);
        json.refresh_token = refreshToken;
      }
      return { json };
    };
    if (form.get('grant_type') === 'authorization_code') {
      const grant = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!grant || grant.redirectUri !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
        return { status: 400, json: { error: 'invalid_grant', error_description: 'Bad Request' } };
      }
      return issue(true);
    }
    if (form.get('grant_type') === 'refresh_token') {
      this.refreshCalls += 1;
      const rt = form.get('refresh_token') ?? '';
      if (!this.refresh.has(rt)) return { status: 400, json: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      if (this.rotate) this.refresh.delete(rt);
      return issue(this.rotate);
    }
    return { status: 400, json: { error: 'unsupported_grant_type' } };
  }

  authorized(req: RecordedRequest): boolean {
    const h = req.headers.authorization ?? '';
    return h.startsWith('Bearer ') && this.access.has(h.slice(7));
  }
}

export interface GoogleEventJson {
  id: string;
  etag?: string;
  status?: string;
  iCalUID?: string;
  summary?: string;
  start?: { date?: string; dateTime?: string; timeZone?: string };
  end?: { date?: string; dateTime?: string; timeZone?: string };
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: { date?: string; dateTime?: string; timeZone?: string };
  organizer?: { email: string };
  attendees?: { email: string; displayName?: string }[];
  [key: string]: unknown;
}

export interface FakeGoogle {
  server: LocalServer;
  oauth: FakeOAuth;
  email: string;
  /** The events of the primary calendar, by id; `seq` is when each last changed. */
  events: Map<string, GoogleEventJson & { seq: number }>;
  /** Adds or replaces an event as the user would in Google Calendar. */
  put(e: GoogleEventJson): void;
  /** Deletes it: a cancelled event the next incremental sync lists. */
  remove(id: string): void;
  /** Every sync token handed out so far stops working (410). */
  invalidateSyncTokens(): void;
  /** Answers queued ahead of the normal ones for events.list (429, 403 rateLimitExceeded …). */
  queueEventsList(...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startFakeGoogle(options: { email: string; pageSize?: number; expiresIn?: number }): Promise<FakeGoogle> {
  const oauth = new FakeOAuth(false, options.expiresIn ?? 3599);
  const events = new Map<string, GoogleEventJson & { seq: number }>();
  let seq = 0;
  let validFrom = 0;
  const queued: Reply[] = [];
  const pageSize = options.pageSize ?? 2;
  const calendar = options.email;
  const touch = (e: GoogleEventJson) => {
    seq += 1;
    events.set(e.id, { ...e, etag: `"${seq}"`, seq });
  };
  const unauthorized: Reply = { status: 401, json: { error: { code: 401, message: 'Invalid Credentials', errors: [{ domain: 'global', reason: 'authError', message: 'Invalid Credentials' }] } } };
  const base = '/calendar/v3';
  const eventsPath = `${base}/calendars/${encodeURIComponent(calendar)}/events`;
  const out = ({ seq: _s, ...e }: GoogleEventJson & { seq: number }) => e;

  const server = await startLocalServer((req) => {
    if (req.path === '/token') return oauth.token(req);
    if (!oauth.authorized(req)) return unauthorized;
    if (req.path === `${base}/users/me/calendarList/primary`) return { json: { kind: 'calendar#calendarListEntry', id: calendar, summary: calendar, accessRole: 'owner', primary: true } };
    if (req.path === `${base}/users/me/calendarList`) return { json: { kind: 'calendar#calendarList', items: [{ id: calendar, summary: calendar, accessRole: 'owner', primary: true }] } };
    if (req.path === eventsPath && req.method === 'GET') {
      const next = queued.shift();
      if (next) return next;
      const syncToken = req.query.get('syncToken');
      const uid = req.query.get('iCalUID');
      let list = [...events.values()].sort((a, b) => a.seq - b.seq);
      if (syncToken) {
        const from = Number(syncToken.replace('sync-', ''));
        if (!Number.isFinite(from) || from < validFrom)
          return { status: 410, json: { error: { code: 410, message: 'Sync token is no longer valid, a full sync is required.', errors: [{ domain: 'calendar', reason: 'fullSyncRequired' }] } } };
        list = list.filter((e) => e.seq > from);
      } else if (uid) {
        list = list.filter((e) => e.iCalUID === uid && (req.query.get('showDeleted') === 'true' || e.status !== 'cancelled'));
      } else if (req.query.get('showDeleted') !== 'true') list = list.filter((e) => e.status !== 'cancelled');
      const start = Number(req.query.get('pageToken') ?? 0);
      const page = list.slice(start, start + pageSize);
      const more = start + pageSize < list.length;
      return { json: { kind: 'calendar#events', items: page.map(out), ...(more ? { nextPageToken: String(start + pageSize) } : uid ? {} : { nextSyncToken: `sync-${seq}` }) } };
    }
    if (req.path === eventsPath && req.method === 'POST') {
      const body = JSON.parse(req.body) as GoogleEventJson;
      if ([...events.values()].some((e) => e.iCalUID === body.iCalUID && !e.recurringEventId))
        return { status: 409, json: { error: { code: 409, message: 'The requested identifier already exists.', errors: [{ domain: 'global', reason: 'duplicate' }] } } };
      const id = `g${seq + 1}x`;
      touch({ ...body, id, status: body.status ?? 'confirmed', organizer: { email: calendar } });
      return { json: out(events.get(id)!) };
    }
    if (req.path.startsWith(`${eventsPath}/`)) {
      const id = decodeURIComponent(req.path.slice(eventsPath.length + 1));
      const existing = events.get(id);
      if (req.method === 'DELETE') {
        if (!existing || existing.status === 'cancelled') return { status: 410, json: { error: { code: 410, message: 'Resource has been deleted' } } };
        touch({ ...existing, status: 'cancelled' });
        return { status: 204 };
      }
      if (req.method === 'PATCH') {
        const body = JSON.parse(req.body) as GoogleEventJson;
        if (existing) {
          touch({ ...existing, ...body, id });
          return { json: out(events.get(id)!) };
        }
        // An instance of a series: `<seriesId>_<original start>` becomes an exception.
        const m = /^(.+)_(\d{8}(T\d{6}Z)?)$/.exec(id);
        const master = m ? events.get(m[1]!) : undefined;
        if (!m || !master) return { status: 404, json: { error: { code: 404, message: 'Not Found' } } };
        const s = m[2]!;
        const originalStartTime = s.length === 8 ? { date: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` } : { dateTime: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z` };
        touch({ ...body, id, iCalUID: master.iCalUID, recurringEventId: master.id, originalStartTime, organizer: master.organizer });
        return { json: out(events.get(id)!) };
      }
    }
    return { status: 404, json: { error: { code: 404, message: 'Not Found' } } };
  });
  return {
    server,
    oauth,
    email: calendar,
    events,
    put: touch,
    remove: (id) => {
      const e = events.get(id);
      if (e) touch({ id: e.id, status: 'cancelled', ...(e.recurringEventId ? { recurringEventId: e.recurringEventId, originalStartTime: e.originalStartTime, iCalUID: e.iCalUID } : {}) });
    },
    invalidateSyncTokens: () => {
      validFrom = seq + 1;
    },
    queueEventsList: (...replies) => queued.push(...replies),
    close: () => server.close(),
  };
}

export interface GraphEventJson {
  id: string;
  type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  seriesMasterId?: string;
  subject?: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  originalStart?: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  transactionId?: string;
  iCalUId?: string;
  organizer?: { emailAddress: { address: string; name?: string } };
  attendees?: { emailAddress: { address: string; name?: string }; type?: string }[];
  [key: string]: unknown;
}

export interface FakeGraph {
  server: LocalServer;
  oauth: FakeOAuth;
  email: string;
  calendarId: string;
  /** Events by id: single instances, series masters (never listed by calendarView) and their occurrences. */
  events: Map<string, GraphEventJson & { seq: number; removed?: boolean }>;
  put(e: GraphEventJson): void;
  remove(id: string): void;
  invalidateDeltaLinks(): void;
  queueDelta(...replies: Reply[]): void;
  /** POST /events answers (by transactionId): how many events exist for it. */
  created(transactionId: string): number;
  close(): Promise<void>;
}

export async function startFakeGraph(options: { email: string; pageSize?: number }): Promise<FakeGraph> {
  const oauth = new FakeOAuth(true, 3599);
  const events = new Map<string, GraphEventJson & { seq: number; removed?: boolean }>();
  let seq = 0;
  let validFrom = 0;
  const queued: Reply[] = [];
  const pageSize = options.pageSize ?? 2;
  const calendarId = 'AAMkCal1';
  const touch = (e: GraphEventJson & { removed?: boolean }) => {
    seq += 1;
    events.set(e.id, { ...e, changeKey: `ck${seq}`, '@odata.etag': `W/"ck${seq}"`, seq });
  };
  const out = ({ seq: _s, removed: _r, ...e }: GraphEventJson & { seq: number; removed?: boolean }) => e;
  const unauthorized: Reply = { status: 401, json: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } } };
  const server = await startLocalServer((req, self) => {
    if (req.path.endsWith('/oauth2/v2.0/token')) return oauth.token(req);
    if (!oauth.authorized(req)) return unauthorized;
    const v = '/v1.0';
    if (req.path === `${v}/me`) return { json: { id: 'u1', mail: options.email, userPrincipalName: options.email } };
    if (req.path === `${v}/me/calendars`) return { json: { value: [{ id: calendarId, name: 'Calendar', canEdit: true }] } };
    if (req.path === `${v}/me/calendars/${calendarId}/calendarView/delta`) {
      const next = queued.shift();
      if (next) return next;
      const token = req.query.get('$deltatoken');
      const skip = Number(req.query.get('$skiptoken') ?? 0);
      let list = [...events.values()].filter((e) => e.type !== 'seriesMaster').sort((a, b) => a.seq - b.seq);
      if (token) {
        const from = Number(token);
        if (from < validFrom) return { status: 410, json: { error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found.' } } };
        list = list.filter((e) => e.seq > from);
      } else list = list.filter((e) => !e.removed && !e.isCancelled);
      const page = list.slice(skip, skip + pageSize);
      const link = (q: string) => `${self.url}${v}/me/calendars/${calendarId}/calendarView/delta?${q}`;
      return {
        json: {
          value: page.map((e) => (e.removed ? { id: e.id, '@removed': { reason: 'deleted' } } : out(e))),
          ...(skip + pageSize < list.length ? { '@odata.nextLink': link(`${token ? `$deltatoken=${token}&` : ''}$skiptoken=${skip + pageSize}`) } : { '@odata.deltaLink': link(`$deltatoken=${seq}`) }),
        },
      };
    }
    if (req.path === `${v}/me/calendars/${calendarId}/events` && req.method === 'POST') {
      const body = JSON.parse(req.body) as GraphEventJson & { recurrence?: unknown };
      const same = [...events.values()].find((e) => e.transactionId && e.transactionId === body.transactionId && !e.removed);
      if (same) return { status: 201, json: out(same) };
      const id = `m${seq + 1}`;
      const organizer = { emailAddress: { address: options.email } };
      if (body.recurrence) {
        touch({ ...body, id, type: 'seriesMaster', iCalUId: `ical-${id}`, organizer });
        // Weekly pattern only, enough for the tests: numberOfOccurrences weeks from the start.
        // The local times are in the event's zone (Graph computes occurrences in recurrenceTimeZone).
        const r = body.recurrence as { range: { numberOfOccurrences?: number } };
        const inZone = (t: { dateTime: string; timeZone: string }) => DateTime.fromISO(t.dateTime, { zone: t.timeZone === 'UTC' ? 'utc' : t.timeZone });
        const first = inZone(body.start);
        const length = inZone(body.end).toMillis() - first.toMillis();
        for (let i = 0; i < (r.range.numberOfOccurrences ?? 4); i += 1) {
          const at = first.plus({ weeks: i }).toUTC().toISO({ suppressMilliseconds: true })!;
          touch({
            id: `${id}-o${i}`,
            type: 'occurrence',
            seriesMasterId: id,
            subject: body.subject,
            start: { dateTime: at.replace('Z', ''), timeZone: 'UTC' },
            end: { dateTime: new Date(Date.parse(at) + length).toISOString().replace('Z', ''), timeZone: 'UTC' },
            originalStart: at,
            organizer,
          });
        }
      } else touch({ ...body, id, type: 'singleInstance', iCalUId: `ical-${id}`, organizer });
      return { status: 201, json: out(events.get(id)!) };
    }
    const m = new RegExp(`^${v}/me/events/([^/]+)(/instances)?$`).exec(req.path);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      const e = events.get(id);
      if (!e || e.removed) return { status: 404, json: { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } } };
      if (m[2]) return { json: { value: [...events.values()].filter((o) => o.seriesMasterId === id && !o.removed).map(out) } };
      if (req.method === 'GET') return { json: out(e) };
      if (req.method === 'PATCH') {
        touch({ ...e, ...(JSON.parse(req.body) as object), id, type: e.type === 'occurrence' ? 'exception' : e.type });
        if (e.type === 'seriesMaster') for (const o of events.values()) if (o.seriesMasterId === id) touch({ ...o });
        return { json: out(events.get(id)!) };
      }
      if (req.method === 'DELETE') {
        touch({ ...e, removed: true });
        if (e.type === 'seriesMaster') for (const o of [...events.values()]) if (o.seriesMasterId === id) touch({ ...o, removed: true });
        return { status: 204 };
      }
    }
    return { status: 404, json: { error: { code: 'ResourceNotFound', message: 'Resource not found' } } };
  });
  return {
    server,
    oauth,
    email: options.email,
    calendarId,
    events,
    put: touch,
    remove: (id) => {
      const e = events.get(id);
      if (e) touch({ ...e, removed: true });
    },
    invalidateDeltaLinks: () => {
      validFrom = seq + 1;
    },
    queueDelta: (...replies) => queued.push(...replies),
    created: (transactionId) => [...events.values()].filter((e) => e.transactionId === transactionId && !e.removed).length,
    close: () => server.close(),
  };
}
