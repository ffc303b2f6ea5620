import { createRequire } from 'node:module';
import type winkNLP from 'wink-nlp';

// wink-nlp and its English model are read on first use, not at import: loading the model costs ~0.4 s,
// and every server start imports this file (the transcript routes) though most never tag a word. The
// crash test alone starts the server fifty times.
const require = createRequire(import.meta.url);
const loadModel = () => require('wink-eng-lite-web-model') as Parameters<typeof winkNLP>[0];

/** A word as the tagger read it: its text, universal part of speech and lemma ("buttons" → "button"). */
export interface Tagged {
  text: string;
  /** Whether a space came before the word in the text, to put a phrase back together as it was written. */
  spaced: boolean;
  pos: string;
  lemma: string;
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | null = null;
const cache = new Map<string, Tagged[]>();

/**
 * Parts of speech for a short piece of speech, from wink-nlp's English model (shipped inside the
 * npm package: nothing is fetched). The model loads once, on first use (~0.1 s); only candidate
 * clauses are tagged, never the whole transcript, so a 60-minute call stays fast. Deterministic.
 */
export function tag(text: string): Tagged[] {
  const hit = cache.get(text);
  if (hit) return hit;
  nlp ??= (require('wink-nlp') as typeof winkNLP)(loadModel());
  const its = nlp.its;
  const tokens = nlp.readDoc(text).tokens();
  const values = tokens.out(its.value) as string[];
  const pos = tokens.out(its.pos) as string[];
  // The lemma reader's declared type wants the model's add-ons passed by hand; out() supplies them.
  const lemma = tokens.out(its.lemma as unknown as typeof its.value) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const out = values.map((v, i) => ({ text: v, spaced: (spaces[i] ?? '') !== '', pos: pos[i] ?? 'X', lemma: (lemma[i] ?? v).toLowerCase() }));
  // "gonna" and "wanna" are read as nouns by a model trained on written text.
  for (const t of out) if (/^(?:gonna|wanna|gotta)$/i.test(t.text)) t.pos = 'AUX';
  if (cache.size > 5000) cache.clear();
  cache.set(text, out);
  return out;
}

/** Whether a phrase names a thing (a noun or a name), not just "that", "it" or "something". */
export function hasNoun(text: string): boolean {
  return tag(text).some((t) => (t.pos === 'NOUN' || t.pos === 'PROPN') && !VAGUE_NOUNS.has(t.lemma));
}

/** Nouns that name nothing a note could be about. */
export const VAGUE_NOUNS = new Set('thing things stuff something anything everything nothing bit lot kind sort way time moment minute second idea gonna wanna um uh yeah okay mm hmm'.split(' '));

/** Puts tagged words back together with the spacing they were written with. */
export function untag(tokens: readonly Tagged[]): string {
  return tokens.map((t, i) => (i > 0 && t.spaced ? ` ${t.text}` : t.text)).join('');
}
