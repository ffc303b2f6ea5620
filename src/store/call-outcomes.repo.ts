import type { CallOutcomes } from '../domain/meeting/follow-up.ts';
import type { Executor } from './database.ts';

/** The recap lines, decisions and questions recorded for a call, in the order they were given. */
export async function loadCallOutcomes(db: Executor, meetingId: string): Promise<CallOutcomes> {
  const rows = await db.selectFrom('call_outcomes').selectAll().where('meeting_id', '=', meetingId).orderBy('position').orderBy('id').execute();
  return {
    recap: rows.filter((r) => r.kind === 'recap').map((r) => r.text),
    decisions: rows.filter((r) => r.kind === 'decision').map((r) => r.text),
    questions: rows.filter((r) => r.kind === 'question').map((r) => ({ question: r.text, answer: r.answer })),
    links: rows.filter((r) => r.kind === 'link').map((r) => ({ url: r.text, description: r.answer ?? '' })),
  };
}

/** Appends outcomes after those already recorded for the call (wrap-up, then accepted transcript suggestions). */
export async function addCallOutcomes(db: Executor, meetingId: string, outcomes: Partial<CallOutcomes>, ids: { newId: () => string; at: string }): Promise<void> {
  const last = await db
    .selectFrom('call_outcomes')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  let position = Number(last?.max ?? -1) + 1;
  const rows = [
    ...(outcomes.recap ?? []).map((text) => ({ kind: 'recap', text, answer: null })),
    ...(outcomes.decisions ?? []).map((text) => ({ kind: 'decision', text, answer: null })),
    ...(outcomes.questions ?? []).map((q) => ({ kind: 'question', text: q.question, answer: q.answer })),
    ...(outcomes.links ?? []).map((l) => ({ kind: 'link', text: l.url, answer: l.description })),
  ].map((r) => ({ ...r, id: ids.newId(), meeting_id: meetingId, position: position++, created_at: ids.at }));
  if (rows.length) await db.insertInto('call_outcomes').values(rows).execute();
}

/** The account's action items changed after a moment (the CSM's last edit of a draft), for the notice that the draft no longer follows them. */
export async function listActionItemsChangedSince(db: Executor, accountId: string, since: string): Promise<{ id: string; text: string }[]> {
  return db.selectFrom('action_items').select(['id', 'text']).where('account_id', '=', accountId).where('updated_at', '>', since).orderBy('updated_at').orderBy('id').execute();
}
