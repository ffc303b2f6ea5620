import { useCallback, useEffect, useRef, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { api } from '../../../lib/api-client';
import type { Agenda, Meeting } from '../../../lib/meeting-types';
import { colourFor } from './colours';
import { copyName, forgetOldCopies, markOpened } from './forget-old-copies';
import { recoverOldDrafts } from './old-drafts';

/** What the notes panel says about the connection, in place of the old "saved" line. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'ended';

/** Someone with the notes open, as their awareness state says (the server writes `user`). */
export interface LivePerson {
  userId: string;
  name: string;
  color: string;
  /** The field they are typing in: 'notes' or 'item:<agenda item id>'; null when not in one. */
  editing: string | null;
  self: boolean;
}

export interface LiveNotes {
  /** False until this device's copy or the server's has been read: the editors wait for it. */
  ready: boolean;
  status: LiveStatus;
  /** Why the server ended the connection, in words, when status is 'ended'. */
  reason: string | null;
  people: LivePerson[];
  /** Agenda items whose notes are not empty, for the agenda's "has notes" mark. */
  itemsWithNotes: Record<string, boolean>;
  text(field: string): Y.Text | null;
  awareness: Awareness | null;
  /** Says which field this person is typing in, for everybody's presence line. */
  setEditing(field: string | null): void;
  /** Before a wrap-up: waits until the server's copy of the notes (its text columns) has what is on screen. */
  flush(): Promise<{ ok: boolean }>;
}

export const freeNotesField = 'notes';
export const itemField = (agendaItemId: string) => `item:${agendaItemId}`;

/** How long a dropped connection is "Reconnecting…" before it is told as offline. */
const RECONNECT_GRACE_MS = 5000;
const FLUSH_TIMEOUT_MS = 10_000;

const CLOSE_REASONS: Record<number, string> = {
  4401: 'your session ended; sign in again',
  4403: 'you may not open these notes',
  4404: 'this meeting is not there any more',
};

interface Live {
  doc: Y.Doc;
  provider: WebsocketProvider;
  local: IndexeddbPersistence;
}

function itemsWithNotesOf(doc: Y.Doc): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const name of doc.share.keys()) if (name.startsWith('item:') && doc.getText(name).toString().trim()) out[name.slice('item:'.length)] = true;
  return out;
}

const sameFlags = (a: Record<string, boolean>, b: Record<string, boolean>) => Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => b[k]);

function peopleOf(awareness: Awareness): LivePerson[] {
  const byUser = new Map<string, LivePerson>();
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
    if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') continue;
    const editing = typeof (state as { editing?: unknown }).editing === 'string' ? ((state as { editing: string }).editing as string) : null;
    const self = clientId === awareness.clientID;
    const seen = byUser.get(user.id);
    // One person with two tabs open is one face; the tab they type in says where they are.
    byUser.set(user.id, { userId: user.id, name: user.name, color: colourFor(user.id), editing: seen?.editing ?? editing, self: self || (seen?.self ?? false) });
  }
  return [...byUser.values()].sort((a, b) => (a.self === b.self ? a.name.localeCompare(b.name) : a.self ? -1 : 1));
}

/**
 * The meeting's notes as one shared document, typed into by the whole account team at once: kept
 * in this browser (IndexedDB) so nothing typed offline or before a reload is lost, and kept in step
 * with the server over a WebSocket, which merges everybody's typing.
 */
/** Once per page load: the old copies are looked at when the notes first open, not on every meeting. */
let forgotten = false;

