/**
 * CalDAV (RFC 4791) over fetch: discovery (RFC 6764 well-known, current-user-principal →
 * calendar-home-set → calendars), changes through sync-collection (RFC 6578) and, for servers
 * without it, the ctag and every object's etag; objects written with PUT (If-Match / If-None-Match)
 * and removed with DELETE. Works against Radicale, Nextcloud, Fastmail, iCloud (app password).
 *
 * Every failure is an IntegrationError: 401 `auth` (the service marks the connection
 * needs_reauth and stops), 404/410 of a calendar `not_found`, 5xx and network `temporary`.
 */
import type { CalendarChanges, CalendarCursor, CalendarObject, CalendarProvider, CalendarRef } from '../calendar/port.ts';
import { IntegrationError, type NetworkProblem } from '../errors.ts';
import { CALDAV, CALSERVER, DAV, componentsOf, escapeXml, hrefIn, isCalendar, parseMultistatus, prop, textOf, type DavResponse } from './xml.ts';

export interface CalDavOptions {
  /** The server (https://dav.example.com/), a principal or a calendar URL. */
  url: string;
  username: string;
  password: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type DavMethod = 'PROPFIND' | 'REPORT' | 'GET' | 'PUT' | 'DELETE';

const VENDOR = 'CalDAV';
/** hrefs asked for in one calendar-multiget. */
const MULTIGET_BATCH = 100;

function network(err: unknown): NetworkProblem {
  const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code ?? '';
  if ((err as Error).name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'reset';
  if (/CERT|SSL|TLS/.test(code)) return 'tls';
  return 'other';
}

const PROPFIND_PRINCIPAL = `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>`;
const PROPFIND_HOME = `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="${CALDAV}"><d:prop><c:calendar-home-set/></d:prop></d:propfind>`;
const PROPFIND_CALENDARS = `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="${CALDAV}" xmlns:cs="${CALSERVER}"><d:prop><d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/><c:supported-calendar-component-set/><d:current-user-privilege-set/></d:prop></d:propfind>`;
const PROPFIND_ETAGS = `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:cs="${CALSERVER}"><d:prop><d:getetag/><d:resourcetype/><cs:getctag/></d:prop></d:propfind>`;

function syncReport(token: string | null): string {
  return `<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>${token ? escapeXml(token) : ''}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
}

function multigetReport(hrefs: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="${CALDAV}"><d:prop><d:getetag/><c:calendar-data/></d:prop>${hrefs.map((h) => `<d:href>${escapeXml(h)}</d:href>`).join('')}</c:calendar-multiget>`;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** A file name for a UID that every server takes: characters other than letters, digits and . _ - become "_". */
export function objectNameFor(uid: string): string {
  return `${uid.replace(/[^A-Za-z0-9._-]/g, '_')}.ics`;
}

/** One spelling of a URL whatever the server percent-encodes (`@` or `%40`), so hrefs compare equal. */
export function normalizeHref(url: string): string {
  const u = new URL(url);
  u.pathname = u.pathname
    .split('/')
    .map((seg) => {
      try {
        return encodeURIComponent(decodeURIComponent(seg));
      } catch {
        return seg;
      }
    })
    .join('/');
  return u.href;
}

/** Where the object of a UID is written in a calendar. */
export function objectHref(calendarUrl: string, uid: string): string {
  return normalizeHref(new URL(objectNameFor(uid), calendarUrl.endsWith('/') ? calendarUrl : `${calendarUrl}/`).href);
}

export function createCalDavClient(options: CalDavOptions): CalendarProvider {
  const doFetch = options.fetch ?? fetch;
  const base = new URL(options.url);
  const auth = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const abs = (href: string) => normalizeHref(new URL(href, base).href);

  async function send(method: DavMethod, url: string, init: { body?: string; depth?: '0' | '1'; headers?: Record<string, string>; signal?: AbortSignal; allow?: number[] } = {}): Promise<Response> {
    const target = `${method} ${new URL(url).pathname}`;
    const headers: Record<string, string> = { authorization: auth, ...init.headers };
    if (init.depth) headers.depth = init.depth;
    if (init.body && !headers['content-type']) headers['content-type'] = 'application/xml; charset=utf-8';
    const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body: init.body, signal, redirect: 'follow' });
    } catch (err) {
      const problem = network(err);
      throw new IntegrationError('temporary', `the CalDAV server could not be reached (${problem})`, { vendor: VENDOR, target, network: problem, cause: err });
    }
    if (res.ok || init.allow?.includes(res.status)) return res;
    const said = (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
    const extra = { vendor: VENDOR, target, status: res.status, vendorMessage: said || undefined };
    if (res.status === 401) throw new IntegrationError('auth', 'the CalDAV server refused the user name or password', extra);
    if (res.status === 403) throw new IntegrationError('auth', 'the CalDAV server refused access', extra);
    if (res.status === 404 || res.status === 410) throw new IntegrationError('not_found', 'the calendar or event is not on the CalDAV server', extra);
    if (res.status === 429) throw new IntegrationError('rate_limited', 'the CalDAV server is rate limiting', extra);
    if (res.status >= 500) throw new IntegrationError('temporary', `the CalDAV server failed (HTTP ${res.status})`, extra);
    throw new IntegrationError('config', `the CalDAV server refused the request (HTTP ${res.status})`, extra);
  }

  async function multistatus(method: 'PROPFIND' | 'REPORT', url: string, body: string, depth: '0' | '1', signal?: AbortSignal) {
    const res = await send(method, url, { body, depth, signal });
    const text = await res.text();
    try {
      return parseMultistatus(text);
    } catch (err) {
      throw new IntegrationError('invalid_response', 'the CalDAV server answered with something that is not WebDAV XML', { vendor: VENDOR, target: `${method} ${new URL(url).pathname}`, status: res.status, cause: err });
    }
  }

  async function principal(signal?: AbortSignal): Promise<string> {
    for (const start of [base.href, new URL('/.well-known/caldav', base).href]) {
      try {
        const { responses } = await multistatus('PROPFIND', start, PROPFIND_PRINCIPAL, '0', signal);
        const href = responses.map((r) => hrefIn(prop(r, DAV, 'current-user-principal'))).find(Boolean);
        if (href) return abs(href);
      } catch (err) {
        if (!(err instanceof IntegrationError) || (err.kind !== 'not_found' && err.kind !== 'config' && err.kind !== 'invalid_response')) throw err;
      }
    }
    return base.href;
  }

  async function home(principalUrl: string, signal?: AbortSignal): Promise<string> {
    const { responses } = await multistatus('PROPFIND', principalUrl, PROPFIND_HOME, '0', signal);
    const href = responses.map((r) => hrefIn(prop(r, CALDAV, 'calendar-home-set'))).find(Boolean);
    return href ? abs(href) : principalUrl;
  }

  function calendarOf(r: DavResponse): CalendarRef | null {
    if (!isCalendar(r)) return null;
    const comps = componentsOf(r);
    if (comps.length > 0 && !comps.includes('VEVENT')) return null;
    const privileges = prop(r, DAV, 'current-user-privilege-set');
    const writable = !privileges || /write/i.test(privileges.toString());
    return { url: withSlash(abs(r.href)), name: textOf(prop(r, DAV, 'displayname')) || decodeURIComponent(new URL(abs(r.href)).pathname.split('/').filter(Boolean).pop() ?? 'calendar'), writable };
  }

  async function listCalendars(signal?: AbortSignal): Promise<CalendarRef[]> {
    // A calendar URL given directly: that calendar alone.
    const self = await multistatus('PROPFIND', base.href, PROPFIND_CALENDARS, '0', signal).catch((err: unknown) => {
      if (err instanceof IntegrationError && (err.kind === 'not_found' || err.kind === 'config' || err.kind === 'invalid_response')) return null;
      throw err;
    });
    const direct = self?.responses.map(calendarOf).find((c): c is CalendarRef => c !== null);
    if (direct) return [direct];
    const homeUrl = await home(await principal(signal), signal);
    const { responses } = await multistatus('PROPFIND', homeUrl, PROPFIND_CALENDARS, '1', signal);
    return responses.map(calendarOf).filter((c): c is CalendarRef => c !== null);
  }

  async function fetchObjects(calendarUrl: string, hrefs: string[], signal?: AbortSignal): Promise<{ objects: CalendarObject[]; missing: string[] }> {
    const objects: CalendarObject[] = [];
    const found = new Set<string>();
    for (let i = 0; i < hrefs.length; i += MULTIGET_BATCH) {
      const batch = hrefs.slice(i, i + MULTIGET_BATCH);
      const { responses } = await multistatus('REPORT', calendarUrl, multigetReport(batch.map((h) => new URL(h).pathname)), '1', signal);
      for (const r of responses) {
        const ics = textOf(prop(r, CALDAV, 'calendar-data'));
        if (ics === null || (r.status !== null && r.status >= 300)) continue;
        const href = abs(r.href);
        found.add(href);
        objects.push({ href, etag: textOf(prop(r, DAV, 'getetag')), ics });
      }
    }
    return { objects, missing: hrefs.filter((h) => !found.has(h)) };
  }

  /** RFC 6578: an empty token lists everything; a token the server no longer knows is answered 403/409 (valid-sync-token) or 412. */
  async function bySyncToken(calendarUrl: string, token: string | null, signal?: AbortSignal): Promise<{ changed: string[]; deleted: string[]; etags: Record<string, string>; syncToken: string | null } | 'expired' | 'unsupported'> {
    const res = await send('REPORT', calendarUrl, { body: syncReport(token), depth: '1', signal, allow: [400, 403, 409, 412, 415, 501] });
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      if (token && /valid-sync-token/.test(text)) return 'expired';
      if (token && (res.status === 403 || res.status === 409 || res.status === 412)) return 'expired';
      return 'unsupported';
    }
    let parsed: ReturnType<typeof parseMultistatus>;
    try {
      parsed = parseMultistatus(await res.text());
    } catch {
      return 'unsupported';
    }
    const changed: string[] = [];
    const deleted: string[] = [];
    const etags: Record<string, string> = {};
    const self = new URL(calendarUrl).pathname;
    for (const r of parsed.responses) {
      const href = abs(r.href);
      if (new URL(href).pathname === self) continue;
      if (r.status === 404 || r.status === 410) {
        deleted.push(href);
        continue;
      }
      if (!href.toLowerCase().endsWith('.ics') && prop(r, DAV, 'getetag') === undefined) continue;
      changed.push(href);
      const etag = textOf(prop(r, DAV, 'getetag'));
      if (etag) etags[href] = etag;
    }
    return { changed, deleted, etags, syncToken: parsed.syncToken };
  }

