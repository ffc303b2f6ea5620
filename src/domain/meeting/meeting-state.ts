/**
 * The meeting's life: planned → agenda_sent → held → followed_up → complete, or cancelled
 * before it is held. A call can be held without the agenda having gone out (it happens), and
 * sending the agenda or the follow-up again changes nothing.
 */
import type { MeetingState } from '../model.ts';
import type { EngagementAssessment, EngagementGap } from './engagement.ts';

export const MEETING_EVENTS = ['send_agenda', 'hold', 'send_follow_up', 'complete', 'cancel'] as const;
export type MeetingEvent = (typeof MEETING_EVENTS)[number];

const TRANSITIONS: Record<MeetingState, Partial<Record<MeetingEvent, MeetingState>>> = {
  planned: { send_agenda: 'agenda_sent', hold: 'held', cancel: 'cancelled' },
  agenda_sent: { send_agenda: 'agenda_sent', hold: 'held', cancel: 'cancelled' },
  held: { send_follow_up: 'followed_up' },
  followed_up: { send_follow_up: 'followed_up', complete: 'complete' },
  complete: {},
  cancelled: {},
};

export type MeetingTransition =
  | { ok: true; from: MeetingState; to: MeetingState; event: MeetingEvent; changed: boolean }
  | { ok: false; code: 'invalid_transition'; from: MeetingState; event: MeetingEvent; allowed: MeetingEvent[] }
  | { ok: false; code: 'engagement_incomplete'; from: MeetingState; event: MeetingEvent; gaps: EngagementGap[] };

/** The events a meeting in `state` accepts. */
export function allowedEvents(state: MeetingState): MeetingEvent[] {
  return MEETING_EVENTS.filter((e) => TRANSITIONS[state][e] !== undefined);
}

/**
 * Where `event` takes a meeting in state `from`. Completing needs the engagement assessment:
 * a meeting is complete only when its engagement is.
 */
export function transitionMeeting(from: MeetingState, event: MeetingEvent, engagement?: EngagementAssessment): MeetingTransition {
  const to = TRANSITIONS[from][event];
  if (to === undefined) return { ok: false, code: 'invalid_transition', from, event, allowed: allowedEvents(from) };
  if (event === 'complete' && !engagement?.complete) {
    return { ok: false, code: 'engagement_incomplete', from, event, gaps: engagement?.gaps ?? [] };
  }
  return { ok: true, from, to, event, changed: to !== from };
}
