import type { Executor } from './database.ts';
import type { FollowUpsTable } from './schema.ts';

export interface FollowUpRecord {
  meetingId: string;
  subject: string;
  text: string;
  html: string;
  recipients: string[];
  dueAt: string;
  draftedAt: string;
  /** When the CSM last edited the subject or text; null for a draft as Cadence wrote it. */
  editedAt: string | null;
  sentAt: string | null;
  messageId: string | null;
}

function toRecord(r: FollowUpsTable): FollowUpRecord {
  return {
    meetingId: r.meeting_id,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    recipients: JSON.parse(r.recipients) as string[],
    dueAt: r.due_at,
    draftedAt: r.drafted_at,
    editedAt: r.edited_at,
    sentAt: r.sent_at,
    messageId: r.message_id,
  };
}

export async function findFollowUp(db: Executor, meetingId: string): Promise<FollowUpRecord | undefined> {
  const r = await db.selectFrom('follow_ups').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
  return r ? toRecord(r) : undefined;
}

/** The follow-ups of these meetings, by meeting id, in one query. */
export async function findFollowUps(db: Executor, meetingIds: readonly string[]): Promise<Map<string, FollowUpRecord>> {
  const found = new Map<string, FollowUpRecord>();
  // In chunks SQLite's parameter cap allows.
  for (let i = 0; i < meetingIds.length; i += 500) {
    const rows = await db
      .selectFrom('follow_ups')
      .selectAll()
      .where('meeting_id', 'in', meetingIds.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.meeting_id, toRecord(r));
  }
  return found;
}

export async function saveFollowUp(db: Executor, f: FollowUpRecord): Promise<void> {
  const row: FollowUpsTable = {
    meeting_id: f.meetingId,
    subject: f.subject,
    body_text: f.text,
    body_html: f.html,
    recipients: JSON.stringify(f.recipients),
    due_at: f.dueAt,
    drafted_at: f.draftedAt,
    edited_at: f.editedAt,
    sent_at: f.sentAt,
    message_id: f.messageId,
  };
  const { meeting_id: _id, ...rest } = row;
  await db
    .insertInto('follow_ups')
    .values(row)
    .onConflict((oc) => oc.column('meeting_id').doUpdateSet(rest))
    .execute();
}

/** The follow-ups of an account's calls that are drafted but not sent yet (their drafts follow the action items). */
export async function listUnsentFollowUps(db: Executor, accountId: string): Promise<FollowUpRecord[]> {
  const rows = await db.selectFrom('follow_ups').innerJoin('meetings', 'meetings.id', 'follow_ups.meeting_id').selectAll('follow_ups').where('meetings.account_id', '=', accountId).where('follow_ups.sent_at', 'is', null).execute();
  return rows.map(toRecord);
}