  /** The fallback: the collection's ctag says whether anything changed; each member's etag says what. */
  async function byEtags(calendarUrl: string, cursor: CalendarCursor | null, signal?: AbortSignal): Promise<CalendarChanges> {
    const { responses } = await multistatus('PROPFIND', calendarUrl, PROPFIND_ETAGS, '1', signal);
    const self = new URL(calendarUrl).pathname;
    const selfRow = responses.find((r) => new URL(abs(r.href)).pathname === self);
    const ctag = selfRow ? textOf(prop(selfRow, CALSERVER, 'getctag')) : null;
    const before = cursor?.etags ?? {};
    if (ctag && cursor?.ctag === ctag) return { changed: [], deleted: [], cursor: { ctag, etags: before }, full: false };
    const etags: Record<string, string> = {};
    for (const r of responses) {
      const href = abs(r.href);
      if (new URL(href).pathname === self || prop(r, DAV, 'resourcetype')?.getElementsByTagNameNS(DAV, 'collection').length) continue;
      etags[href] = textOf(prop(r, DAV, 'getetag')) ?? '';
    }
    const changedHrefs = Object.keys(etags).filter((h) => !etags[h] || before[h] !== etags[h]);
    const { objects } = await fetchObjects(calendarUrl, changedHrefs, signal);
    return { changed: objects, deleted: Object.keys(before).filter((h) => !(h in etags)), cursor: { ctag, etags }, full: !cursor };
  }

