/**
 * Live meeting notes (issue #20): one Yjs document per meeting, shared over WebSockets.
 *
 * The document: `doc.getText('notes')` holds the free notes ("Call notes"), and
 * `doc.getText('item:' + agendaItemId)` the notes of one agenda item; plain Markdown in each.
 *
 * The API other services use (L3's authorship and suggestions, the REST save):
 *
 *   const live = liveNotesOf(deps);
 *   await live.open(meetingId)            // Promise<Y.Doc>: the document, to READ (the live one when
 *                                         //   people are in it; change it only through apply/editTexts)
 *   await live.apply(meetingId, update, origin)   // update: Uint8Array (a Yjs update),
 *                                         //   origin: { userId } | 'server'; stored, then passed to
 *                                         //   everyone in the notes, on every node, then projected
 *   await live.textOf(meetingId)          // Promise<{ notes: string; items: Record<itemId, string> }>
 *   await live.editTexts(meetingId, { notes?: string, items?: { [itemId]: string } })
 *                                         //   whole texts, turned into small edits (a script's save)
 *   await live.has(meetingId)             // whether the meeting has a live document yet
 *
 * Where things are kept: every accepted update is a row (live_note_updates) written before it
 * is passed on, so anything a screen has shown is on disk; after about COMPACT_EVERY updates, and when
 * the last person leaves, they are folded into one snapshot. The text is projected onto
 * meetings.notes and the agenda items' notes (at most once a second, and on the last leave), so
 * search, exports and the follow-up read the same columns as before. A write to those columns that
 * did not come from the document (wrap-up) is merged into the document instead of being undone.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { applyEdit, carryEdit, editBetween, type TextEdit } from '../../domain/meeting/live-text.ts';
import { removedItemNotes } from '../../domain/meeting/meeting-notes.ts';
import {
  createLiveDocIfMissing,
  hasLiveDoc,
  insertLiveUpdates,
  insertLiveUpdatesOfMeetings,
  liveDocStoredBytes,
  loadLiveDoc,
  lockLiveDoc,
  readLiveProjected,
  readLiveUpdates,
  readNotesColumns,
  saveLiveProjected,
  saveLiveSnapshot,
  stillValidCredentials,
  writeNotesColumns,
} from '../../store/live-notes.repo.ts';
import { indexMeeting } from '../../store/notes-search.repo.ts';
import { recordNoteClients } from './note-clients.ts';
import { createFanout, publishWithoutListening, type Fanout, type FanoutMessage } from './fanout.ts';

export const FREE_NOTES_KEY = 'notes';
export const itemNotesKey = (agendaItemId: string): string => `item:${agendaItemId}`;

/**
 * Updates taken, on average, before they are folded into the snapshot. Each room draws its own
 * count between half and one and a half times this: rooms that began together (a team's calls at
 * the hour) would otherwise all fold at the same moment, and everyone's typing wait for it.
 */
export const COMPACT_EVERY = 500;
/** How often, about, the text is written to the notes columns while people type (spread the same way). */
export const PROJECT_EVERY_MS = 1000;

const spread = (n: number): number => Math.round(n * (0.5 + Math.random()));
/** How often open connections are checked against sign-outs, deactivations and revoked tokens. */
export const SESSION_CHECK_MS = 1000;
/**
 * How often every open connection's rights are asked again, for changes no event announced (a CRM
 * pull or an import moving an account's owner); the changes people make are announced at once.
 */
export const ACCESS_CHECK_MS = 30_000;

/** Why a connection was closed when access changed. 44xx tells y-websocket not to reconnect. */
export const ACCESS_CLOSE = {
  lost: [4403, 'you no longer have access to these notes'],
  // Outside 44xx the browser reconnects at once and joins with what it may do now (read or write).
  changed: [4012, 'your access to these notes changed; reconnecting'],
} as const;

/** Whose access to notes may have changed: the people on some accounts, or some users everywhere. */
export interface AccessChange {
  accountIds?: string[];
  userIds?: string[];
}

export type LiveOrigin = { userId: string } | 'server';
export interface LiveText {
  notes: string;
  items: Record<string, string>;
}

/** Who a connection speaks for, as checked at its start and again every SESSION_CHECK_MS. */
export type Credential = { kind: 'session'; sessionId: string } | { kind: 'token'; tokenHash: string };

