import type * as Y from 'yjs';

/*
 * Before live notes, the notes editor kept what was typed but not yet saved in localStorage, one
 * key per meeting and tab: `cadence.notes.<meeting id>.<tab id>`, holding
 * { baseVersion, notes, itemNotes: { <agenda item id>: text }, updatedAt }. Someone who typed in
 * the old version and upgraded finds that text in the shared document, once, marked as recovered.
 * A draft of an agenda item dropped since goes into that item's text all the same: the server moves
 * the text of any item no longer on the agenda to the end of the call notes (one rule for drafts,
 * offline typing and script saves: carryRemovedItemNotes in src/services/live-notes/documents.ts).
 */

const PREFIX = 'cadence.notes.';

interface OldDraft {
  key: string;
  notes: string;
  itemNotes: Record<string, string>;
  updatedAt: number;
}

function oldDrafts(meetingId: string): OldDraft[] {
  const out: OldDraft[] = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (!key?.startsWith(`${PREFIX}${meetingId}.`)) continue;
    try {
      const d = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<OldDraft> | null;
      const itemNotes = d && typeof d.itemNotes === 'object' && d.itemNotes !== null ? Object.fromEntries(Object.entries(d.itemNotes).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
      out.push({ key, notes: typeof d?.notes === 'string' ? d.notes : '', itemNotes, updatedAt: typeof d?.updatedAt === 'number' ? d.updatedAt : Date.now() });
    } catch {
      // Not JSON: nothing readable to recover, and keeping it would not make it readable later.
      out.push({ key, notes: '', itemNotes: {}, updatedAt: Date.now() });
    }
  }
  return out.sort((a, b) => a.updatedAt - b.updatedAt);
}

const heading = (at: number) => `**Recovered draft** (typed on this device on ${new Date(at).toLocaleString()}, before the notes were live; combine or delete it):`;

/**
 * Merges the meeting's old drafts into the document and removes them from localStorage. Called
 * once the server's copy has been merged in, so a draft the server already had (the old editor
 * saved it before the upgrade) is recognised as already there and not added a second time.
 * Answers how many blocks were added.
 */
export function recoverOldDrafts(meetingId: string, doc: Y.Doc, field: { notes: string; item: (agendaItemId: string) => string }): number {
  let added = 0;
  for (const draft of oldDrafts(meetingId)) {
    const parts: [string, string][] = [[field.notes, draft.notes], ...Object.entries(draft.itemNotes).map(([id, text]): [string, string] => [field.item(id), text])];
    doc.transact(() => {
      for (const [name, typed] of parts) {
        const text = doc.getText(name);
        const wanted = typed.trim();
        if (!wanted || text.toString().includes(wanted)) continue;
        const before = text.length === 0 ? '' : text.toString().endsWith('\n') ? '\n' : '\n\n';
        text.insert(text.length, `${before}${heading(draft.updatedAt)}\n\n${wanted}\n`);
        added += 1;
      }
    }, 'recovered-draft');
    // Removed only now that the text is in the document (which y-indexeddb keeps on this device).
    localStorage.removeItem(draft.key);
  }
  return added;
}
