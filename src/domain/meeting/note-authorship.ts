/**
 * Who wrote what in a meeting's live notes (issue #20, "combine after the call"). The CRDT keeps,
 * for every run of characters still in the text, the editor (Yjs client) that typed it; the server
 * records which person each editor belonged to. These rules turn those runs into readable segments
 * and per-person totals, purely: the Yjs walk and the look-ups happen in the service.
 */

/** A run of characters still in the text, as the CRDT keeps it: typed by one editor. */
export interface TextRun {
  clientId: number;
  text: string;
}

/** A person as the authorship view names them; `userId: null` for text nobody is recorded for. */
export interface NoteAuthor {
  userId: string | null;
  name: string;
}

export interface AuthorshipSegment extends NoteAuthor {
  text: string;
}

export interface AuthorTotal extends NoteAuthor {
  /** Characters of the text that are theirs, whitespace not counted. */
  characters: number;
  /** Their share of everyone's characters, 0–100. */
  share: number;
}

/** Text typed before live notes (the saved notes a document starts from) or by an editor whose person was not recorded. */
export const UNATTRIBUTED: NoteAuthor = { userId: null, name: 'Not recorded' };

/** The runs as segments: consecutive runs of one person joined, so a sentence typed in bursts reads as one. */
export function authorshipSegments(runs: readonly TextRun[], authorOf: (clientId: number) => NoteAuthor | undefined): AuthorshipSegment[] {
  const out: AuthorshipSegment[] = [];
  for (const run of runs) {
    if (!run.text) continue;
    const author = authorOf(run.clientId) ?? UNATTRIBUTED;
    const last = out[out.length - 1];
    if (last && last.userId === author.userId && last.name === author.name) last.text += run.text;
    else out.push({ userId: author.userId, name: author.name, text: run.text });
  }
  return out;
}

const counted = (text: string) => text.replace(/\s+/gu, '').length;

/** Per-person totals of some segments, most written first (then by name, so the order is stable). */
export function authorTotals(segments: readonly AuthorshipSegment[]): AuthorTotal[] {
  const byAuthor = new Map<string, AuthorTotal>();
  for (const s of segments) {
    const key = s.userId ?? `\u0000${s.name}`;
    const total = byAuthor.get(key) ?? { userId: s.userId, name: s.name, characters: 0, share: 0 };
    total.characters += counted(s.text);
    byAuthor.set(key, total);
  }
  const all = [...byAuthor.values()].filter((t) => t.characters > 0);
  const sum = all.reduce((n, t) => n + t.characters, 0);
  for (const t of all) t.share = sum ? Math.round((t.characters / sum) * 100) : 0;
  return all.sort((a, b) => b.characters - a.characters || a.name.localeCompare(b.name));
}

/** What one person wrote in a text: their segments in document order, each on its own line when they were apart. */
export function textBy(segments: readonly AuthorshipSegment[], userId: string): string {
  return segments
    .filter((s) => s.userId === userId)
    .map((s) => s.text.trim())
    .filter(Boolean)
    .join('\n');
}
