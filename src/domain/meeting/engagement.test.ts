import { describe, expect, it } from 'vitest';
import { assessEngagement } from './engagement.ts';
import type { RequestRaised } from './meeting.ts';
import { actionItem, meeting } from './meeting.fixtures.ts';

const held = meeting({ state: 'held', heldAt: '2026-11-24T15:30:00.000Z' });
const sent = { sentAt: '2026-11-25T09:00:00.000Z' };
const fromThisCall = [actionItem({ meetingId: held.id })];

function raised(over: Partial<RequestRaised> = {}): RequestRaised {
  return { id: 'rr-1', meetingId: held.id, kind: 'ticket', title: 'Runner timeouts', externalId: null, url: null, dismissedReason: null, ...over };
}

describe('assessEngagement', () => {
  it('is complete once the follow-up is sent and every request from the call is opened or dismissed', () => {
    const requests = [
      raised({ id: 'rr-1', externalId: '48213' }),
      raised({ id: 'rr-2', kind: 'feature_request', url: 'https://tracker.test/9001' }),
      raised({ id: 'rr-3', kind: 'feature_request', dismissedReason: 'Already possible with push rules' }),
    ];
    expect(assessEngagement(held, fromThisCall, requests, sent)).toEqual({ complete: true, effective: true, gaps: [] });
  });

  it('is not over until the follow-up is sent', () => {
    const result = assessEngagement(held, fromThisCall, [], null);
    expect(result.complete).toBe(false);
    expect(result.gaps).toEqual([{ kind: 'follow_up_not_sent' }]);
    expect(assessEngagement(held, fromThisCall, [], { sentAt: null }).complete).toBe(false);
  });

  it('counts a follow-up the meeting records as sent', () => {
    expect(assessEngagement({ ...held, followUpSentAt: sent.sentAt }, fromThisCall, [], null).complete).toBe(true);
  });

  it('names every ticket and feature request still to open', () => {
    const requests = [raised({ id: 'rr-1' }), raised({ id: 'rr-2', kind: 'feature_request', title: 'Merge trains', dismissedReason: '   ' }), raised({ id: 'rr-3', externalId: '1' }), raised({ id: 'rr-other', meetingId: 'm-other' })];
    expect(assessEngagement(held, fromThisCall, requests, sent)).toEqual({
      complete: false,
      effective: true,
      gaps: [
        { kind: 'request_not_opened', requestId: 'rr-1', requestKind: 'ticket', title: 'Runner timeouts' },
        { kind: 'request_not_opened', requestId: 'rr-2', requestKind: 'feature_request', title: 'Merge trains' },
      ],
    });
  });

  it('flags a held call with no action items as not effective, without blocking completion', () => {
    const result = assessEngagement(held, [actionItem({ meetingId: 'm-earlier' })], [], sent);
    expect(result).toEqual({ complete: true, effective: false, gaps: [] });
  });

  it('is not complete, nor judged, before the call is held or when it was cancelled', () => {
    expect(assessEngagement(meeting(), fromThisCall, [], sent)).toEqual({ complete: false, effective: null, gaps: [{ kind: 'not_held' }] });
    expect(assessEngagement({ ...held, state: 'cancelled' }, fromThisCall, [], sent).complete).toBe(false);
  });
});