export function useLiveNotes(meetingId: string, me: { id: string; name: string; role?: string }): LiveNotes {
  const [live, setLive] = useState<Live | null>(null);
  const [ready, setReady] = useState(false);
  const [connection, setConnection] = useState<{ connected: boolean; synced: boolean; everLive: boolean; droppedAt: number | null }>({ connected: false, synced: false, everLive: false, droppedAt: null });
  const [online, setOnline] = useState(() => navigator.onLine);
  const [ended, setEnded] = useState<string | null>(null);
  const [people, setPeople] = useState<LivePerson[]>([]);
  const [itemsWithNotes, setItemsWithNotes] = useState<Record<string, boolean>>({});
  const [, setTick] = useState(0);

  useEffect(() => {
    const doc = new Y.Doc();
    // Per user too: a shared computer's next user never sees a copy kept for someone else.
    const local = new IndexeddbPersistence(copyName(me.id, meetingId), doc);
    markOpened(me.id, meetingId);
    if (!forgotten) {
      forgotten = true;
      void forgetOldCopies(me, copyName(me.id, meetingId)).catch(() => undefined);
    }
    // GET /api/live/notes/:meetingId, upgraded to a WebSocket: y-websocket puts the meeting id after its base.
    const socketPath = `/api/live/notes/${meetingId}`;
    const base = window.location.origin.replace(/^http/, 'ws') + socketPath.slice(0, socketPath.lastIndexOf('/'));
    const provider = new WebsocketProvider(base, meetingId, doc, { connect: false, maxBackoffTime: 4000 });
    provider.awareness.setLocalStateField('user', { id: me.id, name: me.name, color: colourFor(me.id) });
    setLive({ doc, provider, local });
    // Connected a moment later: React's development double mount would otherwise open and drop a socket at once.
    const connectSoon = window.setTimeout(() => {
      if (navigator.onLine) provider.connect();
    }, 0);

    let done = false;
    const markReady = () => {
      if (!done) setReady(true);
    };
    void local.whenSynced.then(markReady, markReady);
    // A browser without IndexedDB (some private windows) still gets the notes from the server.
    const fallback = window.setTimeout(markReady, 3000);

    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) =>
      setConnection((c) => ({ ...c, connected: status === 'connected', synced: status === 'connected' && provider.synced, droppedAt: status === 'connected' ? null : (c.droppedAt ?? Date.now()) }));
    // A viewer cannot write into the document: their old drafts (they had none to type) stay put.
    const mayWrite = me.role !== 'viewer';
    const onSync = (synced: boolean) => {
      if (synced) markReady();
      // After the server's copy is in, so a draft it already holds is seen and not added again.
      if (synced && mayWrite) recoverOldDrafts(meetingId, doc, { notes: freeNotesField, item: itemField });
      setConnection((c) => ({ ...c, synced, everLive: c.everLive || synced }));
    };
    const onClosed = ({ code, reason }: { code: number; reason: string }) => setEnded(CLOSE_REASONS[code] ?? (reason || `closed (${code})`));
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);

    const onAwareness = () => setPeople(peopleOf(provider.awareness));
    provider.awareness.on('change', onAwareness);
    onAwareness();

    const onUpdate = () =>
      setItemsWithNotes((prev) => {
        const next = itemsWithNotesOf(doc);
        return sameFlags(prev, next) ? prev : next;
      });
    doc.on('update', onUpdate);

    // The browser knows before the socket does: stop trying while offline, try at once when back.
    const goOffline = () => {
      setOnline(false);
      provider.disconnect();
    };
    const goOnline = () => {
      setOnline(true);
      setEnded(null);
      provider.connect();
    };
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    return () => {
      done = true;
      window.clearTimeout(connectSoon);
      window.clearTimeout(fallback);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      doc.off('update', onUpdate);
      provider.awareness.off('change', onAwareness);
      provider.destroy();
      void local.destroy();
      doc.destroy();
      setLive(null);
      setReady(false);
    };
  }, [meetingId, me.id, me.name, me.role]);

  // "Reconnecting…" turns into "Offline" after a grace period: re-render once it has passed.
  useEffect(() => {
    if (connection.droppedAt === null) return;
    const wait = connection.droppedAt + RECONNECT_GRACE_MS - Date.now();
    if (wait <= 0) return;
    const timer = window.setTimeout(() => setTick((t) => t + 1), wait + 50);
    return () => window.clearTimeout(timer);
  }, [connection.droppedAt]);

  const status: LiveStatus = ended
    ? 'ended'
    : !online
      ? 'offline'
      : connection.connected && connection.synced
        ? 'live'
        : connection.droppedAt !== null && Date.now() - connection.droppedAt > RECONNECT_GRACE_MS
          ? 'offline'
          : connection.everLive
            ? 'reconnecting'
            : 'connecting';

  const text = useCallback((field: string) => (live ? live.doc.getText(field) : null), [live]);

  const setEditing = useCallback(
    (field: string | null) => {
      live?.provider.awareness.setLocalStateField('editing', field);
    },
    [live],
  );

  const statusRef = useRef(status);
  statusRef.current = status;
  const flush = useCallback(async () => {
    if (!live) return { ok: false };
    const deadline = Date.now() + FLUSH_TIMEOUT_MS;
    const pause = () => new Promise((r) => window.setTimeout(r, 300));
    while (statusRef.current !== 'live' && Date.now() < deadline) await pause();
    if (statusRef.current !== 'live') return { ok: false };
    // The server writes the text columns from the document shortly after each change; the wrap-up
    // reads those, so it waits until they hold what is on this screen. Someone still typing
    // elsewhere may keep them moving: then the wrap-up goes ahead with what the server has.
    const wanted = () => ({ notes: live.doc.getText(freeNotesField).toString(), items: live.doc });
    while (Date.now() < deadline) {
      const { notes, items } = wanted();
      try {
        const [meeting, agenda] = await Promise.all([api<Meeting>('GET', `/api/meetings/${meetingId}`), api<Agenda>('GET', `/api/meetings/${meetingId}/agenda`)]);
        if (meeting.notes === notes && agenda.items.every((i) => i.notes === items.getText(itemField(i.id)).toString())) return { ok: true };
      } catch {
        // A blip: the next round asks again.
      }
      await pause();
    }
    return { ok: statusRef.current === 'live' };
  }, [live, meetingId]);

  return { ready: ready && live !== null, status, reason: ended, people, itemsWithNotes, text, awareness: live?.provider.awareness ?? null, setEditing, flush };
}
