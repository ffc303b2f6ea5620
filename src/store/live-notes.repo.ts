import { createRequire } from 'node:module';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';
import type { Dialect, Executor } from './database.ts';

// The live notes tables stay out of schema.ts (one file every feature edits); their types live here.
interface LiveNoteDocsTable {
  meeting_id: string;
  snapshot: Buffer | null;
  projected: string | null;
  compacted_at: string | null;
  created_at: string;
}
interface LiveNoteUpdatesTable {
  id: string;
  meeting_id: string;
  data: Buffer;
  user_id: string | null;
  created_at: string;
}
type LiveDb = Kysely<Database & { live_note_docs: LiveNoteDocsTable; live_note_updates: LiveNoteUpdatesTable }>;

const live = (db: Executor): LiveDb => (db as Kysely<Database>).withTables<{ live_note_docs: LiveNoteDocsTable; live_note_updates: LiveNoteUpdatesTable }>() as LiveDb;
const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const toBytes = (b: Buffer | Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export interface StoredUpdate {
  id: string;
  data: Uint8Array;
  userId: string | null;
}

export interface StoredLiveDoc {
  snapshot: Uint8Array | null;
  projected: string | null;
  updates: StoredUpdate[];
}

/** Makes the meeting's document row if it has none; true when this call made it (and so seeds it). */
export async function createLiveDocIfMissing(db: Executor, meetingId: string, at: string): Promise<boolean> {
  const result = await live(db)
    .insertInto('live_note_docs')
    .values({ meeting_id: meetingId, snapshot: null, projected: null, compacted_at: null, created_at: at })
    .onConflict((oc) => oc.column('meeting_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Holds the document row for the rest of the transaction (PostgreSQL; SQLite has one writer anyway), so two nodes never compact or project at once. */
export async function lockLiveDoc(tx: Executor, dialect: Dialect, meetingId: string): Promise<boolean> {
  let q = live(tx).selectFrom('live_note_docs').select('meeting_id').where('meeting_id', '=', meetingId);
  // NO KEY UPDATE: two nodes never fold or project at once, yet appending updates (whose foreign key takes a
  // KEY SHARE lock on this row) never waits for either.
  if (dialect === 'postgres') q = q.forNoKeyUpdate();
  return Boolean(await q.executeTakeFirst());
}

export async function hasLiveDoc(db: Executor, meetingId: string): Promise<boolean> {
  return Boolean(await live(db).selectFrom('live_note_docs').select('meeting_id').where('meeting_id', '=', meetingId).executeTakeFirst());
}

/** The snapshot and every update since, in the order they were taken. */
export async function loadLiveDoc(db: Executor, meetingId: string): Promise<StoredLiveDoc | undefined> {
  const doc = await live(db).selectFrom('live_note_docs').select(['snapshot', 'projected']).where('meeting_id', '=', meetingId).executeTakeFirst();
  if (!doc) return undefined;
  const rows = await live(db).selectFrom('live_note_updates').select(['id', 'data', 'user_id']).where('meeting_id', '=', meetingId).orderBy('id').execute();
  return { snapshot: doc.snapshot ? toBytes(doc.snapshot) : null, projected: doc.projected, updates: rows.map((r) => ({ id: r.id, data: toBytes(r.data), userId: r.user_id })) };
}

export async function insertLiveUpdates(db: Executor, meetingId: string, updates: { id: string; data: Uint8Array; userId: string | null }[], at: string): Promise<void> {
  await insertLiveUpdatesOfMeetings(
    db,
    updates.map((u) => ({ ...u, meetingId })),
    at,
  );
}

/** Rows per INSERT: 5 parameters each, well inside SQLite's and PostgreSQL's limits. */
const UPDATES_PER_INSERT = 1000;

/**
 * The updates of several meetings in one statement (one commit for everything typed in the same
 * turn of the event loop); more than UPDATES_PER_INSERT go in one transaction, so all or none are kept.
 */
export async function insertLiveUpdatesOfMeetings(db: Executor, updates: { meetingId: string; id: string; data: Uint8Array; userId: string | null }[], at: string): Promise<void> {
  if (!updates.length) return;
  const insert = (tx: Executor, rows: typeof updates) =>
    live(tx)
      .insertInto('live_note_updates')
      .values(rows.map((u) => ({ id: u.id, meeting_id: u.meetingId, data: toBuffer(u.data), user_id: u.userId, created_at: at })))
      .execute();
  if (updates.length <= UPDATES_PER_INSERT || db.isTransaction) {
    for (let i = 0; i < updates.length; i += UPDATES_PER_INSERT) await insert(db, updates.slice(i, i + UPDATES_PER_INSERT));
    return;
  }
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < updates.length; i += UPDATES_PER_INSERT) await insert(tx, updates.slice(i, i + UPDATES_PER_INSERT));
  });
}

/** The updates of these ids that are still stored (a compaction may have folded some into the snapshot). */
export async function readLiveUpdates(db: Executor, meetingId: string, ids: string[]): Promise<StoredUpdate[]> {
  if (!ids.length) return [];
  const rows = await live(db).selectFrom('live_note_updates').select(['id', 'data', 'user_id']).where('meeting_id', '=', meetingId).where('id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, data: toBytes(r.data), userId: r.user_id }));
}

export async function countLiveUpdates(db: Executor, meetingId: string): Promise<number> {
  const row = await live(db)
    .selectFrom('live_note_updates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Replaces the snapshot and drops the updates it now holds, in the caller's transaction. */
export async function saveLiveSnapshot(tx: Executor, meetingId: string, snapshot: Uint8Array, foldedIds: string[], at: string): Promise<void> {
  await live(tx)
    .updateTable('live_note_docs')
    .set({ snapshot: toBuffer(snapshot), compacted_at: at })
    .where('meeting_id', '=', meetingId)
    .execute();
  for (let i = 0; i < foldedIds.length; i += 500) {
    await live(tx)
      .deleteFrom('live_note_updates')
      .where('meeting_id', '=', meetingId)
      .where('id', 'in', foldedIds.slice(i, i + 500))
      .execute();
  }
}

export async function readLiveProjected(db: Executor, meetingId: string): Promise<string | null> {
  const row = await live(db).selectFrom('live_note_docs').select('projected').where('meeting_id', '=', meetingId).executeTakeFirst();
  return row?.projected ?? null;
}

export async function saveLiveProjected(tx: Executor, meetingId: string, projected: string): Promise<void> {
  await live(tx).updateTable('live_note_docs').set({ projected }).where('meeting_id', '=', meetingId).execute();
}

/** What the document's bytes take on disk: the snapshot and the updates not yet compacted. */
export async function liveDocStoredBytes(db: Executor, meetingId: string): Promise<{ snapshot: number; updates: number; updateCount: number }> {
  const doc = await loadLiveDoc(db, meetingId);
  if (!doc) return { snapshot: 0, updates: 0, updateCount: 0 };
  return { snapshot: doc.snapshot?.byteLength ?? 0, updates: doc.updates.reduce((n, u) => n + u.data.byteLength, 0), updateCount: doc.updates.length };
}

/** The notes columns the document is projected onto: the free notes, their version, each agenda item's notes. */
export async function readNotesColumns(db: Executor, meetingId: string): Promise<{ notes: string; version: number; items: { id: string; text: string; notes: string }[] } | undefined> {
  const meeting = await db.selectFrom('meetings').select(['notes', 'notes_version']).where('id', '=', meetingId).executeTakeFirst();
  if (!meeting) return undefined;
  const items = await db.selectFrom('agenda_items').select(['id', 'text', 'notes']).where('meeting_id', '=', meetingId).orderBy('position').execute();
  return { notes: meeting.notes, version: meeting.notes_version, items };
}

/** Writes the projected text and moves the notes version on, so a script holding the old version is told the notes changed. */
export async function writeNotesColumns(tx: Executor, meetingId: string, change: { notes?: string; items: Record<string, string> }, at: string): Promise<void> {
  await tx
    .updateTable('meetings')
    .set((eb) => ({ ...(change.notes !== undefined ? { notes: change.notes } : {}), notes_version: eb('notes_version', '+', 1), updated_at: at }))
    .where('id', '=', meetingId)
    .execute();
  for (const [id, notes] of Object.entries(change.items)) {
    await tx.updateTable('agenda_items').set({ notes }).where('id', '=', id).where('meeting_id', '=', meetingId).execute();
  }
}

/** Of these sessions and API tokens (by their stored hashes), the ones still valid for an active user. */
export async function stillValidCredentials(db: Executor, sessionIds: string[], tokenHashes: string[], now: string): Promise<{ sessions: Set<string>; tokens: Set<string> }> {
  const sessions = new Set<string>();
  const tokens = new Set<string>();
  for (let i = 0; i < sessionIds.length; i += 500) {
    const rows = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.id')
      .where('sessions.id', 'in', sessionIds.slice(i, i + 500))
      .where('sessions.expires_at', '>', now)
      .where('users.active', '=', 1)
      .execute();
    for (const r of rows) sessions.add(r.id);
  }
  for (let i = 0; i < tokenHashes.length; i += 500) {
    const rows = await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select('api_tokens.token_hash')
      .where('api_tokens.token_hash', 'in', tokenHashes.slice(i, i + 500))
      .where('api_tokens.revoked_at', 'is', null)
      .where('users.active', '=', 1)
      .execute();
    for (const r of rows) tokens.add(r.token_hash);
  }
  return { sessions, tokens };
}

export const LIVE_NOTES_CHANNEL = 'cadence_live_notes';

/** Tells every node listening on this database (PostgreSQL NOTIFY; the payload stays under its 8,000 bytes). */
export async function notifyLiveNotes(db: Executor, payload: string): Promise<void> {
  await sql`select pg_notify(${LIVE_NOTES_CHANNEL}, ${payload})`.execute(db);
}

export interface LiveNotesListener {
  /** Settles once the first LISTEN is in place (or failed: the listener keeps retrying). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * Listens on its own connection (LISTEN needs one held open, outside the pool). A dropped
 * connection is reopened after a pause, and `onReconnect` lets the caller catch up on what it missed.
 */
export function listenLiveNotes(databaseUrl: string, onPayload: (payload: string) => void, onReconnect: () => void, onError: (err: Error) => void): LiveNotesListener {
  const driver = require('pg') as typeof pg;
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let connectedOnce = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const connect = async () => {
    if (closed) return;
    const c = new driver.Client({ connectionString: databaseUrl, application_name: 'cadence-live-notes' });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === LIVE_NOTES_CHANNEL && n.payload) onPayload(n.payload);
    });
    c.on('error', (err) => {
      onError(err);
      scheduleReconnect(c);
    });
    c.on('end', () => scheduleReconnect(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${LIVE_NOTES_CHANNEL}`);
      if (connectedOnce) onReconnect();
      connectedOnce = true;
      markReady();
    } catch (err) {
      onError(err as Error);
      markReady();
      scheduleReconnect(c);
    }
  };
  const scheduleReconnect = (c: pg.Client) => {
    if (closed || client !== c || retry) return;
    client = null;
    c.end().catch(() => undefined);
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1000);
  };
  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