/** One connection in the notes, as the document side sees it (connection.ts makes them). */
export interface Peer {
  readonly userId: string;
  readonly credential: Credential;
  /** What the connection was allowed at its start, and how to ask again (absent: never re-checked). */
  readonly access?: { readonly accountId: string; readonly readOnly: boolean; recheck(): Promise<{ readOnly: boolean } | null> };
  /** The awareness client ids this connection speaks for. */
  readonly clientIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export class MalformedUpdate extends Error {}

/** Marks a change that came from another node (not passed on again). */
const REMOTE = Symbol('remote');

interface Pending {
  id: string;
  data: Uint8Array;
  userId: string | null;
  from: Peer | null;
}

export interface Room {
  readonly meetingId: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers: Set<Peer>;
  queue: Pending[];
  /** Settles once everything queued in the room so far is stored and passed on. */
  flushChain: Promise<void>;
  sinceCompact: number;
  compactAfter: number;
  compacting: boolean;
  projectTimer: NodeJS.Timeout | null;
  broken: boolean;
}

export function syncMessage(kind: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** An update that holds nothing: a client's reply when it had nothing the server lacked. */
function isEmptyUpdate(decoded: { structs: unknown[]; ds: { clients: Map<number, unknown> } }): boolean {
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}

/** Reads an update completely, so a malformed one is refused before it touches the document. */
export function checkUpdate(update: Uint8Array): { empty: boolean } {
  try {
    return { empty: isEmptyUpdate(Y.decodeUpdate(update)) };
  } catch {
    throw new MalformedUpdate('malformed update');
  }
}

function textsOf(doc: Y.Doc, itemIds: string[]): LiveText {
  const items: Record<string, string> = {};
  for (const id of itemIds) items[id] = doc.getText(itemNotesKey(id)).toString();
  return { notes: doc.getText(FREE_NOTES_KEY).toString(), items };
}

/** Makes edits as the server, returning the update they make (null when nothing changed). */
function editAsServer(doc: Y.Doc, edits: [string, TextEdit | null][]): Uint8Array | null {
  const real = edits.filter((e): e is [string, TextEdit] => e[1] !== null);
  if (!real.length) return null;
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    for (const [key, edit] of real) {
      const text = doc.getText(key);
      if (edit.remove) text.delete(edit.index, edit.remove);
      if (edit.insert) text.insert(edit.index, edit.insert);
    }
  }, 'server');
  return Y.encodeStateAsUpdate(doc, before);
}

/**
 * Text in the notes of an agenda item no longer on the agenda (dropped, or replaced by a refresh,
 * while someone typed into it offline, or an old draft recovered into it) shows in no editor and no
 * column: it is moved to the end of the free notes, under the heading a script's save uses for the
 * same case. Moved, not copied: the item's text is emptied in the same change, so it is carried
 * once, and typing that reaches the item later is carried then. Not while someone's cursor is in it
 * (their agenda has not caught up yet): their typing would be taken from under them, a block per
 * second; it goes once they leave the field (with the next change, or when the notes close).
 * `column` is the free-notes column: when it already holds the block, another node carried it and
 * its change is on the way here.
 */
function carryRemovedItemNotes(doc: Y.Doc, items: { id: string }[], column: string, awareness?: awarenessProtocol.Awareness): Uint8Array | null {
  const known = new Set(items.map((i) => itemNotesKey(i.id)));
  const inUse = new Set([...(awareness?.getStates().values() ?? [])].map((state) => (state as { editing?: unknown }).editing));
  const removed = [...doc.share.keys()].filter((key) => key.startsWith(itemNotesKey('')) && !known.has(key) && !inUse.has(key) && doc.getText(key).toString().trim() !== '');
  if (!removed.length) return null;
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    const free = doc.getText(FREE_NOTES_KEY);
    for (const key of removed) {
      const text = doc.getText(key);
      const typed = text.toString().trim();
      const block = removedItemNotes(typed);
      const here = free.toString().includes(block);
      if (!here && column.includes(block)) continue;
      if (!here) {
        // Only added at the end, nothing taken away: someone may be typing there.
        const current = free.toString();
        const gap = !current.trim() || current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
        free.insert(free.length, `${gap}${block}\n`);
      }
      text.delete(0, text.length);
    }
  }, 'server');
  const update = Y.encodeStateAsUpdate(doc, before);
  return isEmptyUpdate(Y.decodeUpdate(update)) ? null : update;
}

/**
 * Sends each connection in the room what the others wrote: one message, the batch's updates merged
 * (a write under load carries several keystrokes of a room; one send each cost a system call per
 * keystroke and person). A connection never gets its own updates back.
 */
