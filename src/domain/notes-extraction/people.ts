import type { Side } from '../model.ts';
import { matchSpeakers, normalizePersonName } from '../transcript/match-speakers.ts';
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
  const everyone: Person[] = [
    ...attendees.map((a) => ({ name: a.name, side: a.side })),
    ...matching.unmatched.map((s) => ({ name: s, side: null })),
  ];
  for (const person of everyone) {
    add(person.name, person);
    const parts = normalizePersonName(person.name).split(' ');
    // First names ("Sam") are how people are addressed; a one-word role ("Marketing") is not a first name.
    if (parts.length === 2 && parts[0] && /^[A-Z]/.test(person.name)) add(parts[0], person);
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
