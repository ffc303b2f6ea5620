import { describe, expect, it } from 'vitest';
import { allowedEvents, transitionMeeting } from './meeting-state.ts';
import type { EngagementAssessment } from './engagement.ts';

const done: EngagementAssessment = { complete: true, effective: true, gaps: [] };
const open: EngagementAssessment = { complete: false, effective: true, gaps: [{ kind: 'follow_up_not_sent' }] };

describe('the meeting lifecycle', () => {
  it('walks planned → agenda_sent → held → followed_up → complete', () => {
    const steps = [transitionMeeting('planned', 'send_agenda'), transitionMeeting('agenda_sent', 'hold'), transitionMeeting('held', 'send_follow_up'), transitionMeeting('followed_up', 'complete', done)];
    expect(steps.map((s) => (s.ok ? s.to : s.code))).toEqual(['agenda_sent', 'held', 'followed_up', 'complete']);
  });

  it('lets a call be held even though the agenda never went out', () => {
    expect(transitionMeeting('planned', 'hold')).toMatchObject({ ok: true, to: 'held' });
  });

  it('treats sending the agenda or the follow-up again as no change', () => {
    expect(transitionMeeting('agenda_sent', 'send_agenda')).toMatchObject({ ok: true, to: 'agenda_sent', changed: false });
    expect(transitionMeeting('followed_up', 'send_follow_up')).toMatchObject({ ok: true, changed: false });
  });

  it('cancels only a call that has not happened', () => {
    expect(transitionMeeting('planned', 'cancel')).toMatchObject({ ok: true, to: 'cancelled' });
    expect(transitionMeeting('agenda_sent', 'cancel')).toMatchObject({ ok: true, to: 'cancelled' });
    expect(transitionMeeting('held', 'cancel')).toEqual({ ok: false, code: 'invalid_transition', from: 'held', event: 'cancel', allowed: ['send_follow_up'] });
  });

  it('refuses to skip ahead or move back', () => {
    expect(transitionMeeting('planned', 'send_follow_up')).toMatchObject({ ok: false, code: 'invalid_transition' });
    expect(transitionMeeting('held', 'send_agenda')).toMatchObject({ ok: false, code: 'invalid_transition' });
    expect(transitionMeeting('planned', 'complete', done)).toMatchObject({ ok: false, code: 'invalid_transition' });
  });

  it('does not complete a meeting whose engagement is not complete, and says what is missing', () => {
    expect(transitionMeeting('followed_up', 'complete', open)).toEqual({
      ok: false,
      code: 'engagement_incomplete',
      from: 'followed_up',
      event: 'complete',
      gaps: [{ kind: 'follow_up_not_sent' }],
    });
    expect(transitionMeeting('followed_up', 'complete')).toMatchObject({ ok: false, code: 'engagement_incomplete' });
  });

  it('ends for good once complete or cancelled', () => {
    expect(allowedEvents('complete')).toEqual([]);
    expect(allowedEvents('cancelled')).toEqual([]);
    expect(allowedEvents('planned')).toEqual(['send_agenda', 'hold', 'cancel']);
  });
});
