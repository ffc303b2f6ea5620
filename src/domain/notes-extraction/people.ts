import type { Side } from '../model.ts';
import { matchSpeakers, normalizePersonName } from '../transcripts/match-speakers.ts';
import type { NotesAttendee } from './schema.ts';

export interface Person {
  name: string;
  side: Side | null;
}

/**
 * Who was in the meeting, as the extractor needs them: the attendee behind each speaker label,
 * and the names a sentence may call someone by ("Sam", "Sam Patel", "the Marketing Expert").
 */
export interface People {
  bySpeaker(speaker: string): Person;
  /** People named in a sentence, in order of appearance; a first name shared by two attendees names nobody. */
  mentioned(sentence: string): Person[];
  /** Regex source matching any name a person can be called by. */
  readonly namePattern: string | null;
  find(name: string): Person | undefined;
}

/** Words of job titles and everyday speech that name nobody on their own. */
const COMMON_WORDS = new Set(
  'user users project manager designer expert lead team customer account success sales support engineer engineering admin director head owner product the and of for vp cto ceo cio senior junior principal staff new will may bill grant'.split(
    ' ',
  ),
);

/** Initials that are also words or times of day: "me" is not the Marketing Expert, nor "pm" the Project Manager. */
const NOT_INITIALS = new Set('am pm me us it is as at an in on of or to be by do go he hi if my no so up we ok tv uk eu hr'.split(' '));

export function buildPeople(attendees: readonly NotesAttendee[], speakers: readonly string[]): People {
  const matching = matchSpeakers(speakers, attendees);
  const speakerMap = new Map<string, Person>(matching.matches.map((m) => [m.speaker, { name: m.attendee.name, side: m.attendee.side }]));
  const aliases = new Map<string, Person | null>();
  const add = (alias: string, person: Person) => {
    const key = normalizePersonName(alias);
    if (key.length < 2) return;
    const had = aliases.get(key);
    aliases.set(key, had === undefined || had?.name === person.name ? person : null);
  };
  const everyone: Person[] = [...attendees.map((a) => ({ name: a.name, side: a.side })), ...matching.unmatched.map((s) => ({ name: s, side: null }))];
  const wordCount = new Map<string, number>();
  for (const person of everyone) for (const w of new Set(normalizePersonName(person.name).split(' '))) wordCount.set(w, (wordCount.get(w) ?? 0) + 1);
  for (const person of everyone) {
    add(person.name, person);
    const parts = normalizePersonName(person.name).split(' ');
    // People are called by any part of their name only they have: "Sam", "Patel", "the Marketing
    // Expert", "marketing", "interface designer"; words that also mean something else do not count.
    for (let i = 0; i + 1 < parts.length; i += 1) add(`${parts[i]} ${parts[i + 1]}`, person);
    for (const w of parts) if (w.length >= 3 && wordCount.get(w) === 1 && !COMMON_WORDS.has(w)) add(w, person);
    // Teams shorten long names and titles to initials: "the UID", "ID, you'll take the case".
    const initials = parts.map((w) => w.charAt(0)).join('');
    if (parts.length >= 2 && !NOT_INITIALS.has(initials)) add(initials, person);
  }
  const usable = [...aliases.entries()].filter((e): e is [string, Person] => e[1] !== null);
  usable.sort((a, b) => b[0].length - a[0].length);
  const namePattern = usable.length > 0 ? usable.map(([k]) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|') : null;
  const mentionRe = namePattern ? new RegExp(`\\b(${namePattern})\\b`, 'gi') : null;
  const lookup = new Map(usable);
  return {
    namePattern,
    bySpeaker: (speaker) => speakerMap.get(speaker) ?? { name: speaker, side: null },
    find: (name) => lookup.get(normalizePersonName(name)),
    mentioned(sentence) {
      if (!mentionRe) return [];
      const out: Person[] = [];
      for (const m of sentence.matchAll(mentionRe)) {
        const p = lookup.get(normalizePersonName(m[1] ?? ''));
        if (p && !out.some((o) => o.name === p.name)) out.push(p);
      }
      return out;
    },
  };
}
