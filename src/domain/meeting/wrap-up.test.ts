import { describe, expect, it } from 'vitest';
import { summariseWrapUp, wrapUpTooEarly, type WrapUpSummaryInput } from './wrap-up.ts';

function input(over: Partial<WrapUpSummaryInput> = {}): WrapUpSummaryInput {
  return { meetingTitle: 'Acme / Globex CSM Call', actionItems: 3, risks: 1, requests: 2, effective: true, summary: 'Hank is moving to Initech in Q1.', ...over };
}

describe('summariseWrapUp', () => {
  it("tells the team what the call produced, then the CSM's own words", () => {
    expect(summariseWrapUp(input())).toBe('Acme / Globex CSM Call held: 3 action items, 1 risk, 2 requests to open. Hank is moving to Initech in Q1.');
  });

  it('counts one of a kind in the singular and leaves out what the call did not produce', () => {
    expect(summariseWrapUp(input({ actionItems: 1, risks: 0, requests: 1, summary: null }))).toBe('Acme / Globex CSM Call held: 1 action item, 1 request to open');
  });

  it('says a call without action items was not effective', () => {
    expect(summariseWrapUp(input({ actionItems: 0, risks: 0, requests: 0, effective: false, summary: null }))).toBe('Acme / Globex CSM Call held: 0 action items (not effective: no action items)');
  });
});

describe('wrapUpTooEarly', () => {
  it('a call cannot be wrapped up before it starts, and the refusal says when it starts', () => {
    expect(wrapUpTooEarly('2026-12-04T15:00:00Z', new Date('2026-12-03T10:00:00Z'), 'Friday 4 December 2026, 15:00 GMT')).toBe('the call has not started yet: it starts Friday 4 December 2026, 15:00 GMT; wrap it up once it has been held');
  });

  it('a call that has started may be wrapped up', () => {
    expect(wrapUpTooEarly('2026-12-04T15:00:00Z', new Date('2026-12-04T15:00:00Z'), 'x')).toBeNull();
    expect(wrapUpTooEarly('2026-12-04T15:00:00Z', new Date('2026-12-04T15:40:00Z'), 'x')).toBeNull();
  });
});