function passOn(room: Room, batch: Pending[]): void {
  let fromNobodyHere: Uint8Array | null = null;
  const merged = (updates: Uint8Array[]) => (updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  for (const peer of room.peers) {
    const own = batch.some((p) => p.from === peer);
    if (!own) {
      fromNobodyHere ??= syncMessage(2, merged(batch.map((p) => p.data)));
      peer.send(fromNobodyHere);
      continue;
    }
    const others = batch.filter((p) => p.from !== peer).map((p) => p.data);
    if (others.length) peer.send(syncMessage(2, merged(others)));
  }
}

export class LiveNotesHub {
  readonly nodeId = randomBytes(8).toString('hex');
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  // What every room queued since the last write: one write takes them all (see flushAll).
  private readonly waiting = new Set<Room>();
  private nextFlush: Promise<void> | null = null;
  private flushes: Promise<void> = Promise.resolve();
  // Started with the first connection: a CLI command or a REST save holds no listener open.
  private fanout: Fanout | null = null;
  private sessionCheck: NodeJS.Timeout | null = null;
  private checking = false;
  // A connection's rights were just checked when it joined: the first periodic round comes ACCESS_CHECK_MS later.
  private lastAccessCheck = performance.now();
  private stopped = false;

  constructor(private readonly deps: Deps) {}

  private listening(): Fanout {
    if (!this.fanout) {
      this.fanout = createFanout(
        this.deps,
        this.nodeId,
        (message) => void this.onRemote(message).catch((err: unknown) => this.deps.logger.warn({ err }, 'live notes: a change from another node could not be taken')),
        () => void this.catchUpAll(),
      );
      this.sessionCheck = setInterval(() => void this.checkSessions(), SESSION_CHECK_MS);
      this.sessionCheck.unref();
    }
    return this.fanout;
  }

  /** Resolves once changes from other nodes reach this one. */
  get ready(): Promise<void> {
    return this.listening().ready;
  }

  private async publish(message: FanoutMessage): Promise<void> {
    try {
      if (this.fanout || this.deps.config.redisUrl) await this.listening().publish(message);
      else await publishWithoutListening(this.deps, this.nodeId, message);
    } catch (err) {
      this.deps.logger.warn({ err }, 'live notes: other nodes could not be told');
    }
  }

  /** The room of a meeting on this node, if anyone is in its notes here. */
  roomOf(meetingId: string): Room | undefined {
    return this.rooms.get(meetingId);
  }

  async has(meetingId: string): Promise<boolean> {
    return this.rooms.has(meetingId) || (await hasLiveDoc(this.deps.store.db, meetingId));
  }

  async open(meetingId: string): Promise<Y.Doc> {
    return this.rooms.get(meetingId)?.doc ?? (await this.loadDoc(meetingId));
  }

  async textOf(meetingId: string): Promise<LiveText> {
    const columns = await readNotesColumns(this.deps.store.db, meetingId);
    const itemIds = columns?.items.map((i) => i.id) ?? [];
    const room = this.rooms.get(meetingId);
    if (room) return textsOf(room.doc, itemIds);
    if (!(await hasLiveDoc(this.deps.store.db, meetingId))) return { notes: columns?.notes ?? '', items: Object.fromEntries(columns?.items.map((i) => [i.id, i.notes]) ?? []) };
    return textsOf(await this.loadDoc(meetingId), itemIds);
  }

  /** Takes an update from outside a connection (L3's suggestions, a test): stored, passed on, projected. */
  async apply(meetingId: string, update: Uint8Array, origin: LiveOrigin): Promise<void> {
    const userId = origin === 'server' ? null : origin.userId;
    const room = this.rooms.get(meetingId);
    if (room) {
      this.accept(room, update, null, userId);
      await this.flushed(room);
      return;
    }
    if (checkUpdate(update).empty) return;
    const doc = await this.loadDoc(meetingId);
    try {
      Y.applyUpdate(doc, update, 'server');
    } catch {
      throw new MalformedUpdate('malformed update');
    }
    const id = this.deps.newId();
    const at = this.deps.now().toISOString();
    await insertLiveUpdates(this.deps.store.db, meetingId, [{ id, data: update, userId }], at);
    await recordNoteClients(this.deps.store.db, meetingId, [{ data: update, userId }], at);
    await this.publish({ kind: 'update', meetingId, ids: [id] });
    await this.project(meetingId, doc);
  }

  /**
   * Whole texts (a script's save), made into the smallest edit of each Y.Text, so what others type
   * elsewhere in the notes is kept. Unknown agenda items are the caller's business.
   */
  async editTexts(meetingId: string, texts: { notes?: string; items?: Record<string, string> }): Promise<void> {
    const room = this.rooms.get(meetingId);
    const doc = room?.doc ?? (await this.loadDoc(meetingId));
    const edits: [string, TextEdit | null][] = [];
    if (texts.notes !== undefined) edits.push([FREE_NOTES_KEY, editBetween(doc.getText(FREE_NOTES_KEY).toString(), texts.notes)]);
    for (const [id, text] of Object.entries(texts.items ?? {})) edits.push([itemNotesKey(id), editBetween(doc.getText(itemNotesKey(id)).toString(), text)]);
    const update = editAsServer(doc, edits);
    if (update) {
      if (room) {
        this.queue(room, update, null, null);
        await this.flushed(room);
      } else {
        const id = this.deps.newId();
        await insertLiveUpdates(this.deps.store.db, meetingId, [{ id, data: update, userId: null }], this.deps.now().toISOString());
        await this.publish({ kind: 'update', meetingId, ids: [id] });
      }
    }
    await this.project(meetingId, doc, room);
  }

  /** Projects now (a save reads the columns right after). */
  async projectNow(meetingId: string): Promise<void> {
    const room = this.rooms.get(meetingId);
    if (room) {
      await this.flushed(room);
      await this.project(meetingId, room.doc, room);
    } else if (await hasLiveDoc(this.deps.store.db, meetingId)) await this.project(meetingId, await this.loadDoc(meetingId));
  }

  async storedBytes(meetingId: string) {
    return liveDocStoredBytes(this.deps.store.db, meetingId);
  }

  // ---- connections ------------------------------------------------------------------------

  /** A connection enters the notes: the room is loaded (and seeded from the columns the first time). */
  async join(meetingId: string, peer: Peer): Promise<Room> {
    if (this.stopped) throw new Error('stopping');
    this.listening();
    let room = this.rooms.get(meetingId);
    if (!room) {
      let loading = this.loading.get(meetingId);
      if (!loading) {
        loading = this.loadRoom(meetingId).finally(() => this.loading.delete(meetingId));
        this.loading.set(meetingId, loading);
      }
      room = await loading;
    }
    room.peers.add(peer);
    return room;
  }

  /** A connection leaves; its presence goes with it, and the last one out projects and compacts. */
  leave(room: Room, peer: Peer): void {
    if (!room.peers.delete(peer)) return;
    if (peer.clientIds.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...peer.clientIds], peer);
    if (room.peers.size === 0) void this.closeRoomWhenEmpty(room);
  }

  /**
   * An update from a connection (or apply): checked, applied to the document, queued to be stored
   * and then passed on. Throws MalformedUpdate; the stored document is untouched then.
   */
  accept(room: Room, update: Uint8Array, from: Peer | null, userId: string | null): void {
    if (checkUpdate(update).empty) return;
    try {
      Y.applyUpdate(room.doc, update, from ?? 'server');
    } catch {
      // The bytes read as an update yet did not apply: the copy in memory may be half-changed, so it
      // is dropped and read again from the database (which never saw this update).
      this.breakRoom(room, 1011, 'notes reloading');
      throw new MalformedUpdate('malformed update');
    }
    this.queue(room, update, from, userId);
  }

  /** Waits until everything queued in the room is stored and passed on. */
  async flushed(room: Room): Promise<void> {
    await room.flushChain;
  }

  /**
   * Queues an update to be stored and passed on. The write happens once the updates that arrived in
   * the same turn of the event loop are all queued (setImmediate), for every room at once: under
   * load a write carries many keystrokes, and when it is quiet one waits for nothing.
   */
  private queue(room: Room, data: Uint8Array, from: Peer | null, userId: string | null): void {
    room.queue.push({ id: this.deps.newId(), data, userId, from });
    this.waiting.add(room);
    if (!this.nextFlush) {
      const previous = this.flushes;
      this.nextFlush = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => previous)
        .then(() => {
          this.nextFlush = null;
          return this.flushAll();
        })
        // A write nobody foresaw failing must not stop every later write on this node: the chain goes on.
        .catch((err: unknown) => this.deps.logger.error({ err }, 'live notes: a write of queued updates failed'));
      this.flushes = this.nextFlush;
    }
    room.flushChain = this.flushes;
  }

  /** Stores what every room queued, then passes it on. A room whose updates could not be stored is closed. */
  private async flushAll(): Promise<void> {
    const batches = [...this.waiting].map((room) => ({ room, batch: room.queue.splice(0) })).filter((b) => b.batch.length && !b.room.broken);
    this.waiting.clear();
    if (!batches.length) return;
    const at = this.deps.now().toISOString();
    let stored = batches;
    try {
      await insertLiveUpdatesOfMeetings(
        this.deps.store.db,
        batches.flatMap(({ room, batch }) => batch.map((p) => ({ meetingId: room.meetingId, id: p.id, data: p.data, userId: p.userId }))),
        at,
      );
    } catch {
      // One room's write may spoil the others' (its meeting was just deleted): each is tried alone.
      stored = [];
      for (const b of batches) {
        try {
          await insertLiveUpdates(this.deps.store.db, b.room.meetingId, b.batch, at);
          stored.push(b);
        } catch (err) {
          this.deps.logger.error({ err, meetingId: b.room.meetingId }, 'live notes: updates could not be stored');
          // Nothing was passed on; the clients still hold their edits and send them again on reconnect.
          this.breakRoom(b.room, 1011, 'notes could not be saved; reconnecting');
        }
      }
    }
    for (const { room, batch } of stored) {
      // Who each editor is, for the authorship view and the shadowing debrief. A failure here costs a name in that
      // view, never the typing: it is logged and the updates are passed on all the same.
      await recordNoteClients(this.deps.store.db, room.meetingId, batch, at).catch((err: unknown) => this.deps.logger.warn({ err, meetingId: room.meetingId }, 'live notes: editors not recorded'));
      passOn(room, batch);
      room.sinceCompact += batch.length;
      this.scheduleProjection(room);
      if (room.sinceCompact >= room.compactAfter && !room.compacting) void this.compactInBackground(room);
    }
    await Promise.all(stored.map(({ room, batch }) => this.publish({ kind: 'update', meetingId: room.meetingId, ids: batch.map((p) => p.id) })));
  }

  /** Folds the room's updates without holding up anyone's typing (the next writes go on meanwhile). */
  private async compactInBackground(room: Room): Promise<void> {
    room.compacting = true;
    room.sinceCompact = 0;
    room.compactAfter = spread(COMPACT_EVERY);
    try {
      await this.compact(room.meetingId);
    } catch (err) {
      this.deps.logger.warn({ err }, 'live notes: compaction failed (retried later)');
    } finally {
      room.compacting = false;
    }
  }

  /** Awareness from a connection, already rewritten by connection.ts. */
  applyAwareness(room: Room, update: Uint8Array, from: Peer): void {
    awarenessProtocol.applyAwarenessUpdate(room.awareness, update, from);
  }

  /** Every awareness state in the room, for a newcomer or a query. */
  awarenessOf(room: Room): Uint8Array | null {
    const clients = [...room.awareness.getStates().keys()];
    return clients.length ? awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients) : null;
  }

  /** Whose connection speaks for an awareness client id (so nobody takes over another's). */
  ownerOf(room: Room, clientId: number): Peer | undefined {
    for (const peer of room.peers) if (peer.clientIds.has(clientId)) return peer;
    return undefined;
  }

  private breakRoom(room: Room, code: number, reason: string): void {
    if (room.broken) return;
    room.broken = true;
    if (this.rooms.get(room.meetingId) === room) this.rooms.delete(room.meetingId);
    if (room.projectTimer) clearTimeout(room.projectTimer);
    for (const peer of [...room.peers]) peer.close(code, reason);
    room.peers.clear();
    room.awareness.destroy();
  }

  private async loadRoom(meetingId: string): Promise<Room> {
    // Listening before reading: a change another node stores after the read is then heard of.
    await this.listening().ready;
    const doc = await this.loadDoc(meetingId);
    const awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a participant: it has no presence of its own.
    awareness.setLocalState(null);
    const room: Room = {
      meetingId,
      doc,
      awareness,
      peers: new Set(),
      queue: [],
      flushChain: Promise.resolve(),
      sinceCompact: 0,
      compactAfter: spread(COMPACT_EVERY),
      compacting: false,
      projectTimer: null,
      broken: false,
    };
    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (!changed.length) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
      const message = awarenessMessage(update);
      for (const peer of room.peers) peer.send(message);
      if (origin !== REMOTE) void this.publish({ kind: 'awareness', meetingId, data: update });
    });
    this.rooms.set(meetingId, room);
    // Notes written to the columns while nobody was in the document are merged in now.
    await this.project(meetingId, doc, room).catch((err: unknown) => this.deps.logger.warn({ err, meetingId }, 'live notes: first projection failed'));
    return room;
  }

  private async closeRoomWhenEmpty(room: Room): Promise<void> {
    try {
      await this.flushed(room);
      if (room.peers.size || room.broken) return;
      if (room.projectTimer) clearTimeout(room.projectTimer);
      room.projectTimer = null;
      await this.project(room.meetingId, room.doc, room);
      await this.compact(room.meetingId);
    } catch (err) {
      this.deps.logger.warn({ err, meetingId: room.meetingId }, 'live notes: closing the notes failed');
    } finally {
      // Someone may have come in meanwhile: the room stays for them.
      if (!room.peers.size && !room.broken && this.rooms.get(room.meetingId) === room) {
        this.rooms.delete(room.meetingId);
        room.awareness.destroy();
        room.doc.destroy();
      }
    }
  }

  /** The stored document; the first time, seeded from the notes columns (in one transaction, so two nodes never both seed it). */
  private async loadDoc(meetingId: string): Promise<Y.Doc> {
    const at = this.deps.now().toISOString();
    return this.deps.store.db.transaction().execute(async (tx) => {
      const doc = new Y.Doc();
      if (await createLiveDocIfMissing(tx, meetingId, at)) {
        const columns = await readNotesColumns(tx, meetingId);
        doc.transact(() => {
          if (columns?.notes) doc.getText(FREE_NOTES_KEY).insert(0, columns.notes);
          for (const item of columns?.items ?? []) if (item.notes) doc.getText(itemNotesKey(item.id)).insert(0, item.notes);
        }, 'server');
        await insertLiveUpdates(tx, meetingId, [{ id: this.deps.newId(), data: Y.encodeStateAsUpdate(doc), userId: null }], at);
        await saveLiveProjected(tx, meetingId, JSON.stringify({ notes: columns?.notes ?? '', items: Object.fromEntries(columns?.items.map((i) => [i.id, i.notes]) ?? []) }));
        return doc;
      }
      const stored = await loadLiveDoc(tx, meetingId);
      doc.transact(() => {
        if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const u of stored?.updates ?? []) Y.applyUpdate(doc, u.data);
      }, 'server');
      return doc;
    });
  }

  private scheduleProjection(room: Room): void {
    if (room.projectTimer || room.broken) return;
    room.projectTimer = setTimeout(() => {
      room.projectTimer = null;
      void this.project(room.meetingId, room.doc, room).catch((err: unknown) => this.deps.logger.warn({ err, meetingId: room.meetingId }, 'live notes: projection failed (retried with the next change)'));
    }, spread(PROJECT_EVERY_MS));
  }

  /**
   * Writes the document's text to the notes columns. A column that differs from what was last
   * projected was written by someone else (wrap-up, an old client): that change is carried into
   * the document first, so neither side loses text.
   */
  private async project(meetingId: string, doc: Y.Doc, room?: Room): Promise<void> {
    if (room) await this.flushed(room);
    const at = this.deps.now().toISOString();
    let merged: Uint8Array | null = null;
    let storedId: string | null = null;
    await this.deps.store.db.transaction().execute(async (tx) => {
      if (!(await lockLiveDoc(tx, this.deps.store.dialect, meetingId))) return;
      const columns = await readNotesColumns(tx, meetingId);
      if (!columns) return;
      const projected = parseProjected(await readLiveProjected(tx, meetingId));
      const fields = [
        { key: FREE_NOTES_KEY, column: columns.notes, base: projected.notes, itemId: null as string | null },
        ...columns.items.map((i) => ({ key: itemNotesKey(i.id), column: i.notes, base: projected.items[i.id] ?? '', itemId: i.id })),
      ];
      const outside: [string, TextEdit | null][] = fields.filter((f) => f.column !== f.base).map((f) => [f.key, carryEdit(f.base, f.column, doc.getText(f.key).toString())]);
      merged = editAsServer(doc, outside);
      const carried = carryRemovedItemNotes(doc, columns.items, columns.notes, room?.awareness);
      if (carried) merged = merged ? Y.mergeUpdates([merged, carried]) : carried;
      const next = { notes: '', items: {} as Record<string, string> };
      const change: { notes?: string; items: Record<string, string> } = { items: {} };
      for (const f of fields) {
        const text = doc.getText(f.key).toString();
        if (f.itemId === null) next.notes = text;
        else next.items[f.itemId] = text;
        if (text !== f.column) {
          if (f.itemId === null) change.notes = text;
          else change.items[f.itemId] = text;
        }
      }
      if (change.notes !== undefined || Object.keys(change.items).length) {
        await writeNotesColumns(tx, meetingId, change, at);
        await indexMeeting(tx, this.deps.store.dialect, meetingId);
      }
      if (JSON.stringify(next) !== JSON.stringify(projected)) await saveLiveProjected(tx, meetingId, JSON.stringify(next));
      if (merged && !room) {
        storedId = this.deps.newId();
        await insertLiveUpdates(tx, meetingId, [{ id: storedId, data: merged, userId: null }], at);
      }
    });
    if (storedId) await this.publish({ kind: 'update', meetingId, ids: [storedId] });
    if (merged && room) {
      this.queue(room, merged, null, null);
      await this.flushed(room);
    }
  }

  /** Folds the stored updates into one snapshot (under the row lock: two nodes never fold at once). */
  async compact(meetingId: string): Promise<void> {
    const at = this.deps.now().toISOString();
    await this.deps.store.db.transaction().execute(async (tx) => {
      if (!(await lockLiveDoc(tx, this.deps.store.dialect, meetingId))) return;
      const stored = await loadLiveDoc(tx, meetingId);
      if (!stored || stored.updates.length === 0) return;
      const doc = new Y.Doc();
      doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(doc, u.data);
      });
      await saveLiveSnapshot(
        tx,
        meetingId,
        Y.encodeStateAsUpdate(doc),
        stored.updates.map((u) => u.id),
        at,
      );
      doc.destroy();
    });
  }

  // ---- other nodes ------------------------------------------------------------------------

  private async onRemote(message: FanoutMessage): Promise<void> {
    if (message.kind === 'access') {
      await this.recheckAccess(message.change);
      return;
    }
    // A room still loading may have read the database before this change was stored.
    await this.loading.get(message.meetingId)?.catch(() => undefined);
    const room = this.rooms.get(message.meetingId);
    if (!room || room.broken) return;
    if (message.kind === 'awareness') {
      awarenessProtocol.applyAwarenessUpdate(room.awareness, message.data, REMOTE);
      return;
    }
    const rows = await readLiveUpdates(this.deps.store.db, message.meetingId, message.ids);
    if (rows.length < message.ids.length) {
      // Some were folded into the snapshot meanwhile: take the whole stored document.
      await this.catchUp(room);
      return;
    }
    for (const row of rows) this.takeRemote(room, row.data);
  }

  private takeRemote(room: Room, update: Uint8Array): void {
    const before = Y.encodeStateVector(room.doc);
    Y.applyUpdate(room.doc, update, REMOTE);
    const news = Y.encodeStateAsUpdate(room.doc, before);
    if (isEmptyUpdate(Y.decodeUpdate(news))) return;
    const message = syncMessage(2, update);
    for (const peer of room.peers) peer.send(message);
  }

  private async catchUp(room: Room): Promise<void> {
    const stored = await loadLiveDoc(this.deps.store.db, room.meetingId);
    if (!stored) return;
    const before = Y.encodeStateVector(room.doc);
    room.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(room.doc, u.data);
    }, REMOTE);
    const news = Y.encodeStateAsUpdate(room.doc, before);
    if (isEmptyUpdate(Y.decodeUpdate(news))) return;
    const message = syncMessage(2, news);
    for (const peer of room.peers) peer.send(message);
  }

  private async catchUpAll(): Promise<void> {
    for (const room of [...this.rooms.values()]) await this.catchUp(room).catch(() => undefined);
  }

  // ---- sign-outs --------------------------------------------------------------------------

  /**
   * Closes every connection whose session ended or token was revoked, or whose user was
   * deactivated; every ACCESS_CHECK_MS also those whose user may no longer see the notes.
   */
  async checkSessions(): Promise<void> {
    if (this.checking || this.stopped) return;
    const peers = this.allPeers();
    if (!peers.length) return;
    this.checking = true;
    try {
      const open = await this.closeEnded(peers);
      if (performance.now() - this.lastAccessCheck >= ACCESS_CHECK_MS) {
        this.lastAccessCheck = performance.now();
        await this.closeWithoutAccess(open);
      }
    } catch (err) {
      this.deps.logger.warn({ err }, 'live notes: sessions could not be checked');
    } finally {
      this.checking = false;
    }
  }

  /**
   * Who may see some notes changed (a team, an owner, a role, a deactivation): the connections
   * concerned on this node are checked now, and every other node is told to check its own.
   */
  async accessChanged(change: AccessChange): Promise<void> {
    await this.recheckAccess(change);
    await this.publish({ kind: 'access', meetingId: '', change });
  }

  private allPeers(): Peer[] {
    return [...this.rooms.values()].flatMap((r) => [...r.peers]);
  }

  private async recheckAccess(change: AccessChange): Promise<void> {
    const accounts = new Set(change.accountIds ?? []);
    const users = new Set(change.userIds ?? []);
    const concerned = this.allPeers().filter((p) => users.has(p.userId) || (p.access && accounts.has(p.access.accountId)));
    if (!concerned.length) return;
    try {
      await this.closeWithoutAccess(await this.closeEnded(concerned));
    } catch (err) {
      this.deps.logger.warn({ err }, 'live notes: access could not be checked again (the next round retries)');
      this.lastAccessCheck = 0;
    }
  }

  /** Closes the connections whose credential no longer holds; returns the others. */
  private async closeEnded(peers: Peer[]): Promise<Peer[]> {
    const sessionIds = [...new Set(peers.flatMap((p) => (p.credential.kind === 'session' ? [p.credential.sessionId] : [])))];
    const tokenHashes = [...new Set(peers.flatMap((p) => (p.credential.kind === 'token' ? [p.credential.tokenHash] : [])))];
    const valid = await stillValidCredentials(this.deps.store.db, sessionIds, tokenHashes, this.deps.now().toISOString());
    const open: Peer[] = [];
    for (const peer of peers) {
      const ok = peer.credential.kind === 'session' ? valid.sessions.has(peer.credential.sessionId) : valid.tokens.has(peer.credential.tokenHash);
      if (ok) open.push(peer);
      else peer.close(4401, 'session ended');
    }
    return open;
  }

  /** Asks each connection's rights again: gone closes it for good, changed makes it reconnect with the new ones. */
  private async closeWithoutAccess(peers: Peer[]): Promise<void> {
    // One question per person and meeting: their tabs share the answer.
    const asked = new Map<string, Promise<{ readOnly: boolean } | null>>();
    const wanted = new Set(peers);
    for (const [meetingId, room] of [...this.rooms]) {
      for (const peer of [...room.peers]) {
        if (!peer.access || !wanted.has(peer)) continue;
        const key = `${peer.userId} ${meetingId}`;
        if (!asked.has(key)) asked.set(key, peer.access.recheck());
        const now = await asked.get(key);
        if (!now) peer.close(...ACCESS_CLOSE.lost);
        else if (now.readOnly !== peer.access.readOnly) peer.close(...ACCESS_CLOSE.changed);
      }
    }
  }

  /** Shutting down: everything queued is stored and projected, connections are told, fan-out closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.sessionCheck) clearInterval(this.sessionCheck);
    for (const room of [...this.rooms.values()]) {
      try {
        await this.flushed(room);
        if (room.projectTimer) clearTimeout(room.projectTimer);
        room.projectTimer = null;
        await this.project(room.meetingId, room.doc, room);
        await this.compact(room.meetingId);
      } catch (err) {
        this.deps.logger.warn({ err }, 'live notes: could not finish the notes at shutdown');
      }
      for (const peer of [...room.peers]) peer.close(1012, 'server restarting');
      room.awareness.destroy();
    }
    this.rooms.clear();
    await this.fanout?.close();
  }
}

function parseProjected(text: string | null): LiveText {
  try {
    const parsed = JSON.parse(text ?? '') as Partial<LiveText>;
    return { notes: typeof parsed.notes === 'string' ? parsed.notes : '', items: parsed.items && typeof parsed.items === 'object' ? parsed.items : {} };
  } catch {
    return { notes: '', items: {} };
  }
}

const hubs = new WeakMap<Deps, LiveNotesHub>();

/** The live notes of this app instance (one per Deps: two test servers in one process each have their own). */
export function liveNotesOf(deps: Deps): LiveNotesHub {
  let hub = hubs.get(deps);
  if (!hub) {
    hub = new LiveNotesHub(deps);
    hubs.set(deps, hub);
  }
  return hub;
}

/** Stops the hub of these deps, if one was started (the app's onClose). */
export async function stopLiveNotes(deps: Deps): Promise<void> {
  const hub = hubs.get(deps);
  if (!hub) return;
  hubs.delete(deps);
  await hub.stop();
}

export { applyEdit };
