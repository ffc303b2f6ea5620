import type { BusyCall } from '../domain/calendar/back-to-back.ts';
import type { Executor } from './database.ts';

/**
 * The calls a user organises or attends that are not cancelled and come within the window
 * [from, to] (their start or end inside it, or spanning it), leaving out `exceptIds` (the calls
 * being moved). For the back-to-back warning.
 */
export async function listBusyCalls(db: Executor, userId: string, from: string, to: string, exceptIds: readonly string[]): Promise<BusyCall[]> {
  let q = db
    .selectFrom('meetings')
    .select(['meetings.id', 'meetings.title', 'meetings.starts_at', 'meetings.ends_at'])
    .where('meetings.state', '!=', 'cancelled')
    .where('meetings.starts_at', '<=', to)
    .where('meetings.ends_at', '>=', from)
    .where((eb) =>
      eb.or([
        eb('meetings.organiser_id', '=', userId),
        eb.exists(eb.selectFrom('meeting_attendees').select('meeting_attendees.id').whereRef('meeting_attendees.meeting_id', '=', 'meetings.id').where('meeting_attendees.user_id', '=', userId)),
      ]),
    );
  if (exceptIds.length) q = q.where('meetings.id', 'not in', [...exceptIds]);
  const rows = await q.orderBy('meetings.starts_at').execute();
  return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at, endsAt: r.ends_at ?? r.starts_at }));
}
