/**
 * Attachments and advance materials (issue #19 item 3): files on an account, a meeting or an
 * agenda item. The type is decided by the bytes (what a sniffer found, or text that reads as
 * UTF-8), never by the name; only the types below are taken. Pure: no I/O, no clock.
 */

export interface Attachment {
  id: string;
  accountId: string;
  meetingId: string | null;
  agendaItemId: string | null;
  fileName: string;
  /** The type the bytes showed, served as the Content-Type. */
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** Listed on the customer's share page. */
  forCustomer: boolean;
  /** Uploaded by the customer through a share link. */
  fromCustomer: boolean;
  uploadedBy: { id: string | null; name: string };
  createdAt: string;
}

/** What the attachment is on: an account, a meeting (advance material) or one of its agenda items. */
export type AttachmentTarget = { accountId: string } | { meetingId: string; agendaItemId?: string };

const OFFICE = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
} as const;

/** The types taken, by what the bytes show (a sniffer's MIME type). */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', OFFICE.docx, OFFICE.xlsx, OFFICE.pptx]);

/** In words, for the refusal. */
export const ALLOWED_IN_WORDS = 'PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint, or plain text, CSV and Markdown';

/** What a content sniffer said of the bytes: its MIME type and extension, or nothing it knows. */
export type Sniffed = { mime: string; ext: string } | undefined;

export type TypeOutcome = { ok: true; contentType: string } | { ok: false; message: string };

const extensionOf = (fileName: string) => /\.([a-z0-9]{1,10})$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';

/**
 * Whether the bytes read as text: valid UTF-8 (a BOM allowed) with no control characters other than
 * tab, line feed, carriage return and form feed.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * The type an upload is served as, decided by its content. A sniffed type outside the allow-list is
 * refused (an executable named `.png` stays an executable); an old Office file (a compound
 * document) is taken only when its name says which one; bytes no sniffer knows are taken as text
 * when they read as text (CSV and Markdown by their name, else plain text).
 */
export function decideType(sniffed: Sniffed, bytes: Uint8Array, fileName: string): TypeOutcome {
  const ext = extensionOf(fileName);
  if (sniffed) {
    if (ALLOWED_TYPES.has(sniffed.mime)) return { ok: true, contentType: sniffed.mime };
    if (sniffed.mime === 'application/x-cfb' && (ext === 'doc' || ext === 'xls' || ext === 'ppt')) return { ok: true, contentType: OFFICE[ext] };
    return { ok: false, message: `the file's content is ${describeSniffed(sniffed)}, which is not taken; send ${ALLOWED_IN_WORDS}` };
  }
  if (bytes.length > 0 && looksLikeText(bytes)) {
    const type = ext === 'csv' ? 'text/csv' : ext === 'md' || ext === 'markdown' ? 'text/markdown' : 'text/plain';
    return { ok: true, contentType: `${type}; charset=utf-8` };
  }
  return { ok: false, message: bytes.length === 0 ? 'the file is empty' : `the file's content is of a type Cadence does not recognise; send ${ALLOWED_IN_WORDS}` };
}

function describeSniffed(sniffed: { mime: string; ext: string }): string {
  if (['exe', 'dll', 'elf', 'macho', 'msi'].includes(sniffed.ext) || /x-msdownload|x-executable|x-elf|x-mach-binary|x-dosexec/.test(sniffed.mime)) return `a program (${sniffed.ext})`;
  if (sniffed.ext === 'zip' || sniffed.ext === 'rar' || sniffed.ext === '7z' || sniffed.ext === 'gz' || sniffed.ext === 'tar') return `an archive (${sniffed.ext})`;
  return `${sniffed.mime} (${sniffed.ext})`;
}

export type NameOutcome = { ok: true; fileName: string } | { ok: false; message: string };

/**
 * The name to show and offer on download: the last part of what was sent (no folders), without
 * control characters or the characters file systems refuse, at most 200 characters. Only ever shown;
 * the bytes are stored under the attachment's id.
 */
export function cleanFileName(raw: string | undefined): NameOutcome {
  if (raw === undefined || raw.trim() === '') return { ok: false, message: 'name the file in the X-File-Name header (URL-encoded)' };
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return { ok: false, message: 'the X-File-Name header is not valid URL-encoding' };
  }
  name = name
    .split(/[/\\]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '' || name === '.' || name === '..') return { ok: false, message: 'the file name is empty once folders and unsafe characters are taken out' };
  if (name.length > 200) {
    const ext = extensionOf(name);
    name = ext ? `${name.slice(0, 199 - ext.length)}.${ext}` : name.slice(0, 200);
  }
  return { ok: true, fileName: name };
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 5987 encoding): an ASCII
 * fallback for old clients and the exact name for the rest.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** What a customer has already sent through one link, and what the link allows. */
export interface CustomerQuota {
  count: number;
  bytes: number;
}

/** Null when one more file of this size fits the link's quota, else why not in words. */
export function quotaRefusal(used: CustomerQuota, limit: CustomerQuota, sizeBytes: number): string | null {
  if (used.count >= limit.count) return `this link already carries ${used.count} files from your side, the most it takes; ask your contact for more room`;
  if (used.bytes + sizeBytes > limit.bytes) return `this file would take the files sent through this link past ${formatBytes(limit.bytes)}; ask your contact for more room`;
  return null;
}

/** "25 MB", "640 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
