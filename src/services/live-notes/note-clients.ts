import * as Y from 'yjs';
import type { Executor } from '../../store/database.ts';
import { insertNoteClients } from '../../store/live-notes-clients.repo.ts';

/**
 * The hook the live-notes connection calls for every update it accepts from a person, in the
 * transaction that appends the update: the editors (client ids) whose text the update carries are
 * recorded as that person's, unless someone was recorded for them first. The server's own edits
 * (a REST save, suggestions) are recorded as the person who asked for them.
 */
export async function recordNoteClients(db: Executor, meetingId: string, update: Uint8Array, userId: string, at: string): Promise<void> {
  const { from } = Y.parseUpdateMeta(update);
  await insertNoteClients(db, meetingId, [...from.keys()], userId, at);
}
