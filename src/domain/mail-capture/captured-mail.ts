import { DEFAULT_NEVER_CUSTOMER_DOMAINS } from '../never-customer-domains.ts';

/**
 * Mail BCC'd or forwarded to the workspace's capture address, as the rules see it: which mail is
 * an auto-reply or a bounce (dropped), which addresses are the customer's, what a forwarded part
 * says and the excerpt the timeline shows. Pure: no clock, no I/O.
 */

export interface MailAddress {
  /** Lower-cased. */
  address: string;
  name: string;
}

/** One mail as the parser hands it over (integrations/mail-capture/parse-mail.ts). */
export interface CapturedMessage {
  messageId: string | null;
  subject: string;
  /** The Date header as an ISO instant, or null when missing or unreadable. */
  sentAt: string | null;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Headers the rules read, names lower-cased (auto-submitted, precedence, x-autoreply …). */
  headers: Record<string, string>;
  /** The top-level media type, e.g. `multipart/report` for a delivery report. */
  contentType: string;
  /** The text body (for an HTML-only mail, the parser's text rendering of it). */
  text: string;
  html: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
}

export type DropReason = 'auto_reply' | 'bounce';

const AUTO_SUBJECT = /^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|auto[- ]?response|abwesenheitsnotiz|r[ée]ponse automatique|respuesta autom[áa]tica)\b/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailer_daemon)@/i;
const BOUNCE_SUBJECT = /^\s*(undeliverable|undelivered mail|delivery status notification|mail delivery (failed|failure|subsystem)|returned mail|failure notice|delivery failure)\b/i;

/**
 * Why a mail is dropped rather than logged: a machine answering for a person (RFC 3834
 * Auto-Submitted, X-Autoreply, Precedence: bulk/auto_reply/junk, an "Out of office" subject) or a
 * bounce (a multipart/report, MAILER-DAEMON, an empty envelope sender). Null: a person wrote it.
 */
export function dropReason(mail: CapturedMessage, envelopeFrom: string | null): DropReason | null {
  const from = mail.from[0]?.address ?? '';
  if (/^multipart\/report$/i.test(mail.contentType) || BOUNCE_SENDER.test(from) || BOUNCE_SENDER.test(envelopeFrom ?? '') || envelopeFrom === '' || BOUNCE_SUBJECT.test(mail.subject)) return 'bounce';
  const h = mail.headers;
  const autoSubmitted = (h['auto-submitted'] ?? '').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_reply';
  if (h['x-autoreply'] !== undefined || h['x-autorespond'] !== undefined || h['x-autoresponder'] !== undefined) return 'auto_reply';
  if (/^(auto_reply|bulk|junk)$/i.test((h.precedence ?? '').trim())) return 'auto_reply';
  if (/\b(oof|autoreply)\b/i.test(h['x-auto-response-suppress'] ?? '') && AUTO_SUBJECT.test(mail.subject)) return 'auto_reply';
  if (AUTO_SUBJECT.test(mail.subject)) return 'auto_reply';
  return null;
}

/** Who counts as "us": Cadence users' addresses, the domains they share (public mail domains aside) and our own mailboxes. */
export interface InternalParty {
  addresses: ReadonlySet<string>;
  domains: ReadonlySet<string>;
}

/** The never-customer domains' default, as a set (never-customer-domains.ts is the one list). */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set(DEFAULT_NEVER_CUSTOMER_DOMAINS);

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Whether the domain, or a domain it is under, is in the set (group.calendar.google.com is under calendar.google.com). */
export function isWithin(domain: string, set: ReadonlySet<string>): boolean {
  const parts = domain.split('.');
  for (let i = 0; i < parts.length - 1; i += 1) if (set.has(parts.slice(i).join('.'))) return true;
  return false;
}

/** Our side of the conversation from the users' addresses and our own mailboxes (capture, sender, CRM BCC). */
export function internalParty(userEmails: readonly string[], ownMailboxes: readonly (string | null)[], publicDomains: ReadonlySet<string> = PUBLIC_MAIL_DOMAINS): InternalParty {
  const addresses = new Set([...userEmails, ...ownMailboxes.filter((a): a is string => Boolean(a))].map((a) => a.toLowerCase()));
  const domains = new Set(userEmails.map(domainOf).filter((d) => d && !isWithin(d, publicDomains)));
  return { addresses, domains };
}

