import { describe, expect, it } from 'vitest';
import { matchSpeakers, renameSpeakers } from './match-speakers.ts';

const attendees = [
  { name: "Dana O'Brien", email: 'dana@vendor.example', side: 'vendor' as const },
  { name: 'Sam Patel', email: 'sam.patel@acme.example', side: 'customer' as const },
  { name: 'Alex Kim', email: 'akim@acme.example', side: 'customer' as const },
  { name: 'Alex Rivera', side: 'customer' as const },
];

describe('matching speakers to attendees', () => {
  it('speakers are found by email, by name whatever the punctuation, and by the name in an address', () => {
    const m = matchSpeakers(
      [
        { speaker: 'D. O.', text: 'hi', at: 0, email: 'DANA@vendor.example' },
        { speaker: 'sam patel (Acme)', text: 'hi', at: 1 },
      ],
      attendees,
    );
    expect(m.matches.map((x) => [x.speaker, x.attendee.name, x.by])).toEqual([
      ['D. O.', "Dana O'Brien", 'email'],
      ['sam patel (Acme)', 'Sam Patel', 'name'],
    ]);
    expect(matchSpeakers(['Sam Patel'], [{ name: 'S. Patel', email: 'sam.patel@acme.example' }]).matches[0]?.by).toBe('email_name');
  });

  it('a first name shared by two attendees is left for the CSM to map by hand', () => {
    const m = matchSpeakers(['Alex', 'Dana', 'Alex K', 'Phone user 3'], attendees);
    expect(m.matches.map((x) => [x.speaker, x.attendee.name])).toEqual([
      ['Dana', "Dana O'Brien"],
      ['Alex K', 'Alex Kim'],
    ]);
    expect(m.unmatched).toEqual(['Alex', 'Phone user 3']);
  });

  it('a hand mapping renames the speaker on every cue', () => {
    const t = renameSpeakers({ format: 'plain', cues: [{ speaker: 'Phone user 3', text: 'hello', at: null }] }, { 'Phone user 3': 'Alex Rivera' });
    expect(t.cues[0]?.speaker).toBe('Alex Rivera');
  });
});
