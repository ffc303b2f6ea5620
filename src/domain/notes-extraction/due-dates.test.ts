import { describe, expect, it } from 'vitest';
import { resolveDue } from './due-dates.ts';

// 2026-03-10 is a Tuesday.
const ctx = { meetingDate: '2026-03-10', renewalDate: '2026-06-30' };

describe('due dates said in a call', () => {
  it.each([
    ['I will send it by Friday', '2026-03-13'],
    ['we can review it next Friday', '2026-03-20'],
    ['let us pick this up next week', '2026-03-20'],
    ['by the end of the month', '2026-03-31'],
    ['before the renewal', '2026-06-29'],
    ['tomorrow', '2026-03-11'],
    ['end of day', '2026-03-10'],
    ['in two weeks', '2026-03-24'],
    ['within 3 business days', '2026-03-13'],
    ['by March 3rd', '2027-03-03'],
    ['by the 20th of March', '2026-03-20'],
    ['end of the quarter', '2026-03-31'],
    ["I'll send the timeline to everyone this week", '2026-03-13'],
    ['we can get that to you later this week', '2026-03-13'],
    ["I'll have names for you early next week", '2026-03-17'],
    ['first thing next week', '2026-03-16'],
    ['mid next week', '2026-03-18'],
    ['by the end of next week', '2026-03-20'],
    ['by the end of April', '2026-04-30'],
    ['by the end of January', '2027-01-31'],
  ])('"%s" is due %s', (said, due) => {
    expect(resolveDue(said, ctx)).toBe(due);
  });

  it('"within 3 business days" skips the team\'s holidays like the weekend', () => {
    expect(resolveDue('within 3 business days', { ...ctx, holidays: ['2026-03-12'] })).toBe('2026-03-16');
  });

  it('"Friday" said on a Friday means the next one', () => {
    expect(resolveDue('by Friday', { meetingDate: '2026-03-13' })).toBe('2026-03-20');
  });

  it('"this week" said on a Friday is that day', () => {
    expect(resolveDue('I will enable it this week', { meetingDate: '2026-03-13' })).toBe('2026-03-13');
  });

  it('a sentence with no deadline has no due date, and "before the renewal" needs a renewal date', () => {
    expect(resolveDue('I will look into it', ctx)).toBeNull();
    expect(resolveDue('before the renewal', { meetingDate: '2026-03-10' })).toBeNull();
  });
});
