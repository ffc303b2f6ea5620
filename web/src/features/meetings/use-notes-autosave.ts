import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../lib/api-client';
import type { Agenda, Meeting, NotesDoc } from '../../lib/meeting-types';
import { clearDraft, readDraft, writeDraft } from './notes-draft';

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'offline' | 'conflict' | 'error';
export interface NotesText {
  notes: string;
  itemNotes: Record<string, string>;
}
export interface NotesConflict {
  theirs: NotesDoc;
  mine: NotesText;
}

const DEBOUNCE_MS = 800;
const RETRY_MS = 4000;

const same = (a: NotesText, b: NotesText) => a.notes === b.notes && Object.keys({ ...a.itemNotes, ...b.itemNotes }).every((k) => (a.itemNotes[k] ?? '') === (b.itemNotes[k] ?? ''));

/** Item notes that differ from what the server holds: only those are sent. */
function changedItems(text: NotesText, base: NotesText): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, value] of Object.entries(text.itemNotes)) if ((base.itemNotes[id] ?? '') !== value) out[id] = value;
  return out;
}

/**
 * Three-way merge of whole fields: when the other tab and this one changed different fields
 * (free notes, or different items), both changes are kept. Null when the same field changed on
 * both sides: that is a conflict a person must settle.
 */
function mergeFields(base: NotesText, mine: NotesText, theirs: NotesText): NotesText | null {
  const pick = (b: string, m: string, t: string) => (m === b ? t : t === b || t === m ? m : null);
  const notes = pick(base.notes, mine.notes, theirs.notes);
  if (notes === null) return null;
  const itemNotes: Record<string, string> = {};
  for (const id of new Set([...Object.keys(base.itemNotes), ...Object.keys(mine.itemNotes), ...Object.keys(theirs.itemNotes)])) {
    const v = pick(base.itemNotes[id] ?? '', mine.itemNotes[id] ?? '', theirs.itemNotes[id] ?? '');
    if (v === null) return null;
    itemNotes[id] = v;
  }
  return { notes, itemNotes };
}

export async function fetchNotesDoc(meetingId: string): Promise<NotesDoc> {
  const [meeting, agenda] = await Promise.all([api<Meeting>('GET', `/api/meetings/${meetingId}`), api<Agenda>('GET', `/api/meetings/${meetingId}/agenda`)]);
  return { version: meeting.notesVersion, notes: meeting.notes, itemNotes: Object.fromEntries(agenda.items.map((i) => [i.id, i.notes])) };
}

/**
 * The meeting's notes, saved as they are typed: debounced, against the version they were typed
 * on, kept in local storage until the server has them, retried after a lost connection, and
 * never written over someone else's newer save (that is shown as a conflict instead).
 */
