/**
 * One WebSocket in the live notes: the y-websocket wire protocol (lib0 encoding; 0 sync, 1
 * awareness, 3 query awareness) with Cadence's limits. What a connection may do was decided at
 * its start (liveAccess in access.ts); here each message is held to it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { awarenessMessage, checkUpdate, MalformedUpdate, syncMessage, type Credential, type LiveNotesHub, type Peer, type Room } from './documents.ts';

/** A message bigger than this closes the connection (1009 "too large"). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Messages per second a connection may send on average, and in one burst. */
export const RATE_PER_SECOND = 200;
export const RATE_BURST = 400;
/** Updates a read-only connection may send (and have dropped) before it is closed with 4003. */
export const READ_ONLY_PATIENCE = 20;
/** Awareness client ids one connection may speak for (a tab that rebuilt its document gets a new one). */
const MAX_CLIENT_IDS = 8;

export const CLOSE = {
  malformed: [1007, 'malformed update'],
  tooLarge: [1009, 'too large'],
  readOnly: [4003, 'read-only'],
  tooMany: [4029, 'too many updates'],
} as const;

export interface LiveUser {
  id: string;
  name: string;
  color: string;
}

export interface ConnectionInfo {
  meetingId: string;
  /** The meeting's account: a change to who may see it re-checks this connection. */
  accountId: string;
  user: LiveUser;
  readOnly: boolean;
  credential: Credential;
  /** What the user may do in these notes now (null: no longer see them), asked when access changes. */
  recheck(): Promise<{ readOnly: boolean } | null>;
}

// Colours that read on white and on each other, for cursors and presence.
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#393b79'];

/** A user's colour, the same on every screen and every node. */
export function colourOf(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  return COLOURS[Math.abs(hash) % COLOURS.length]!;
}

/** A token bucket: RATE_PER_SECOND sustained, RATE_BURST at once. */
function bucket(now: () => number) {
  let tokens = RATE_BURST;
  let at = now();
  return () => {
    const t = now();
    tokens = Math.min(RATE_BURST, tokens + ((t - at) / 1000) * RATE_PER_SECOND);
    at = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/**
 * Rewrites a client's awareness update: each state's `user` becomes the connection's real user,
 * and a client id another connection speaks for is dropped, so nobody shows up as someone else.
 */
export function rewriteAwareness(update: Uint8Array, peer: Peer, user: LiveUser, ownerOf: (clientId: number) => Peer | undefined): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: { clientId: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    const state = JSON.parse(raw) as unknown;
    const owner = ownerOf(clientId);
    if (owner && owner !== peer) continue;
    if (!owner) {
      if (peer.clientIds.size >= MAX_CLIENT_IDS) continue;
      peer.clientIds.add(clientId);
    }
    const rewritten = state === null ? null : { ...(typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {}), user };
    kept.push({ clientId, clock, state: JSON.stringify(rewritten) });
  }
  if (!kept.length) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const k of kept) {
    encoding.writeVarUint(encoder, k.clientId);
    encoding.writeVarUint(encoder, k.clock);
    encoding.writeVarString(encoder, k.state);
  }
  return encoding.toUint8Array(encoder);
}

class Refusal extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Serves one socket until it closes. */
export function serveLiveNotes(hub: LiveNotesHub, socket: WebSocket, info: ConnectionInfo): void {
  const allowed = bucket(() => performance.now());
  let closed = false;
  let room: Room | null = null;
  let dropped = 0;
  const peer: Peer = {
    userId: info.user.id,
    credential: info.credential,
    access: { accountId: info.accountId, readOnly: info.readOnly, recheck: info.recheck },
    clientIds: new Set(),
    send(message) {
      if (!closed && socket.readyState === socket.OPEN) socket.send(message);
    },
    close(code, reason) {
      if (closed) return;
      closed = true;
      socket.close(code, reason);
    },
  };
  const refuse = (code: number, reason: string) => peer.close(code, reason);

  const handle = async (data: Uint8Array) => {
    if (!room || closed) return;
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === 0) {
        // Answered after what is queued is stored: the answer never holds a change that could still be lost.
        await hub.flushed(room);
        if (closed) return;
        peer.send(syncMessage(1, Y.encodeStateAsUpdate(room.doc, payload)));
      } else if (step === 1 || step === 2) {
        if (info.readOnly) {
          if (!checkUpdate(payload).empty && ++dropped > READ_ONLY_PATIENCE) throw new Refusal(...CLOSE.readOnly);
          return;
        }
        hub.accept(room, payload, peer, info.user.id);
      } else throw new MalformedUpdate('malformed update');
    } else if (type === 1) {
      const update = decoding.readVarUint8Array(decoder);
      const current = room;
      const rewritten = rewriteAwareness(update, peer, info.user, (clientId) => hub.ownerOf(current, clientId));
      if (rewritten) hub.applyAwareness(room, rewritten, peer);
    } else if (type === 3) {
      const all = hub.awarenessOf(room);
      if (all) peer.send(awarenessMessage(all));
    } else if (type !== 2) {
      // 2 is y-protocols' auth message, which this server does not use; anything else is not the protocol.
      throw new MalformedUpdate('malformed update');
    }
  };

  const joining: Promise<void> = hub.join(info.meetingId, peer).then(
    (joined) => {
      room = joined;
      if (closed) {
        hub.leave(joined, peer);
        return;
      }
      // The server's half of the handshake: its state vector, then who is already here.
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(joined.doc));
      peer.send(encoding.toUint8Array(e));
      const all = hub.awarenessOf(joined);
      if (all) peer.send(awarenessMessage(all));
    },
    () => refuse(1011, 'the notes could not be opened'),
  );
  // Messages are taken one at a time, in order, including those that arrive while the notes load.
  let chain = joining;
  socket.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    if (closed) return;
    const data = Array.isArray(raw) ? Buffer.concat(raw) : raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
    if (data.byteLength > MAX_MESSAGE_BYTES) return refuse(...CLOSE.tooLarge);
    if (!isBinary) return refuse(...CLOSE.malformed);
    if (!allowed()) return refuse(...CLOSE.tooMany);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    chain = chain.then(() =>
      handle(bytes).catch((err: unknown) => {
        if (err instanceof Refusal) refuse(err.code, err.reason);
        else refuse(...CLOSE.malformed);
      }),
    );
  });
  socket.on('close', () => {
    closed = true;
    if (room) hub.leave(room, peer);
  });
  socket.on('error', () => peer.close(1011, 'connection error'));
}
