import type { Executor } from './database.ts';
import { findMeeting, type MeetingRecord } from './meetings.repo.ts';

/** Every call of a series, in the order the series gave them (their original starts). */
export async function listSeriesMeetings(db: Executor, seriesId: string): Promise<MeetingRecord[]> {
  const rows = await db.selectFrom('meetings').select('id').where('series_id', '=', seriesId).orderBy('original_starts_at').orderBy('starts_at').orderBy('id').execute();
  const meetings = await Promise.all(rows.map((r) => findMeeting(db, r.id)));
  return meetings.filter((m): m is MeetingRecord => Boolean(m));
}