export function useNotesAutosave(meetingId: string, server: NotesDoc | undefined) {
  const [text, setText] = useState<NotesText | null>(null);
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [conflict, setConflict] = useState<NotesConflict | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const base = useRef<NotesDoc | null>(null);
  const current = useRef<NotesText | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<Promise<void> | null>(null);
  const inConflict = useRef(false);
  const failed = useRef(false);

  const remember = useCallback(
    (next: NotesText) => {
      current.current = next;
      setText(next);
      writeDraft(meetingId, { baseVersion: base.current?.version ?? 0, ...next, updatedAt: Date.now() });
    },
    [meetingId],
  );

  const showConflict = useCallback((theirs: NotesDoc, mine: NotesText) => {
    inConflict.current = true;
    setConflict({ theirs, mine });
    setStatus('conflict');
  }, []);

  const save = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    if (inflight.current) await inflight.current;
    const b = base.current;
    const mine = current.current;
    if (!b || !mine || inConflict.current) return;
    if (same(mine, b)) {
      clearDraft(meetingId);
      setStatus('saved');
      return;
    }
    const body = { version: b.version, notes: mine.notes, itemNotes: changedItems(mine, b) };
    setStatus('saving');
    const run = (async () => {
      try {
        const saved = await api<NotesDoc>('PUT', `/api/meetings/${meetingId}/notes`, body);
        base.current = { version: saved.version, notes: mine.notes, itemNotes: { ...b.itemNotes, ...body.itemNotes } };
        setMessage(null);
        failed.current = false;
        if (current.current && same(current.current, base.current)) {
          clearDraft(meetingId);
          setStatus('saved');
        } else {
          if (current.current) writeDraft(meetingId, { baseVersion: saved.version, ...current.current, updatedAt: Date.now() });
          setStatus('unsaved');
          timer.current = setTimeout(() => void save(), DEBOUNCE_MS);
        }
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          const theirs = await fetchNotesDoc(meetingId).catch(() => null);
          if (!theirs) {
            setStatus('offline');
            timer.current = setTimeout(() => void save(), RETRY_MS);
            return;
          }
          const latest = current.current ?? mine;
          const merged = mergeFields(b, latest, theirs);
          if (merged) {
            base.current = theirs;
            remember(merged);
            timer.current = setTimeout(() => void save(), 0);
          } else {
            base.current = b;
            showConflict(theirs, latest);
          }
        } else if (err instanceof ApiError && err.status === 400 && err.field?.startsWith('itemNotes.') && current.current) {
          // The item was dropped from the agenda meanwhile: its notes move into the free notes.
          const gone = err.field.slice('itemNotes.'.length);
          const { [gone]: orphan = '', ...rest } = current.current.itemNotes;
          const notes = orphan.trim() ? `${current.current.notes}\n\n(From a dropped agenda item) ${orphan}`.trim() : current.current.notes;
          remember({ notes, itemNotes: rest });
          timer.current = setTimeout(() => void save(), 0);
        } else if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
          failed.current = true;
          setStatus('error');
          setMessage(err.message);
        } else {
          // No answer, or the server failed: the text is on this device; try again shortly.
          setStatus('offline');
          timer.current = setTimeout(() => void save(), RETRY_MS);
        }
      }
    })();
    inflight.current = run;
    await run;
    inflight.current = null;
  }, [meetingId, remember, showConflict]);

  // First load: the server's text, unless this device holds text the server has not got yet.
  useEffect(() => {
    if (!server || base.current) return;
    base.current = server;
    const draft = readDraft(meetingId);
    const serverText = { notes: server.notes, itemNotes: server.itemNotes };
    if (!draft || same(draft, serverText)) {
      clearDraft(meetingId);
      current.current = serverText;
      setText(serverText);
      return;
    }
    const mine = { notes: draft.notes, itemNotes: { ...server.itemNotes, ...draft.itemNotes } };
    current.current = mine;
    setText(mine);
    if (draft.baseVersion === server.version) {
      setStatus('unsaved');
      timer.current = setTimeout(() => void save(), 0);
    } else {
      // Typed on an older version that someone has since changed: let the person choose.
      showConflict(server, mine);
    }
  }, [server, meetingId, save, showConflict]);

  useEffect(() => {
    const retry = () => {
      if (!inConflict.current && current.current && base.current && !same(current.current, base.current)) void save();
    };
    window.addEventListener('online', retry);
    return () => {
      window.removeEventListener('online', retry);
      clearTimeout(timer.current);
    };
  }, [save]);

  const update = useCallback(
    (change: (t: NotesText) => NotesText) => {
      const prev = current.current;
      if (!prev) return;
      remember(change(prev));
      if (inConflict.current) return;
      setStatus('unsaved');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), DEBOUNCE_MS);
    },
    [remember, save],
  );

  /** Settles a conflict: keep my text over theirs, take theirs, or keep both one after the other. */
  const resolve = useCallback(
    (choice: 'mine' | 'theirs' | 'both') => {
      if (!conflict) return;
      const { theirs } = conflict;
      const mine = current.current ?? conflict.mine;
      base.current = theirs;
      inConflict.current = false;
      setConflict(null);
      if (choice === 'theirs') {
        remember({ notes: theirs.notes, itemNotes: theirs.itemNotes });
      } else if (choice === 'both') {
        const join = (t: string, m: string) => (t === m || !m ? t : !t ? m : `${t}\n\n---\n\n${m}`);
        const itemNotes: Record<string, string> = {};
        for (const id of new Set([...Object.keys(theirs.itemNotes), ...Object.keys(mine.itemNotes)])) itemNotes[id] = join(theirs.itemNotes[id] ?? '', mine.itemNotes[id] ?? '');
        remember({ notes: join(theirs.notes, mine.notes), itemNotes });
      } else {
        remember(mine);
      }
      void save();
    },
    [conflict, remember, save],
  );

  /** Saves now (before a wrap-up) and says which version the server holds. */
  const flush = useCallback(async () => {
    await save();
    const b = base.current;
    const t = current.current;
    return { ok: !inConflict.current && !failed.current && !!b && !!t && same(t, b), base: b, text: t };
  }, [save]);

  /** After a wrap-up saved the notes itself. */
  const acknowledge = useCallback(
    (version: number) => {
      if (current.current) base.current = { version, ...current.current };
      clearDraft(meetingId);
      setStatus('saved');
    },
    [meetingId],
  );

  return {
    text,
    status,
    message,
    conflict,
    version: base.current?.version ?? null,
    setNotes: (notes: string) => update((t) => ({ ...t, notes })),
    setItemNote: (itemId: string, value: string) => update((t) => ({ ...t, itemNotes: { ...t.itemNotes, [itemId]: value } })),
    resolve,
    flush,
    acknowledge,
  };
}
