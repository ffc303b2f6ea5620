import type { Side } from '../model.ts';
import type { Cue, Transcript } from './transcript.ts';

export interface Attendee {
  name: string;
  email?: string;
  side?: Side;
}

export type MatchedBy = 'email' | 'name' | 'email_name' | 'first_name';

export interface SpeakerMatch<A extends Attendee = Attendee> {
  speaker: string;
  attendee: A;
  by: MatchedBy;
}

export interface SpeakerMatching<A extends Attendee = Attendee> {
  matches: SpeakerMatch<A>[];
  /** Speakers nobody could be found for, in order of first appearance: the user maps these by hand. */
  unmatched: string[];
}

/** "Dana O'Brien (Acme Corp)" → "dana obrien": case, accents, punctuation and company tags vanish. */
export function normalizePersonName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9@]+/g, ' ')
    .trim();
}

function emailName(email: string): string {
  return normalizePersonName((email.split('@')[0] ?? '').replace(/[._-]+/g, ' '));
}

/**
 * Finds the attendee behind each transcript speaker: by email when the source gives one, then by
 * the whole name, then by the name in an email address ("dana.obrien@…"), then by a first name
 * (or "Dana O.") that only one attendee has. Ambiguous first names stay unmatched rather than
 * guessed, because a wrong owner on an action item is worse than none.
 */
export function matchSpeakers<A extends Attendee>(speakers: Transcript | readonly Cue[] | readonly string[], attendees: readonly A[]): SpeakerMatching<A> {
  const cues: readonly (Cue | string)[] = 'cues' in speakers ? speakers.cues : speakers;
  const seen = new Map<string, string | undefined>();
  for (const c of cues) {
    const name = typeof c === 'string' ? c : c.speaker;
    const email = typeof c === 'string' ? undefined : c.email;
    if (!seen.has(name) || (email && !seen.get(name))) seen.set(name, email);
  }
  const matches: SpeakerMatch<A>[] = [];
  const unmatched: string[] = [];
  for (const [speaker, email] of seen) {
    const found = findAttendee(speaker, email, attendees);
    if (found) matches.push({ speaker, ...found });
    else unmatched.push(speaker);
  }
  return { matches, unmatched };
}

function findAttendee<A extends Attendee>(speaker: string, email: string | undefined, attendees: readonly A[]): { attendee: A; by: MatchedBy } | undefined {
  const lowerEmail = email?.toLowerCase();
  const byEmail = lowerEmail ? attendees.find((a) => a.email?.toLowerCase() === lowerEmail) : undefined;
  if (byEmail) return { attendee: byEmail, by: 'email' };
  const spoken = normalizePersonName(speaker);
  if (spoken === '') return undefined;
  // A speaker shown as an address ("dana@acme.com") is matched on the address.
  if (spoken.includes('@')) {
    const a = attendees.find((x) => x.email?.toLowerCase() === speaker.trim().toLowerCase());
    if (a) return { attendee: a, by: 'email' };
  }
  const byName = attendees.filter((a) => normalizePersonName(a.name) === spoken);
  if (byName.length === 1 && byName[0]) return { attendee: byName[0], by: 'name' };
  const byEmailName = attendees.filter((a) => a.email && emailName(a.email) === spoken);
  if (byEmailName.length === 1 && byEmailName[0]) return { attendee: byEmailName[0], by: 'email_name' };
  const [first, second] = spoken.split(' ');
  if (!first) return undefined;
  const byFirst = attendees.filter((a) => {
    const [aFirst, aSecond] = normalizePersonName(a.name).split(' ');
    if (aFirst !== first) return false;
    // "Dana O" may stand for "Dana O'Brien" but not for "Dana Smith".
    return second === undefined || (second.length <= 2 && aSecond !== undefined && aSecond.startsWith(second));
  });
  if (byFirst.length === 1 && byFirst[0]) return { attendee: byFirst[0], by: 'first_name' };
  return undefined;
}

/** Applies the user's hand mapping (speaker label → attendee name) to every cue. */
export function renameSpeakers(transcript: Transcript, mapping: Readonly<Record<string, string>>): Transcript {
  return { ...transcript, cues: transcript.cues.map((c) => (mapping[c.speaker] ? { ...c, speaker: mapping[c.speaker] as string } : c)) };
}
