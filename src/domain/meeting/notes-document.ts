/**
 * One notes document per account, "Globex - Meeting Notes", newest call first, and where it
 * goes in an exported folder tree (Customers/G/Globex/Globex - Meeting Notes.md), following the
 * handbook's Drive convention so anyone can find the notes during an escalation.
 */
import type { ActionItem, Agenda, Meeting } from './meeting.ts';
import { SECTION_TITLES } from '../agenda/agenda-sections.ts';
import { escapeMarkdown } from '../markdown.ts';
import { formatCallTime } from '../calendar/meeting-dates.ts';

export interface NotesDocumentEntry {
  meeting: Pick<Meeting, 'id' | 'title' | 'startsAt' | 'state' | 'heldAt' | 'attendees' | 'notes' | 'recordingUrl' | 'csmSentiment' | 'productSentiment'>;
  agenda: Agenda | null;
  /** Action items born in this call. */
  actionItems: ActionItem[];
}

/** "Globex - Meeting Notes". */
export function notesDocumentTitle(accountName: string): string {
  return `${accountName.replace(/\s+/g, ' ').trim()} - Meeting Notes`;
}

/**
 * The account's notes document in Markdown: every held call, newest first, with attendees,
 * the recording, the agenda with what was discussed and its notes, free notes, action items
 * and sentiment. Internal: it is for the account team, never for the share link.
 */
export function renderAccountNotes(accountName: string, entries: readonly NotesDocumentEntry[], timezone = 'UTC'): string {
  const out = [`# ${escapeMarkdown(notesDocumentTitle(accountName))}`];
  const held = entries.filter((e) => e.meeting.heldAt !== null && e.meeting.state !== 'cancelled').sort((a, b) => Date.parse(b.meeting.startsAt) - Date.parse(a.meeting.startsAt));
  if (held.length === 0) out.push('', '_No calls yet._');
  for (const { meeting, agenda, actionItems } of held) {
    out.push('', `## ${meeting.startsAt.slice(0, 10)}: ${escapeMarkdown(meeting.title)}`, '', formatCallTime(meeting.startsAt, timezone));
    const names = (side: 'vendor' | 'customer') =>
      meeting.attendees
        .filter((a) => a.side === side)
        .map((a) => escapeMarkdown(a.name))
        .join(', ');
    out.push('', `**Attendees:** ${[names('vendor'), names('customer')].filter(Boolean).join('; ') || 'not recorded'}`);
    if (meeting.recordingUrl) out.push(`**Recording:** ${meeting.recordingUrl}`);
    if (meeting.csmSentiment || meeting.productSentiment) {
      out.push(`**Sentiment:** CSM ${meeting.csmSentiment ?? 'not set'}, product ${meeting.productSentiment ?? 'not set'}`);
    }
    const items = agenda?.items ?? [];
    if (items.length) {
      out.push('', '### Agenda');
      let section = '';
      for (const item of items) {
        if (item.section !== section) {
          section = item.section;
          out.push('', `#### ${SECTION_TITLES[item.section]}`, '');
        }
        out.push(`- [${item.discussed ? 'x' : ' '}] ${escapeMarkdown(item.text)}`);
        if (item.notes.trim()) out.push(...indent(demoteHeadings(item.notes.trim()), '    ').map((l) => l.trimEnd()));
      }
    }
    if (meeting.notes.trim()) out.push('', '### Notes', '', demoteHeadings(meeting.notes.trim()).join('\n'));
    out.push('', '### Action items', '');
    if (actionItems.length === 0) out.push('_None: this call was not effective._');
    for (const a of actionItems) {
      const who = `${escapeMarkdown(a.owner.name)}, ${a.side === 'vendor' ? 'us' : 'customer'}`;
      out.push(`- [${a.status === 'done' ? 'x' : ' '}] ${escapeMarkdown(a.text)} (${who}${a.dueDate ? `, due ${a.dueDate}` : ''}${a.status === 'dropped' ? ', dropped' : ''})`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Notes' own headings sit below the call's, so they cannot break the document's outline. */
function demoteHeadings(markdown: string): string[] {
  let fence = false;
  return markdown.split(/\r?\n/).map((line) => {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) return line;
    return line.replace(/^(#{1,6})(\s)/, (_m, hashes: string, space: string) => `${'#'.repeat(Math.min(6, hashes.length + 4))}${space}`);
  });
}

function indent(lines: string[], by: string): string[] {
  return lines.map((l) => (l ? by + l : l));
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A folder or file name that is safe on Windows, macOS and Linux and cannot climb the tree. */
export function safePathSegment(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 100)
    .trim();
  if (cleaned === '') return 'Unnamed';
  return RESERVED.test(cleaned) ? `${cleaned}_` : cleaned;
}

/** The letter folder: the name's first letter without accents, upper-cased; "#" otherwise. */
export function letterFolder(name: string): string {
  const first = safePathSegment(name).normalize('NFD').replace(/\p{M}/gu, '').charAt(0);
  return /\p{L}/u.test(first) ? first.toLocaleUpperCase('en') : '#';
}

/**
 * "Customers/G/Globex/Globex - Meeting Notes.md": where the account's notes go in an export.
 * `tag` tells apart accounts whose names would share the place: "Customers/A/ACME (1f3a9c2e)/…".
 */
export function notesDocumentPath(accountName: string, tag?: string): string {
  const plain = safePathSegment(accountName);
  // The tag is kept whole, so a long name gives way to it rather than the other way round.
  const folder = tag ? `${plain.slice(0, 100 - tag.length - 3).trim()} (${safePathSegment(tag)})` : plain;
  return ['Customers', letterFolder(accountName), folder, `${safePathSegment(notesDocumentTitle(folder))}.md`].join('/');
}

export interface NotesDocumentAccount {
  id: string;
  name: string;
  createdAt: string;
}

/**
 * Where each account's notes go in an export, no two in the same place: names that clean up the
 * same ("Acme", "Acme." or "Acme/") or differ only in case ("ACME") would overwrite each other,
 * on macOS and Windows for the latter. The account created first keeps the plain name; the
 * others are tagged with the end of their id (random, unlike its time-ordered start), so a
 * newer namesake never moves an older account's notes and the same account lands in the same
 * place on every export.
 */
export function notesDocumentPaths(accounts: readonly NotesDocumentAccount[]): Map<string, string> {
  const oldestFirst = [...accounts].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.createdAt < b.createdAt ? -1 : 1));
  const taken = new Set<string>();
  const paths = new Map<string, string>();
  for (const account of oldestFirst) {
    const compact = account.id.replace(/-/g, '');
    const candidates = [notesDocumentPath(account.name), notesDocumentPath(account.name, compact.slice(-8)), notesDocumentPath(account.name, compact)];
    const chosen = candidates.find((c) => !taken.has(placeKey(c))) ?? numbered(account.name, compact, taken);
    taken.add(placeKey(chosen));
    paths.set(account.id, chosen);
  }
  return paths;
}

/** The same key for two paths a case-insensitive, normalising file system treats as one. */
function placeKey(path: string): string {
  return path.normalize('NFKC').toUpperCase().toLowerCase();
}

/** Only reached when other accounts are literally named after this one's id. */
function numbered(name: string, compact: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n += 1) {
    const path = notesDocumentPath(name, `${compact} ${n}`);
    if (!taken.has(placeKey(path))) return path;
  }
}
