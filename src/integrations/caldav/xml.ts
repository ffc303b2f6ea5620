import { DOMParser } from '@xmldom/xmldom';

type XmlElement = Element;

/** WebDAV (RFC 4918) and CalDAV (RFC 4791) answers, read with a real XML parser and namespaces. */
export const DAV = 'DAV:';
export const CALDAV = 'urn:ietf:params:xml:ns:caldav';
export const CALSERVER = 'http://calendarserver.org/ns/';

export interface DavResponse {
  href: string;
  /** The HTTP status of the response itself (a sync-collection's removed member says 404). */
  status: number | null;
  /** Properties found (status 2xx), by "namespace|local name". */
  props: Map<string, XmlElement>;
}

function children(el: XmlElement, ns: string, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as XmlElement).namespaceURI === ns && (n as XmlElement).localName === name) out.push(n as XmlElement);
  }
  return out;
}

export function child(el: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  return el ? children(el, ns, name)[0] : undefined;
}

export function textOf(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const t = el.textContent;
  return t === null ? null : t.trim();
}

function statusCode(text: string | null): number | null {
  const m = /HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(text ?? '');
  return m ? Number(m[1]) : null;
}

/** The `<multistatus>` of a PROPFIND or REPORT; throws on text that is not one. */
export function parseMultistatus(xml: string): { responses: DavResponse[]; syncToken: string | null } {
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: (level: string, msg: unknown) => void (level !== 'warning' && errors.push(String(msg))) }).parseFromString(xml, 'application/xml');
  const root = doc.documentElement;
  if (errors.length || !root || root.namespaceURI !== DAV || root.localName !== 'multistatus') throw new Error('the answer is not a WebDAV multistatus document');
  const responses: DavResponse[] = [];
  for (const r of children(root, DAV, 'response')) {
    const href = textOf(child(r, DAV, 'href'));
    if (!href) continue;
    const props = new Map<string, XmlElement>();
    for (const ps of children(r, DAV, 'propstat')) {
      const code = statusCode(textOf(child(ps, DAV, 'status')));
      if (code === null || code < 200 || code > 299) continue;
      const prop = child(ps, DAV, 'prop');
      for (let n = prop?.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 1) props.set(`${(n as XmlElement).namespaceURI}|${(n as XmlElement).localName}`, n as XmlElement);
      }
    }
    responses.push({ href, status: statusCode(textOf(child(r, DAV, 'status'))), props });
  }
  return { responses, syncToken: textOf(child(root, DAV, 'sync-token')) };
}

export function prop(r: DavResponse, ns: string, name: string): XmlElement | undefined {
  return r.props.get(`${ns}|${name}`);
}

/** The href inside a property such as current-user-principal or calendar-home-set. */
export function hrefIn(el: XmlElement | undefined): string | null {
  return textOf(child(el, DAV, 'href'));
}

/** Whether a resourcetype lists `<C:calendar/>`. */
export function isCalendar(r: DavResponse): boolean {
  return child(prop(r, DAV, 'resourcetype'), CALDAV, 'calendar') !== undefined;
}

/** The components a calendar takes (VEVENT, VTODO…); empty when the server does not say. */
export function componentsOf(r: DavResponse): string[] {
  const set = prop(r, CALDAV, 'supported-calendar-component-set');
  return set ? children(set, CALDAV, 'comp').map((c) => (c.getAttribute('name') ?? '').toUpperCase()) : [];
}

/** XML text escaping for hrefs and tokens put into a request body. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
