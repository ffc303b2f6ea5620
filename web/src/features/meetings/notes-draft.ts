/**
 * The local copy of notes being typed: written on every keystroke so a reload, a crash or a lost
 * connection loses nothing. Each tab keeps its own copy (two tabs must not overwrite each
 * other's), and a copy left by a closed tab is adopted by the next one that opens the meeting.
 */

export interface NotesDraft {
  /** The server version this text was typed on top of. */
  baseVersion: number;
  notes: string;
  itemNotes: Record<string, string>;
  updatedAt: number;
}

const PREFIX = 'cadence.notes.';

function tabId(): string {
  let id = sessionStorage.getItem('cadence.tab');
  if (!id) {
    id = Math.random().toString(36).slice(2, 10);
    sessionStorage.setItem('cadence.tab', id);
  }
  return id;
}

const keyFor = (meetingId: string) => `${PREFIX}${meetingId}.${tabId()}`;

export function writeDraft(meetingId: string, draft: NotesDraft): void {
  try {
    localStorage.setItem(keyFor(meetingId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the text is still in memory and on its way to the server.
  }
}

export function clearDraft(meetingId: string): void {
  localStorage.removeItem(keyFor(meetingId));
}

/** This tab's draft, or else the newest one a closed tab left behind (taken over). */
export function readDraft(meetingId: string): NotesDraft | null {
  const own = keyFor(meetingId);
  const parse = (raw: string | null): NotesDraft | null => {
    try {
      const d = raw ? (JSON.parse(raw) as NotesDraft) : null;
      return d && typeof d.notes === 'string' && typeof d.baseVersion === 'number' ? { ...d, itemNotes: d.itemNotes ?? {} } : null;
    } catch {
      return null;
    }
  };
  const mine = parse(localStorage.getItem(own));
  if (mine) return mine;
  let newest: { key: string; draft: NotesDraft } | null = null;
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (!key || key === own || !key.startsWith(`${PREFIX}${meetingId}.`)) continue;
    const draft = parse(localStorage.getItem(key));
    // A draft touched in the last minute may belong to a tab still open: leave it to that tab.
    if (draft && Date.now() - draft.updatedAt > 60_000 && (!newest || draft.updatedAt > newest.draft.updatedAt)) newest = { key, draft };
  }
  if (!newest) return null;
  localStorage.removeItem(newest.key);
  writeDraft(meetingId, newest.draft);
  return newest.draft;
}
