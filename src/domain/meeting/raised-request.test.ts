import { describe, expect, it } from 'vitest';
import { requestDescription } from './raised-request.ts';
import { attendee, meeting } from './meeting.fixtures.ts';

describe('requestDescription', () => {
  it('the tracker item tells engineers who the customer is, which call raised it and who opened it', () => {
    const text = requestDescription({
      account: { name: 'Globex', segment: 'enterprise', arr: 184000, renewalDate: '2027-03-01' },
      meeting: meeting(),
      raisedBy: 'Alice Archer',
      linkBack: 'https://cadence.example/meetings/m-2',
    });
    expect(text).toBe(
      [
        'Customer: Globex (enterprise, ARR 184000, renews 2027-03-01)',
        'Raised in: Acme / Globex CSM Call on 2026-11-24',
        'Customer attendees: Hank Scorpio',
        'Opened by: Alice Archer',
        'Meeting in Cadence: https://cadence.example/meetings/m-2',
      ].join('\n'),
    );
  });

  it('leaves out what Cadence does not know: no ARR, no renewal, no customer in the call', () => {
    const text = requestDescription({ account: { name: 'Initech', segment: 'scale', arr: null, renewalDate: null }, meeting: meeting({ attendees: [attendee()] }), raisedBy: 'Sam', linkBack: 'https://c/m' });
    expect(text.split('\n')).toEqual(['Customer: Initech (scale)', 'Raised in: Acme / Globex CSM Call on 2026-11-24', 'Opened by: Sam', 'Meeting in Cadence: https://c/m']);
  });
});
