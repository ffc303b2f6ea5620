import * as Y from 'yjs';
import type { Executor } from '../../store/database.ts';
import { insertNoteClients } from '../../store/live-notes-clients.repo.ts';

/** Editors recorded by this node already, per meeting: a person types hundreds of updates with one editor. */
const known = new Map<string, Set<number>>();
const KNOWN_AT_MOST = 100_000;
let knownCount = 0;

/**
 * The hook the live-notes connection calls for the updates it accepts, in the transaction (or right
 * after the write) that appends them: the editors (client ids) whose text each update carries are
 * recorded as the person who sent it, unless someone was recorded for them first. Updates of the
 * server itself (`userId: null`) record nothing; the server's edits on a person's behalf (a REST
 * save, suggestions) pass that person.
 */
export async function recordNoteClients(db: Executor, meetingId: string, updates: readonly { data: Uint8Array; userId: string | null }[], at: string): Promise<void> {
  const seen = known.get(meetingId) ?? new Set<number>();
  const byUser = new Map<string, Set<number>>();
  for (const { data, userId } of updates) {
    if (!userId) continue;
    for (const client of Y.parseUpdateMeta(data).from.keys()) {
      if (seen.has(client)) continue;
      const clients = byUser.get(userId) ?? new Set<number>();
      clients.add(client);
      byUser.set(userId, clients);
    }
  }
  if (!byUser.size) return;
  for (const [userId, clients] of byUser) await insertNoteClients(db, meetingId, [...clients], userId, at);
  if (knownCount > KNOWN_AT_MOST) {
    known.clear();
    knownCount = 0;
  }
  for (const clients of byUser.values()) {
    for (const c of clients) seen.add(c);
    knownCount += clients.size;
  }
  known.set(meetingId, seen);
}
