import { DateTime } from 'luxon';
import type { Recurrence } from '../../domain/calendar/recurrence.ts';
import type { MeetingUpdate } from '../../domain/meeting/meeting-input.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { conflict, invalid } from '../../errors.ts';
import { listSeriesMeetings } from '../../store/meeting-series.repo.ts';
import { saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { recordChange } from '../record-change.ts';
import { inTransactionWithOutbox } from '../outbox/outbox.ts';
import { notifyMoved, occurrenceStart } from './calendar.ts';
import { getEditableMeeting, HELD_STATES } from './meetings.ts';
import { checkWorkingHours } from './schedule-meeting.ts';
import { checkBackToBack } from './back-to-back.ts';
import { writeMeetingToCalendar } from '../calendar-sync/write-calendar.ts';

function refuseMove(meeting: MeetingRecord): void {
  if (HELD_STATES.includes(meeting.state)) throw conflict(`the call was held on ${(meeting.heldAt ?? meeting.startsAt).slice(0, 10)}; a held call cannot be moved`, 'startsAt');
  if (meeting.state === 'cancelled') throw conflict('the call is cancelled; schedule a new one instead', 'startsAt');
}

/** `at` moved by the wall-clock shift from `from` to `to` in `zone`: a 10:00 call stays at the new local time across a daylight-saving change. */
function shiftLocal(at: string, from: string, to: string, zone: string): string {
  const a = DateTime.fromISO(from, { zone });
  const b = DateTime.fromISO(to, { zone });
  const days = b.startOf('day').diff(a.startOf('day'), 'days').days;
  const minutes = b.hour * 60 + b.minute - (a.hour * 60 + a.minute);
  return DateTime.fromISO(at, { zone })
    .plus({ days: Math.round(days) })
    .plus({ minutes })
    .toUTC()
    .toISO()!;
}

/**
 * Moves or renames a call, or with `scope: 'series'` every call of its series by the same local
 * shift. Every attendee gets the update (METHOD:REQUEST, SEQUENCE raised; one call of a series
 * by its RECURRENCE-ID). A held or cancelled call is refused (409), as is a time outside working
 * hours on either side unless acknowledged; then nothing is saved and nothing sent.
 */
export async function updateMeeting(deps: Deps, actor: Actor, id: string, patch: MeetingUpdate): Promise<MeetingRecord> {
  const scope = patch.scope ?? 'occurrence';
  const updated = await inTransactionWithOutbox(deps, async (tx) => {
    const { meeting, account } = await getEditableMeeting(deps, actor, id, tx);
    if (scope === 'series' && !meeting.seriesId) throw invalid('scope: this call is not part of a series', 'scope');
    const at = deps.now().toISOString();
    const startsAt = patch.startsAt ? new Date(patch.startsAt).toISOString() : meeting.startsAt;
    const duration = patch.durationMinutes ?? (Date.parse(meeting.endsAt ?? meeting.startsAt) - Date.parse(meeting.startsAt)) / 60_000;
    const moved = Date.parse(startsAt) !== Date.parse(meeting.startsAt) || (patch.durationMinutes !== undefined && patch.durationMinutes * 60_000 !== Date.parse(meeting.endsAt ?? meeting.startsAt) - Date.parse(meeting.startsAt));
    const renamed = patch.title !== undefined && patch.title !== meeting.title;
    const calls = scope === 'series' ? await listSeriesMeetings(tx, meeting.seriesId!) : [meeting];
    if (moved || renamed) for (const call of scope === 'series' ? calls.filter((c) => c.state !== 'cancelled') : calls) refuseMove(call);
    const changed: MeetingRecord[] = [];
    for (const call of calls) {
      const start = call.id === meeting.id ? startsAt : moved ? shiftLocal(call.startsAt, meeting.startsAt, startsAt, call.timezone) : call.startsAt;
      const next: MeetingRecord = {
        ...call,
        title: patch.title ?? call.title,
        startsAt: start,
        endsAt: new Date(Date.parse(start) + duration * 60_000).toISOString(),
        recordingUrl: call.id === meeting.id && patch.recordingUrl !== undefined ? patch.recordingUrl : call.recordingUrl,
        // Calendar clients apply a changed invite only when its SEQUENCE grows.
        sequence: moved || renamed ? call.sequence + 1 : call.sequence,
        updatedAt: at,
      };
      if (scope === 'series' && moved) {
        // The series itself moves: each call's RECURRENCE-ID follows, so the new RRULE names them.
        next.originalStartsAt = shiftLocal(occurrenceStart(call), meeting.startsAt, startsAt, call.timezone);
        if (call.recurrence) {
          // A count, not an until the shift may cross, so calendars keep exactly these calls.
          const rule = JSON.parse(call.recurrence) as Recurrence;
          next.recurrence = JSON.stringify({ frequency: rule.frequency, count: calls.length });
        }
      }
      changed.push(next);
    }
    if (moved) {
      const live = changed.filter((c) => c.state !== 'cancelled');
      await checkWorkingHours(
        tx,
        live.map((c) => ({ startsAt: c.startsAt, endsAt: c.endsAt ?? c.startsAt })),
        account,
        meeting.organiserId,
        patch.acknowledgeOutOfHours,
      );
      await checkBackToBack(
        deps,
        tx,
        live.map((c) => ({ startsAt: c.startsAt, endsAt: c.endsAt ?? c.startsAt })),
        account,
        meeting.organiserId,
        changed.map((c) => c.id),
        patch.acknowledgeBackToBack,
      );
    }
    for (const c of changed) await saveMeeting(tx, c);
    const after = changed.find((c) => c.id === meeting.id)!;
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'meeting.updated',
      entityType: 'meeting',
      entityId: id,
      before: { startsAt: meeting.startsAt, title: meeting.title },
      after: { startsAt: after.startsAt, title: after.title, ...(scope === 'series' ? { calls: changed.length } : {}) },
      summary: moved ? `${after.title}${scope === 'series' ? ` (${changed.length} calls)` : ''} moved to ${after.startsAt.slice(0, 16).replace('T', ' ')} UTC` : `${after.title} updated`,
    });
    // Queued in the transaction: a refused change sends nothing; the update leaves once the move is saved (retried until it does).
    if (moved || renamed) await notifyMoved(deps, tx, meeting, after, account, scope);
    return after;
  });
  // The organiser's connected calendar follows once saved (never throws; the sync retries a failure).
  await writeMeetingToCalendar(deps, updated);
  return updated;
}
