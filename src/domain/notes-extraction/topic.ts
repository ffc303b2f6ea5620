import { tag } from './nlp.ts';
import { contentTokens, normalizeSpeech, type Utterance } from './text.ts';

/** Words of talk itself, never what a meeting is about. */
const SPEECH_WORDS = new Set(
  'think know mean gonna wanna want good thing things something anything really people actually probably need make okay right kind sort said look going well also maybe time much would could yeah mm-hmm sure guess got get like little bit lot way sorta kinda pretty stuff whatever talk meeting minutes different idea ideas point question start next first last one two three four five quite alright okay hmm huh yeah nice use'.split(
    ' ',
  ),
);

const CANDIDATES = 6;
const SAMPLES = 8;
const SLICES = 10;

/**
 * The thing the meeting kept coming back to ("remote control", "renewal", "migration"), or null
 * when nothing dominates the talk (a short call has no such subject). Decisions such as "we'll go
 * with rubber" are stated without their subject because everyone in the room knows it; a note
 * read later needs it. Only a word the tagger reads as a noun qualifies, and a word nearly always
 * said after the same modifier keeps it ("remote control", not "control").
 */
export function mainTopic(utterances: readonly Utterance[]): string | null {
  const counts = new Map<string, number>();
  const spread = new Map<string, Set<number>>();
  let total = 0;
  utterances.forEach((u, i) => {
    const slice = Math.floor((i * SLICES) / utterances.length);
    for (const w of contentTokens(normalizeSpeech(u.text))) {
      total += 1;
      if (w.length < 3 || SPEECH_WORDS.has(w) || /^\d/.test(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
      const seen = spread.get(w) ?? new Set<number>();
      seen.add(slice);
      spread.set(w, seen);
    }
  });
  // What the whole meeting is about is talked about all through it, not in one stretch: a word must come up in half of its tenths.
  const reach = (w: string) => spread.get(w)?.size ?? 0;
  const ranked = [...counts]
    .filter(([w]) => reach(w) * 2 >= SLICES)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, CANDIDATES);
  for (const [word, n] of ranked) {
    if (n < 10 || n < total * 0.01) continue;
    const reading = asNoun(utterances, word);
    if (reading) return reading;
  }
  return null;
}

/** How a word is used where it is said: null unless mostly as a noun; with its usual modifier if it has one. */
function asNoun(utterances: readonly Utterance[], word: string): string | null {
  const re = new RegExp(`\\b${word}\\b`, 'i');
  let seen = 0;
  let nouns = 0;
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  for (const u of utterances) {
    if (seen >= SAMPLES) break;
    if (!re.test(u.text)) continue;
    const tokens = tag(u.text);
    const i = tokens.findIndex((t) => t.text.toLowerCase() === word);
    if (i < 0) continue;
    seen += 1;
    const t = tokens[i];
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    // "remote" in "remote control" is the compound's modifier: the topic is the compound.
    if (t && next && next.pos === 'NOUN' && (t.pos === 'ADJ' || t.pos === 'NOUN')) {
      nouns += 1;
      const compound = `${word} ${next.text.toLowerCase()}`;
      after.set(compound, (after.get(compound) ?? 0) + 1);
    } else if (t && (t.pos === 'NOUN' || t.pos === 'PROPN')) {
      nouns += 1;
      if (prev && (prev.pos === 'ADJ' || prev.pos === 'NOUN' || prev.pos === 'PROPN')) before.set(`${prev.text.toLowerCase()} ${word}`, (before.get(`${prev.text.toLowerCase()} ${word}`) ?? 0) + 1);
    }
  }
  if (seen === 0 || nouns * 2 < seen) return null;
  for (const [compound, k] of [...before, ...after]) if (k * 5 >= nouns * 3 && !compound.split(' ').some((w) => SPEECH_WORDS.has(w))) return compound;
  return word;
}
