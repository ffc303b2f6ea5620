/**
 * When a call's engagement is over. The playbook: not until the follow-up is sent and every
 * support ticket and feature request from the call is opened. The handbook: a call with no
 * action items or follow-ups was not effective.
 */
import type { ActionItem, Meeting, RequestRaised } from './meeting.ts';
import type { Instant, MeetingState, MeetingType } from '../model.ts';

/** When a call went through its lifecycle: what the dashboard and the health measures read of it. */
export interface CallLifecycle {
  type: MeetingType;
  state: MeetingState;
  startsAt: Instant;
  heldAt: Instant | null;
  agendaSentAt: Instant | null;
  followUpSentAt: Instant | null;
  /** The follow-up's due time written at wrap-up, when there is one. */
  followUpDueAt?: Instant | null;
}

export type EngagementGap = { kind: 'not_held' } | { kind: 'follow_up_not_sent' } | { kind: 'request_not_opened'; requestId: string; requestKind: RequestRaised['kind']; title: string };

export interface EngagementAssessment {
  complete: boolean;
  /** false when a held call produced no action items; null while it has not been held. */
  effective: boolean | null;
  /** Everything still standing between the call and a complete engagement, in the order to do it. */
  gaps: EngagementGap[];
}

/** Opened in the tracker (it has an id or a link there) or dismissed with a reason. */
export function isRequestSettled(request: RequestRaised): boolean {
  const opened = Boolean(request.externalId?.trim() || request.url?.trim());
  return opened || Boolean(request.dismissedReason?.trim());
}

/**
 * Assesses one meeting. Only action items and requests born in this meeting count; the
 * follow-up counts as sent when either the follow-up record or the meeting says so.
 */
export function assessEngagement(
  meeting: Pick<Meeting, 'id' | 'state' | 'heldAt' | 'followUpSentAt'>,
  actionItems: readonly Pick<ActionItem, 'meetingId'>[],
  requestsRaised: readonly RequestRaised[],
  followUp: { sentAt: string | null } | null,
): EngagementAssessment {
  const held = meeting.heldAt !== null && meeting.state !== 'cancelled';
  if (!held) return { complete: false, effective: null, gaps: [{ kind: 'not_held' }] };

  const gaps: EngagementGap[] = [];
  if (!(followUp?.sentAt ?? meeting.followUpSentAt)) gaps.push({ kind: 'follow_up_not_sent' });
  for (const r of requestsRaised) {
    if (r.meetingId === meeting.id && !isRequestSettled(r)) {
      gaps.push({ kind: 'request_not_opened', requestId: r.id, requestKind: r.kind, title: r.title });
    }
  }
  const effective = actionItems.some((a) => a.meetingId === meeting.id);
  return { complete: gaps.length === 0, effective, gaps };
}
