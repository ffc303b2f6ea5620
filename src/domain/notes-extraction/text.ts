import type { Cue } from '../transcripts/transcript.ts';
import { writtenNumbers } from './numbers.ts';

/** One sentence of one cue: the unit every extractor looks at. */
export interface Utterance {
  /** Position in the whole meeting, for "what came next" questions. */
  index: number;
  cueIndex: number;
  speaker: string;
  text: string;
  at: number | null;
}

/**
 * Splits cues into sentences. Transcripts punctuate loosely, so a plain split after . ? ! is
 * as good as a model here and keeps a 60-minute call far under the time budget.
 */
export function toUtterances(cues: readonly Cue[]): Utterance[] {
  const out: Utterance[] = [];
  cues.forEach((cue, cueIndex) => {
    for (const sentence of splitSentences(joinSpelledLetters(cue.text))) {
      out.push({ index: out.length, cueIndex, speaker: cue.speaker, text: sentence, at: cue.at });
    }
  });
  return out;
}

/**
 * Transcribers write an acronym that was spelled out letter by letter as "L_C_D_" or "L. C. D.";
 * people write "LCD", and a note or a name ("the I_D_" for the Industrial Designer) must read the
 * same way.
 */
export function joinSpelledLetters(text: string): string {
  return text.replace(/\b(?:[A-Za-z]_){2,}(?=s\b|[^A-Za-z0-9]|$)/g, (m) => m.replace(/_/g, '').toUpperCase()).replace(/\b(?:[A-Z]\.\s?){2,}(?![a-z])/g, (m) => m.replace(/[.\s]/g, '') + (/\s$/.test(m) ? ' ' : ''));
}

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.?!])\s+(?=["'“(]?[A-Z0-9])/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const LEADING = /^(?:(?:um+|uh+|erm|hmm+|so|okay|ok|right|well|yeah|yes|and|but|now|alright|then|oh|anyway)\b[,.]?\s*)+/i;
const INNER = /\b(?:um+|uh+|erm|hmm+|mm+-?hmm|you know|i mean|sort of|kind of|basically|actually|just|really|probably|maybe|i guess|i think)\b,?\s*/gi;

/**
 * Speech as people meant it: hesitations out and stutters ("will uh will work") collapsed, so
 * the patterns see "will work". The original stays the quote.
 */
export function normalizeSpeech(text: string): string {
  return text
    .replace(/\b(?:um+|uh+|erm|hmm+|mm+-?hmm|mm|you know|i mean|sort of|kind of)\b,?\s*/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\b(\w+(?:'\w+)?)(?:,? \1\b)+/gi, '$1')
    .replace(/\b(\w+(?:\s+\w+)?)(?:,? \1\b)+/gi, '$1')
    .trim();
}

/** Drops the hesitations and hedges of speech so a suggestion reads like a note. */
export function stripFillers(text: string): string {
  return text
    .replace(INNER, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(LEADING, '')
    .replace(/\b(\w+)( \1\b)+/gi, '$1')
    .replace(/\s+([,.?!])/g, '$1')
    .replace(/^[\s,.;:-]+|[\s,;:-]+$/g, '')
    .trim();
}

/** "the runner outage ticket." → "The runner outage ticket"; "twenty five seats" → "25 seats". */
export function asNote(text: string): string {
  const t = writtenNumbers(text.replace(/[\s,.;:!?-]+$/, '').trim());
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export const STOPWORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto about as than so too very ' +
    'is am are was were be been being do does did doing done have has had having will would shall should can could may might must ' +
    'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs this that these those ' +
    'what which who whom whose when where why how all any both each few more most other some such no nor not only own same ' +
    "just also there here up down out off over under again further once s t don't doesn't didn't won't can't isn't aren't " +
    "i'm i'll i've i'd we're we'll we've you're you'll it's that's there's let's um uh okay ok yeah yes oh well like really"
  ).split(' '),
);

/** Lowercased words without stopwords: what two sentences must share to say the same thing. */
export function contentTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []) {
    if (!STOPWORDS.has(raw)) out.push(raw.replace(/'[a-z]+$/, ''));
  }
  return out;
}

/** Token-overlap F1 of two token lists (as multisets). */
export function tokenF1(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of a) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common += 1;
      counts.set(t, n - 1);
    }
  }
  if (common === 0) return 0;
  const p = common / a.length;
  const r = common / b.length;
  return (2 * p * r) / (p + r);
}

/** Shortens a quote to a readable length at a word boundary. */
export function clipQuote(text: string, max = 240): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}
