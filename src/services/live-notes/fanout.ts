import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { redisPubSub } from '../../integrations/redis/pubsub.ts';
import { listenLiveNotes, notifyLiveNotes } from '../../store/live-notes.repo.ts';

/**
 * How one node tells the others about live notes: an update's ids (they read the row: the bytes
 * are already in the database) or an awareness change (small, carried whole).
 */
export type FanoutMessage =
  | { kind: 'update'; meetingId: string; ids: string[] }
  | { kind: 'awareness'; meetingId: string; data: Uint8Array }
  // Who may see some notes changed: each node checks its own connections again.
  | { kind: 'access'; meetingId: ''; change: { accountIds?: string[]; userIds?: string[] } };

export interface Fanout {
  /** 'local' (SQLite: one node), 'postgres' (LISTEN/NOTIFY) or 'redis' (REDIS_URL). */
  readonly via: 'local' | 'postgres' | 'redis';
  ready: Promise<void>;
  publish(message: FanoutMessage): Promise<void>;
  close(): Promise<void>;
}

// NOTIFY payloads stop at 8,000 bytes: ids go out in chunks, and an awareness change too big for
// one (a huge cursor state) is not fanned out; it is sent again with the client's next heartbeat.
const IDS_PER_NOTIFY = 100;
const MAX_NOTIFY_AWARENESS = 5000;

interface Wire {
  n: string; // the sending node, so a node skips its own
  m: string;
  u?: string[];
  a?: string; // base64 awareness update
  x?: { a?: string[]; u?: string[] }; // an access change: account ids, user ids
}

function decode(nodeId: string, text: string): FanoutMessage | null {
  try {
    const wire = JSON.parse(text) as Wire;
    if (wire.n === nodeId || typeof wire.m !== 'string') return null;
    if (Array.isArray(wire.u)) return { kind: 'update', meetingId: wire.m, ids: wire.u.filter((i) => typeof i === 'string') };
    if (wire.x && typeof wire.x === 'object') {
      const ids = (list: unknown) => (Array.isArray(list) ? list.filter((i): i is string => typeof i === 'string') : []);
      return { kind: 'access', meetingId: '', change: { accountIds: ids(wire.x.a), userIds: ids(wire.x.u) } };
    }
    if (typeof wire.a === 'string') return { kind: 'awareness', meetingId: wire.m, data: new Uint8Array(Buffer.from(wire.a, 'base64')) };
  } catch {
    // not ours: ignore
  }
  return null;
}

function encode(nodeId: string, message: FanoutMessage): string[] {
  if (message.kind === 'awareness') return [JSON.stringify({ n: nodeId, m: message.meetingId, a: Buffer.from(message.data).toString('base64') })];
  if (message.kind === 'access') {
    const out: string[] = [];
    const { accountIds = [], userIds = [] } = message.change;
    for (let i = 0; i < Math.max(accountIds.length, userIds.length); i += IDS_PER_NOTIFY) {
      out.push(JSON.stringify({ n: nodeId, m: '', x: { a: accountIds.slice(i, i + IDS_PER_NOTIFY), u: userIds.slice(i, i + IDS_PER_NOTIFY) } }));
    }
    return out;
  }
  const out: string[] = [];
  for (let i = 0; i < message.ids.length; i += IDS_PER_NOTIFY) out.push(JSON.stringify({ n: nodeId, m: message.meetingId, u: message.ids.slice(i, i + IDS_PER_NOTIFY) }));
  return out;
}

export function createFanout(deps: Deps, nodeId: string, onMessage: (message: FanoutMessage) => void, onReconnect: () => void): Fanout {
  const onError = (err: Error) => deps.logger.warn({ err }, 'live notes fan-out: connection trouble (retrying)');
  const receive = (text: string) => {
    const message = decode(nodeId, text);
    if (message) onMessage(message);
  };
  const redisUrl = deps.config.redisUrl;
  if (redisUrl) {
    // One channel per database, so two installs sharing a Redis never see each other's notes.
    const channel = `cadence:live-notes:${createHash('sha256').update(deps.config.databaseUrl).digest('hex').slice(0, 16)}`;
    const pubsub = redisPubSub(redisUrl, channel, (buffer) => receive(buffer.toString()), onReconnect, onError);
    return {
      via: 'redis',
      ready: pubsub.ready,
      async publish(message) {
        for (const text of encode(nodeId, message)) await pubsub.publish(Buffer.from(text));
      },
      close: () => pubsub.close(),
    };
  }
  if (deps.store.dialect === 'postgres') {
    const listener = listenLiveNotes(deps.config.databaseUrl, receive, onReconnect, onError);
    return {
      via: 'postgres',
      ready: listener.ready,
      async publish(message) {
        for (const text of encode(nodeId, message)) {
          if (message.kind === 'awareness' && text.length > MAX_NOTIFY_AWARENESS) continue;
          await notifyLiveNotes(deps.store.db, text);
        }
      },
      close: () => listener.close(),
    };
  }
  return { via: 'local', ready: Promise.resolve(), publish: async () => undefined, close: async () => undefined };
}

/** Tells the other nodes from a node that is not listening itself (a REST save): PostgreSQL only. */
export async function publishWithoutListening(deps: Deps, nodeId: string, message: FanoutMessage): Promise<void> {
  if (deps.store.dialect !== 'postgres') return;
  for (const text of encode(nodeId, message)) {
    if (message.kind === 'awareness' && text.length > MAX_NOTIFY_AWARENESS) continue;
    await notifyLiveNotes(deps.store.db, text);
  }
}
