import type { Executor } from './database.ts';
import type { NoteSuggestionsTable, TranscriptsTable } from './schema.ts';

export async function saveTranscript(db: Executor, row: TranscriptsTable): Promise<void> {
  const { meeting_id: _id, ...rest } = row;
  await db
    .insertInto('transcripts')
    .values(row)
    .onConflict((oc) => oc.column('meeting_id').doUpdateSet(rest))
    .execute();
}

export async function findTranscript(db: Executor, meetingId: string): Promise<TranscriptsTable | undefined> {
  return db.selectFrom('transcripts').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
}

export async function listSuggestionRows(db: Executor, meetingId: string): Promise<NoteSuggestionsTable[]> {
  return db.selectFrom('note_suggestions').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').orderBy('id').execute();
}

export async function findSuggestionRow(db: Executor, id: string): Promise<NoteSuggestionsTable | undefined> {
  return db.selectFrom('note_suggestions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Drops the pending suggestions of a meeting (a re-run replaces them; decided ones stay). */
export async function deletePendingSuggestions(db: Executor, meetingId: string): Promise<void> {
  await db.deleteFrom('note_suggestions').where('meeting_id', '=', meetingId).where('status', '=', 'pending').execute();
}

export async function insertSuggestions(db: Executor, rows: NoteSuggestionsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('note_suggestions')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['meeting_id', 'kind', 'fingerprint']).doNothing())
      .execute();
  }
}

export async function decideSuggestionRow(db: Executor, id: string, decision: { status: 'accepted' | 'rejected'; by: string | null; at: string; payload: string; recordType: string | null; recordId: string | null }): Promise<boolean> {
  const r = await db
    .updateTable('note_suggestions')
    .set({ status: decision.status, decided_by: decision.by, decided_at: decision.at, payload: decision.payload, record_type: decision.recordType, record_id: decision.recordId })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
