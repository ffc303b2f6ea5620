/**
 * Google Calendar API v3 as a CalendarProvider.
 * - Calendars: calendarList.list (https://developers.google.com/calendar/api/v3/reference/calendarList/list).
 * - Changes: events.list with singleEvents=false, paged by pageToken, ending in nextSyncToken; the
 *   next sync sends syncToken and gets only what changed (deleted events as status "cancelled").
 *   410 Gone means the token is no longer valid: the calendar is listed again from scratch
 *   (https://developers.google.com/calendar/api/guides/sync).
 * - A series event and its exceptions share an iCalUID and travel as one object; a change to an
 *   exception re-reads the whole iCalUID (events.list?iCalUID=).
 * - Writes: events.insert with iCalUID = Cadence's UID (a retry or an earlier half-done write answers
 *   409 and the event is found by iCalUID and patched), events.patch with If-Match, events.delete;
 *   sendUpdates=none, Cadence mails its own invites.
 * - 429, and 403 rateLimitExceeded/userRateLimitExceeded, are retried with backoff honouring Retry-After
 *   (https://developers.google.com/calendar/api/guides/errors), a bounded number of times.
 * - Every call carries the keeper's access token; a 401 refreshes it once (oauth.ts).
 */
import type { CalendarChanges, CalendarCursor, CalendarObject, CalendarProvider, CalendarRef } from '../calendar/port.ts';
import { splitObject } from '../calendar/ics-parts.ts';
import { IntegrationError, isIntegrationError } from '../errors.ts';
import { createHttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from '../http.ts';
import { withFreshToken, type TokenKeeper } from '../oauth/oauth.ts';
import { googleEventBody, googleEventsToIcs, groupEtag, instanceId, type GoogleEvent } from './map.ts';

export const GOOGLE_API_URL = 'https://www.googleapis.com/calendar/v3';

export interface GoogleCalendarOptions {
  /** CADENCE_GOOGLE_API_URL, or the public API. */
  apiUrl?: string;
  tokens: TokenKeeper;
  /** How many times a 403 rateLimitExceeded is retried. Default 4. */
  rateLimitRetries?: number;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

interface EventsPage {
  items?: GoogleEvent[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

const VENDOR = 'google';

/** The provider, and the address of the Google account signed in (its primary calendar's id). */
export type GoogleCalendarClient = CalendarProvider & { accountEmail(signal?: AbortSignal): Promise<string> };

export function createGoogleCalendarClient(options: GoogleCalendarOptions): GoogleCalendarClient {
  const apiUrl = (options.apiUrl ?? GOOGLE_API_URL).replace(/\/$/, '');
  const sleep = options.http?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetryAfterMs = options.http?.maxRetryAfterMs ?? 120_000;
  const rateLimitRetries = options.rateLimitRetries ?? 4;
  const backoffBaseMs = options.http?.backoffBaseMs ?? 1000;

  // Google says rate limits with 403 too: its body names the reason (rateLimitExceeded, userRateLimitExceeded).
  async function call<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await withFreshToken(options.tokens, (token) => createHttpClient({ vendor: VENDOR, baseUrl: apiUrl, auth: () => ({ authorization: `Bearer ${token.accessToken}` }), ...options.http }).request<T>(req), req.signal);
      } catch (err) {
        const limited = isIntegrationError(err) && err.status === 403 && /rate ?limit/i.test(err.vendorMessage ?? '');
        if (!limited || attempt > rateLimitRetries) throw err;
        const wait = err.retryAfterMs ?? backoffBaseMs * 2 ** (attempt - 1);
        if (wait > maxRetryAfterMs) throw err;
        await sleep(wait, req.signal);
      }
    }
  }

  const eventsPath = (calendarId: string) => `${apiUrl}/calendars/${encodeURIComponent(calendarId)}/events`;
  const hrefOf = (calendarId: string, eventId: string) => `${eventsPath(calendarId)}/${encodeURIComponent(eventId)}`;
  const calendarOfHref = (href: string) => decodeURIComponent(href.slice(`${apiUrl}/calendars/`.length).split('/')[0] ?? '');

  async function listAll(calendarId: string, query: Record<string, string | boolean | number | undefined>, signal?: AbortSignal): Promise<{ items: GoogleEvent[]; nextSyncToken: string | null }> {
    const items: GoogleEvent[] = [];
    let pageToken: string | undefined;
    for (let pages = 0; pages < 1000; pages += 1) {
      const res = await call<EventsPage>({ path: eventsPath(calendarId), query: { singleEvents: false, maxResults: 250, ...query, pageToken }, signal });
      items.push(...(res.data?.items ?? []));
      if (res.data?.nextPageToken) {
        pageToken = res.data.nextPageToken;
        continue;
      }
      return { items, nextSyncToken: res.data?.nextSyncToken ?? null };
    }
    throw new IntegrationError('invalid_response', 'events.list never stopped paging', { vendor: VENDOR, target: 'GET events' });
  }

  /** Series event id of an item (itself for a single event or a series event). */
  const seriesOf = (e: GoogleEvent) => e.recurringEventId ?? e.id;

  function objectsOf(calendarId: string, groups: Map<string, GoogleEvent[]>): { changed: CalendarObject[]; deleted: string[] } {
    const changed: CalendarObject[] = [];
    const deleted: string[] = [];
    for (const [seriesId, events] of groups) {
      const href = hrefOf(calendarId, seriesId);
      const master = events.find((e) => !e.recurringEventId);
      if (master?.status === 'cancelled' || !master) {
        // The event (or series) was deleted; a series with no series event left is gone too.
        deleted.push(href);
        continue;
      }
      const ics = googleEventsToIcs(events);
      if (ics) changed.push({ href, etag: groupEtag(events), ics });
    }
    return { changed, deleted };
  }

  function group(items: GoogleEvent[]): Map<string, GoogleEvent[]> {
    const groups = new Map<string, GoogleEvent[]>();
    for (const e of items) groups.set(seriesOf(e), [...(groups.get(seriesOf(e)) ?? []), e]);
    return groups;
  }

  async function full(calendarId: string, signal?: AbortSignal): Promise<CalendarChanges> {
    const { items, nextSyncToken } = await listAll(calendarId, { showDeleted: false }, signal);
    const { changed } = objectsOf(calendarId, group(items));
    return { changed, deleted: [], cursor: { syncToken: nextSyncToken }, full: true };
  }

  async function findByUid(calendarId: string, uid: string, signal?: AbortSignal): Promise<GoogleEvent[]> {
    return (await listAll(calendarId, { iCalUID: uid, showDeleted: true }, signal)).items;
  }

  return {
    provider: VENDOR,

    async accountEmail(signal) {
      // https://developers.google.com/calendar/api/v3/reference/calendarList/get: "primary" is the signed-in user's calendar, its id their address.
      const res = await call<{ id?: string }>({ path: `${apiUrl}/users/me/calendarList/primary`, signal });
      if (!res.data?.id) throw new IntegrationError('invalid_response', 'Google did not name the signed-in account', { vendor: VENDOR, target: 'GET calendarList/primary' });
      return res.data.id.toLowerCase();
    },

    async listCalendars(signal) {
      const out: CalendarRef[] = [];
      let pageToken: string | undefined;
      do {
        const res = await call<{ items?: { id: string; summary?: string; summaryOverride?: string; accessRole?: string; deleted?: boolean }[]; nextPageToken?: string }>({
          path: `${apiUrl}/users/me/calendarList`,
          query: { pageToken, minAccessRole: 'reader' },
          signal,
        });
        for (const c of res.data?.items ?? []) {
          if (c.deleted) continue;
          out.push({ url: c.id, name: c.summaryOverride ?? c.summary ?? c.id, writable: c.accessRole === 'owner' || c.accessRole === 'writer' });
        }
        pageToken = res.data?.nextPageToken;
      } while (pageToken);
      return out;
    },

    async changesSince(calendarId: string, cursor: CalendarCursor | null, signal?: AbortSignal): Promise<CalendarChanges> {
      if (!cursor?.syncToken) return full(calendarId, signal);
      let page;
      try {
        page = await listAll(calendarId, { syncToken: cursor.syncToken }, signal);
      } catch (err) {
        // 410 Gone: the sync token expired or was invalidated; list everything again.
        if (isIntegrationError(err) && err.status === 410) return full(calendarId, signal);
        throw err;
      }
      const groups = group(page.items);
      // Only an exception changed: the object is the whole series, read again by its iCalUID.
      for (const [seriesId, events] of groups) {
        const uid = events.find((e) => e.iCalUID)?.iCalUID;
        if (events.some((e) => !e.recurringEventId && e.status === 'cancelled')) continue;
        if (uid && (events.some((e) => e.recurringEventId) || events.some((e) => e.recurrence?.length))) {
          const all = (await findByUid(calendarId, uid, signal)).filter((e) => seriesOf(e) === seriesId);
          if (all.length) groups.set(seriesId, all);
        }
      }
      const { changed, deleted } = objectsOf(calendarId, groups);
      return { changed, deleted, cursor: { syncToken: page.nextSyncToken ?? cursor.syncToken }, full: false };
    },

    async putObject(input, signal) {
      const parts = splitObject(input.ics);
      const calendarId = input.href ? calendarOfHref(input.href) : input.calendarUrl;
      const body = googleEventBody(parts.master, { recurrence: parts.master.recurrence });
      let seriesId: string | null = input.href ? decodeURIComponent(input.href.split('/').pop() ?? '') : null;
      let written: GoogleEvent | undefined;
      if (seriesId) {
        try {
          written = (await call<GoogleEvent>({ method: 'PATCH', path: hrefOf(calendarId, seriesId), query: { sendUpdates: 'none' }, json: body, idempotent: true, signal })).data;
        } catch (err) {
          // The object's etag is Cadence's digest of the series' etags, not one Google takes in If-Match: Cadence organises this call, its version is written.
          if (!isIntegrationError(err) || (err.status !== 404 && err.status !== 410)) throw err;
          seriesId = null;
        }
      }
      if (!seriesId) {
        try {
          written = (await call<GoogleEvent>({ method: 'POST', path: eventsPath(calendarId), query: { sendUpdates: 'none' }, json: { ...body, iCalUID: parts.uid }, signal })).data;
        } catch (err) {
          // 409: an event with this iCalUID is there already (an earlier write whose answer was lost): patch it.
          if (!isIntegrationError(err) || err.status !== 409) throw err;
          const existing = (await findByUid(calendarId, parts.uid, signal)).find((e) => !e.recurringEventId);
          if (!existing) throw err;
          written = (await call<GoogleEvent>({ method: 'PATCH', path: hrefOf(calendarId, existing.id), query: { sendUpdates: 'none' }, json: { ...body, status: 'confirmed' }, idempotent: true, signal })).data;
        }
      }
      if (!written?.id) throw new IntegrationError('invalid_response', 'Google answered the write without the event', { vendor: VENDOR, target: 'POST event' });
      const events: GoogleEvent[] = [written];
      // Moved or cancelled calls of a series: each is the series' instance of that original start.
      for (const o of parts.overrides) {
        try {
          const res = await call<GoogleEvent>({ method: 'PATCH', path: hrefOf(calendarId, instanceId(written.id, o)), query: { sendUpdates: 'none' }, json: googleEventBody(o), idempotent: true, signal });
          if (res.data?.id) events.push(res.data);
        } catch (err) {
          if (!isIntegrationError(err) || (err.status !== 404 && err.status !== 410)) throw err;
        }
      }
      return { href: hrefOf(calendarId, written.id), etag: groupEtag(events) };
    },

    async deleteObject(href, signal) {
      try {
        await call({ method: 'DELETE', path: href, query: { sendUpdates: 'none' }, responseType: 'none', signal });
      } catch (err) {
        if (isIntegrationError(err) && (err.status === 404 || err.status === 410)) return;
        throw err;
      }
    },
  };
}