  async function changesSince(calendarUrl: string, cursor: CalendarCursor | null, signal?: AbortSignal): Promise<CalendarChanges> {
    if (cursor?.ctag !== undefined && cursor.syncToken === undefined) return byEtags(calendarUrl, cursor, signal);
    let full = !cursor?.syncToken;
    let answer = await bySyncToken(calendarUrl, cursor?.syncToken ?? null, signal);
    if (answer === 'expired') {
      full = true;
      answer = await bySyncToken(calendarUrl, null, signal);
    }
    if (answer === 'expired' || answer === 'unsupported') return byEtags(calendarUrl, null, signal);
    const { objects, missing } = await fetchObjects(calendarUrl, answer.changed, signal);
    return { changed: objects, deleted: [...answer.deleted, ...missing], cursor: { syncToken: answer.syncToken }, full };
  }

  async function putObject(input: { calendarUrl: string; uid: string; ics: string; href?: string | null; etag?: string | null }, signal?: AbortSignal): Promise<{ href: string; etag: string | null }> {
    const href = input.href ?? objectHref(input.calendarUrl, input.uid);
    const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8' };
    if (input.etag) headers['if-match'] = input.etag;
    else if (!input.href) headers['if-none-match'] = '*';
    const res = await send('PUT', href, { body: input.ics, headers, signal, allow: [412] });
    if (res.status === 412) {
      throw new IntegrationError('config', input.etag ? 'the event was changed in the calendar since Cadence wrote it' : 'an event with this name already exists in the calendar', {
        vendor: VENDOR,
        target: `PUT ${new URL(href).pathname}`,
        status: 412,
      });
    }
    return { href, etag: res.headers.get('etag') };
  }

  async function deleteObject(href: string, signal?: AbortSignal): Promise<void> {
    await send('DELETE', href, { signal, allow: [404, 410] });
  }

  return { provider: 'caldav', listCalendars, changesSince, putObject, deleteObject };
}
