import type { AddressObject, HeaderValue } from 'mailparser';
import type { CapturedMessage, MailAddress } from '../../domain/mail-capture/captured-mail.ts';

/** Headers the capture rules read (auto-replies, bounces); the rest of the header block is not kept. */
const KEPT_HEADERS = ['auto-submitted', 'x-autoreply', 'x-autorespond', 'x-autoresponder', 'precedence', 'x-auto-response-suppress', 'x-failed-recipients'];

function addressesOf(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  const out: MailAddress[] = [];
  for (const group of list) {
    for (const v of group.value) {
      // A group ("Team: a@x, b@y;") lists its members under `group`.
      for (const member of v.group ?? [v]) if (member.address) out.push({ address: member.address.toLowerCase(), name: member.name ?? '' });
    }
  }
  return out;
}

function headerText(value: HeaderValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : v.value)).join(', ');
  if (value instanceof Date) return value.toISOString();
  if ('value' in value && typeof value.value === 'string') return value.value;
  return 'text' in value ? value.text : undefined;
}

/**
 * One raw RFC 5322 message (as the SMTP receiver took it) parsed with mailparser into what the
 * capture rules read. A message/rfc822 part (a forward as attachment) is written into the text
 * with its From/To/Date/Subject lines, where the forwarded-part rule finds it.
 */
export async function parseMail(raw: Buffer): Promise<CapturedMessage> {
  // mailparser is loaded with the first mail: the server and the CLI start without it (issue #16).
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = headerText(parsed.headers.get(name));
    if (v !== undefined) headers[name] = v;
  }
  const contentType = headerText(parsed.headers.get('content-type')) ?? 'text/plain';
  const sentAt = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null;
  return {
    messageId: parsed.messageId?.trim() || null,
    subject: parsed.subject ?? '',
    sentAt,
    from: addressesOf(parsed.from),
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    headers,
    contentType: contentType.split(';')[0]!.trim().toLowerCase(),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
  };
}
