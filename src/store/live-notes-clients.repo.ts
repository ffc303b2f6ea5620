import type { Executor } from './database.ts';

/** Records that these editors (Yjs client ids) are this person's; an editor already recorded keeps its first person. */
export async function insertNoteClients(db: Executor, meetingId: string, clientIds: readonly number[], userId: string, at: string): Promise<void> {
  if (!clientIds.length) return;
  await db
    .insertInto('live_notes_clients')
    .values(clientIds.map((client_id) => ({ meeting_id: meetingId, client_id, user_id: userId, created_at: at })))
    .onConflict((oc) => oc.columns(['meeting_id', 'client_id']).doNothing())
    .execute();
}

/** The person behind each editor of a meeting's notes. */
export async function listNoteClients(db: Executor, meetingId: string): Promise<Map<number, string>> {
  const rows = await db.selectFrom('live_notes_clients').select(['client_id', 'user_id']).where('meeting_id', '=', meetingId).execute();
  return new Map(rows.map((r) => [Number(r.client_id), r.user_id]));
}
