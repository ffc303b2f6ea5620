import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { meetingTitle } from './meeting-title.ts';

describe('meeting titles', () => {
  it('a cadence call is "<Vendor> / <Customer> CSM Call" by default', () => {
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence' })).toBe('Acme / Globex CSM Call');
  });

  it('the frequency style adapts to the series frequency', () => {
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence', style: 'frequency', frequency: 'biweekly' })).toBe('Acme - Bi-weekly Collaboration');
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence', style: 'frequency', frequency: 'monthly' })).toBe('Acme - Monthly Collaboration');
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence', style: 'frequency', frequency: { every: 2, unit: 'week' } })).toBe('Acme - Bi-weekly Collaboration');
  });

  it('falls back to the customer title when the frequency has no word', () => {
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence', style: 'frequency', frequency: { every: 10, unit: 'day' } })).toBe('Acme / Globex CSM Call');
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence', style: 'frequency' })).toBe('Acme / Globex CSM Call');
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence', style: 'frequency', frequency: 'none' })).toBe('Acme / Globex CSM Call');
  });

  it('the short style and another role label', () => {
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence', style: 'short', roleLabel: 'TAM' })).toBe('Acme - TAM Call');
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cadence', roleLabel: 'TAM' })).toBe('Acme / Globex TAM Call');
  });

  it('other meetings say what they are; internal reviews leave the vendor out', () => {
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'kickoff' })).toBe('Acme / Globex Kickoff');
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'cbr' })).toBe('Acme / Globex Business Review');
    expect(meetingTitle({ vendor: 'Acme', customer: 'Globex', type: 'internal_review' })).toBe('Globex Internal Review');
  });

  it('tidies stray whitespace and refuses an empty vendor name', () => {
    expect(meetingTitle({ vendor: '  Acme  Corp ', customer: 'Globex\n', type: 'cadence' })).toBe('Acme Corp / Globex CSM Call');
    expect(() => meetingTitle({ vendor: ' ', customer: 'Globex', type: 'cadence' })).toThrow(AppError);
    expect(() => meetingTitle({ vendor: ' ', customer: 'Globex', type: 'cadence' })).toThrow('vendor must not be empty');
  });
});
