import { describe, expect, it } from 'vitest';
import { draftHandoffNote, renewalInWords, type HandoffNoteInput } from './handoff-note.ts';

const base: HandoffNoteInput = {
  accountName: 'Globex',
  fromName: 'Sam Stone',
  toName: 'Maria Lopez',
  reason: null,
  renewalDate: null,
  actionItems: [],
  risks: [],
  objectives: [],
  tickets: [],
  requests: [],
  recentCalls: [],
  today: '2026-12-03',
};

describe('the handoff note', () => {
  it('says the renewal is near when it is within 90 days, and how far', () => {
    expect(renewalInWords('2027-01-15', '2026-12-03')).toBe('2027-01-15 (in 43 days) — within 90 days: start the renewal conversation.');
    expect(renewalInWords('2027-12-01', '2026-12-03')).toBe('2027-12-01 (in 363 days).');
    expect(renewalInWords('2026-12-01', '2026-12-03')).toBe('2026-12-01: passed 2 days ago.');
    expect(renewalInWords(null, '2026-12-03')).toBe('No renewal date on record.');
  });

  it('keeps the last three calls, newest first, each with its recap, and says when a section is empty', () => {
    const calls = ['2026-11-20', '2026-11-06', '2026-10-23', '2026-10-09'].map((d, i) => ({ title: `Call ${i + 1}`, startsAt: `${d}T15:00:00Z`, summary: null, recap: i === 0 ? ['Agreed the SSO rollout'] : [] }));
    const note = draftHandoffNote({ ...base, recentCalls: calls });
    expect(note).toContain('**2026-11-20** Call 1\n  - Agreed the SSO rollout');
    expect(note).toContain('Call 3');
    expect(note).not.toContain('Call 4');
    expect(note).toContain('_No open risk._');
    expect(note).toContain('_No open action item._');
  });

  it("escapes what the customer's records say, so a note renders as typed", () => {
    const note = draftHandoffNote({ ...base, accountName: 'Acme <script>', reason: '*bold* move' });
    expect(note).toContain('Acme \\<script\\>');
    expect(note).toContain('\\*bold\\* move');
  });
});
