/**
 * Microsoft Graph (Outlook / Microsoft 365 calendars) as a CalendarProvider.
 * - Calendars: GET /me/calendars (https://learn.microsoft.com/graph/api/user-list-calendars).
 * - Changes: GET /me/calendars/{id}/calendarView/delta?startDateTime&endDateTime, following
 *   @odata.nextLink to the @odata.deltaLink the next sync starts from; an item with `@removed` is
 *   gone (https://learn.microsoft.com/graph/api/event-delta, .../graph/delta-query-overview).
 *   410 Gone, or the error codes syncStateNotFound / resyncRequired, mean the delta link is no
 *   longer valid: the window is listed again from scratch.
 * - A series travels as one object: when any occurrence changes, its series event and its
 *   occurrences in the window are read again (GET /me/events/{id}, /instances).
 * - Writes: POST /me/calendars/{id}/events with transactionId = Cadence's UID (Graph answers a
 *   retried create with the event it made, so a lost answer makes no duplicate, and a sync reads the
 *   event back under that UID), PATCH, DELETE; a moved or cancelled call of a series is its instance.
 * - 429 (and 503) honour Retry-After (https://learn.microsoft.com/graph/throttling), bounded.
 */
import type { CalendarChanges, CalendarCursor, CalendarObject, CalendarProvider, CalendarRef } from '../calendar/port.ts';
import { splitObject } from '../calendar/ics-parts.ts';
import { IntegrationError, isIntegrationError } from '../errors.ts';
import { createHttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from '../http.ts';
import { withFreshToken, type TokenKeeper } from '../oauth/oauth.ts';
import { graphEtag, graphEventBody, rruleToGraph, seriesToIcs, singleToIcs, type GraphEvent } from './map.ts';

export const GRAPH_URL = 'https://graph.microsoft.com/v1.0';

export interface MicrosoftCalendarOptions {
  /** CADENCE_MICROSOFT_GRAPH_URL, or the public v1.0 endpoint. */
  graphUrl?: string;
  tokens: TokenKeeper;
  /** The window synced (calendarView needs one): default 30 days back, 90 ahead. */
  window?: () => { from: string; to: string };
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const VENDOR = 'microsoft';
const PREFER = { prefer: 'outlook.timezone="UTC", odata.maxpagesize=100' };

/** The provider, and the address of the Microsoft account signed in. */
export type MicrosoftCalendarClient = CalendarProvider & { accountEmail(signal?: AbortSignal): Promise<string> };

export function createMicrosoftCalendarClient(options: MicrosoftCalendarOptions): MicrosoftCalendarClient {
  const graph = (options.graphUrl ?? GRAPH_URL).replace(/\/$/, '');
  const window =
    options.window ??
    (() => {
      const now = Date.now();
      return { from: new Date(now - 30 * 86_400_000).toISOString(), to: new Date(now + 90 * 86_400_000).toISOString() };
    });

  function call<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    return withFreshToken(
      options.tokens,
      (token) => createHttpClient({ vendor: VENDOR, baseUrl: graph, auth: () => ({ authorization: `Bearer ${token.accessToken}` }), ...options.http }).request<T>({ ...req, headers: { ...PREFER, ...req.headers } }),
      req.signal,
    );
  }

  async function pages<T>(first: string, query: HttpRequest['query'], signal?: AbortSignal): Promise<{ items: T[]; deltaLink: string | null }> {
    const items: T[] = [];
    let next: string | undefined = first;
    let q = query;
    for (let n = 0; next && n < 1000; n += 1) {
      const res: HttpResponse<Page<T>> = await call<Page<T>>({ path: next, query: q, signal });
      items.push(...(res.data?.value ?? []));
      if (res.data?.['@odata.deltaLink']) return { items, deltaLink: res.data['@odata.deltaLink'] };
      next = res.data?.['@odata.nextLink'];
      q = undefined; // the links carry their own query
    }
    return { items, deltaLink: null };
  }

  const eventHref = (id: string) => `${graph}/me/events/${encodeURIComponent(id)}`;
  const idOfHref = (href: string) => decodeURIComponent(href.split('/').pop() ?? '');

  async function series(masterId: string, signal?: AbortSignal): Promise<CalendarObject | null> {
    let master: GraphEvent;
    try {
      master = (await call<GraphEvent>({ path: eventHref(masterId), signal })).data;
    } catch (err) {
      if (isIntegrationError(err) && (err.status === 404 || err.status === 410)) return null;
      throw err;
    }
    const w = window();
    const { items } = await pages<GraphEvent>(`${eventHref(masterId)}/instances`, { startDateTime: w.from, endDateTime: w.to }, signal);
    const ics = seriesToIcs(master, items);
    return ics ? { href: eventHref(masterId), etag: graphEtag([master, ...items]), ics } : null;
  }

  /** Delta results → objects. `known` maps occurrence ids to their series (for `@removed` occurrences), updated in place. */
  async function objectsOf(items: GraphEvent[], known: Record<string, string>, signal?: AbortSignal): Promise<{ changed: CalendarObject[]; deleted: string[] }> {
    const changed: CalendarObject[] = [];
    const deleted = new Set<string>();
    const seriesIds = new Set<string>();
    for (const e of items) {
      if (e['@removed']) {
        const master = known[e.id];
        if (master) {
          seriesIds.add(master);
          delete known[e.id];
        } else deleted.add(eventHref(e.id));
        continue;
      }
      if (e.seriesMasterId || e.type === 'occurrence' || e.type === 'exception') {
        const master = e.seriesMasterId ?? e.id;
        known[e.id] = master;
        seriesIds.add(master);
        continue;
      }
      if (e.type === 'seriesMaster') {
        seriesIds.add(e.id);
        continue;
      }
      if (e.isCancelled) {
        deleted.add(eventHref(e.id));
        continue;
      }
      const ics = singleToIcs(e);
      if (ics) changed.push({ href: eventHref(e.id), etag: graphEtag([e]), ics });
    }
    for (const id of seriesIds) {
      const obj = await series(id, signal);
      if (obj) changed.push(obj);
      else deleted.add(eventHref(id));
    }
    return { changed, deleted: [...deleted] };
  }

  async function full(calendarId: string, signal?: AbortSignal): Promise<CalendarChanges> {
    const w = window();
    const { items, deltaLink } = await pages<GraphEvent>(`${graph}/me/calendars/${encodeURIComponent(calendarId)}/calendarView/delta`, { startDateTime: w.from, endDateTime: w.to }, signal);
    const known: Record<string, string> = {};
    const { changed } = await objectsOf(items, known, signal);
    return { changed, deleted: [], cursor: { syncToken: deltaLink, etags: known }, full: true };
  }

  const resyncNeeded = (err: unknown) => isIntegrationError(err) && (err.status === 410 || /syncStateNotFound|resyncRequired|syncStateInvalid/i.test(`${err.vendorMessage ?? ''}`));

  return {
    provider: VENDOR,

    async accountEmail(signal) {
      // https://learn.microsoft.com/graph/api/user-get: mail, or userPrincipalName for an account without a mailbox address.
      const res = await call<{ mail?: string | null; userPrincipalName?: string }>({ path: `${graph}/me`, query: { $select: 'mail,userPrincipalName' }, signal });
      const email = res.data?.mail ?? res.data?.userPrincipalName;
      if (!email) throw new IntegrationError('invalid_response', 'Graph did not name the signed-in account', { vendor: VENDOR, target: 'GET /me' });
      return email.toLowerCase();
    },

    async listCalendars(signal) {
      const { items } = await pages<{ id: string; name?: string; canEdit?: boolean }>(`${graph}/me/calendars`, { $select: 'id,name,canEdit' }, signal);
      return items.map((c): CalendarRef => ({ url: c.id, name: c.name ?? c.id, writable: c.canEdit !== false }));
    },

    async changesSince(calendarId: string, cursor: CalendarCursor | null, signal?: AbortSignal): Promise<CalendarChanges> {
      if (!cursor?.syncToken) return full(calendarId, signal);
      let page;
      try {
        page = await pages<GraphEvent>(cursor.syncToken, undefined, signal);
      } catch (err) {
        if (resyncNeeded(err)) return full(calendarId, signal);
        throw err;
      }
      const known = { ...(cursor.etags ?? {}) };
      const { changed, deleted } = await objectsOf(page.items, known, signal);
      return { changed, deleted, cursor: { syncToken: page.deltaLink ?? cursor.syncToken, etags: known }, full: false };
    },

    async putObject(input, signal) {
      const parts = splitObject(input.ics);
      const body: Record<string, unknown> = graphEventBody(parts.master);
      const zone = 'timeZone' in parts.master.start && parts.master.start.timeZone ? parts.master.start.timeZone : 'UTC';
      const startDate = 'date' in parts.master.start ? parts.master.start.date : parts.master.start.dateTime.slice(0, 10);
      const recurrence = rruleToGraph(parts.master.recurrence, startDate, zone);
      if (recurrence) body.recurrence = recurrence;
      let written: GraphEvent | undefined;
      if (input.href) {
        try {
          written = (await call<GraphEvent>({ method: 'PATCH', path: input.href, json: body, idempotent: true, signal })).data;
        } catch (err) {
          if (!isIntegrationError(err) || (err.status !== 404 && err.status !== 410)) throw err;
        }
      }
      if (!written) {
        // transactionId: Graph makes one event however often this POST is retried, and it is the UID the sync reads it back under.
        written = (await call<GraphEvent>({ method: 'POST', path: `${graph}/me/calendars/${encodeURIComponent(input.calendarUrl)}/events`, json: { ...body, transactionId: parts.uid }, idempotent: true, signal })).data;
      }
      if (!written?.id) throw new IntegrationError('invalid_response', 'Graph answered the write without the event', { vendor: VENDOR, target: 'POST event' });
      const events: GraphEvent[] = [written];
      if (parts.overrides.length && recurrence) {
        const starts = parts.overrides.map((o) => Date.parse(o.recurrenceId));
        const from = new Date(Math.min(...starts) - 86_400_000).toISOString();
        const to = new Date(Math.max(...starts) + 86_400_000).toISOString();
        const { items } = await pages<GraphEvent>(`${eventHref(written.id)}/instances`, { startDateTime: from, endDateTime: to }, signal);
        for (const o of parts.overrides) {
          const instance = items.find((i) => i.originalStart && Date.parse(i.originalStart) === Date.parse(o.recurrenceId));
          if (!instance) continue;
          if (o.cancelled) {
            await call({ method: 'DELETE', path: eventHref(instance.id), responseType: 'none', signal }).catch((err: unknown) => {
              if (!isIntegrationError(err) || err.status !== 404) throw err;
            });
          } else {
            const res = await call<GraphEvent>({ method: 'PATCH', path: eventHref(instance.id), json: graphEventBody(o), idempotent: true, signal });
            if (res.data?.id) events.push(res.data);
          }
        }
      }
      return { href: eventHref(written.id), etag: graphEtag(events) };
    },

    async deleteObject(href, signal) {
      try {
        await call({ method: 'DELETE', path: eventHref(idOfHref(href)), responseType: 'none', signal });
      } catch (err) {
        if (isIntegrationError(err) && (err.status === 404 || err.status === 410)) return;
        throw err;
      }
    },
  };
}