export function isInternal(address: string, internal: InternalParty): boolean {
  const a = address.toLowerCase();
  if (internal.addresses.has(a)) return true;
  const domain = domainOf(a);
  for (const d of internal.domains) if (domain === d || domain.endsWith(`.${d}`)) return true;
  return false;
}

/** The customer's addresses among these (anyone not on our side), each once, in order. */
export function customerAddresses(addresses: readonly MailAddress[], internal: InternalParty): MailAddress[] {
  const seen = new Set<string>();
  const out: MailAddress[] = [];
  for (const a of addresses) {
    if (!a.address.includes('@') || seen.has(a.address) || isInternal(a.address, internal)) continue;
    seen.add(a.address);
    out.push(a);
  }
  return out;
}

/** What the forwarded messages inside a mail say: every header block's people, and the first block's subject. */
export interface ForwardedPart {
  subject: string | null;
  from: MailAddress[];
  recipients: MailAddress[];
  /** The text after the first header block: what the forwarded message said (the excerpt comes from it). */
  body: string;
}

const HEADER_LINE = /^[\s>*_]*(from|to|cc|subject|date|sent)[*_]*\s*:\s*[*_]*(.*)$/i;
const ADDRESS = /(?:(?:"([^"]*)"|([^"<>,;\n]*?))\s*<([^<>\s@]+@[^<>\s]+)>)|([^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+\.[A-Za-z]{2,})/g;

/** Every address in a header value such as `Wile E. <wile@acme.com>, road@runner.example`. */
export function parseAddressList(value: string): MailAddress[] {
  const out: MailAddress[] = [];
  for (const m of value.matchAll(ADDRESS)) {
    const address = (m[3] ?? m[4] ?? '').replace(/[.>]+$/, '').toLowerCase();
    if (address) out.push({ address, name: (m[1] ?? m[2] ?? '').trim() });
  }
  return out;
}

/**
 * The header blocks a forward carries in its text ("---------- Forwarded message ---------",
 * Outlook's "From: … Sent: … To: …", Apple's "Begin forwarded message:", and the headers the
 * parser writes for an attached message/rfc822), each with a From line. Null when there is none.
 */
export function forwardedPart(text: string): ForwardedPart | null {
  const lines = text.split(/\r?\n/);
  const from: MailAddress[] = [];
  const recipients: MailAddress[] = [];
  let subject: string | null = null;
  let body: string | null = null;
  let found = false;
  for (let i = 0; i < lines.length; i += 1) {
    const block: Record<string, string> = {};
    let j = i;
    for (; j < lines.length; j += 1) {
      const m = HEADER_LINE.exec(lines[j] ?? '');
      if (!m?.[1]) break;
      block[m[1].toLowerCase()] = `${block[m[1].toLowerCase()] ?? ''} ${m[2] ?? ''}`.trim();
    }
    if (j === i) continue;
    const blockFrom = parseAddressList(block.from ?? '');
    if (blockFrom.length && (block.to !== undefined || block.subject !== undefined || block.date !== undefined || block.sent !== undefined)) {
      found = true;
      from.push(...blockFrom);
      recipients.push(...parseAddressList(block.to ?? ''), ...parseAddressList(block.cc ?? ''));
      subject ??= block.subject ? stripForwardPrefix(block.subject) : null;
      body ??= lines.slice(j).join('\n');
    }
    i = j - 1;
  }
  return found ? { subject, from, recipients, body: body ?? '' } : null;
}

/** "Fwd: RE: Renewal" → "RE: Renewal": the subject of what was forwarded. */
export function stripForwardPrefix(subject: string): string {
  return subject.replace(/^\s*((fwd?|fw|wg|tr)\s*:\s*)+/i, '').trim();
}

// Control characters (tab and line breaks aside) and the invisible bidi controls that reorder text.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The body as stored: line breaks normalised, control and bidi characters removed, capped in length. */
export function cleanBodyText(text: string, maxChars = 200_000): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').trim();
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean;
}

/** The first ~300 characters of what the person wrote, on one line, cut at a word. */
export function mailExcerpt(text: string, maxChars = 300): string {
  const flat = cleanBodyText(text, maxChars * 4)
    .split('\n')
    .filter((l) => !/^\s*>/.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.slice(0, maxChars);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A header value safe for one line of the timeline (no line breaks or control characters), capped. */
export function oneLine(value: string, maxChars = 300): string {
  const flat = value.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
}
