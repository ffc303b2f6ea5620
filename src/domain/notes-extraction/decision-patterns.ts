import { tag, untag, VAGUE_NOUNS, type Tagged } from './nlp.ts';

/**
 * What a sentence says was chosen. A `choice` is the thing picked ("let's go with SAML" → "SAML");
 * a `plan` keeps its verb and subject, because the verb is the decision ("we'll use regular
 * batteries", "it'll be yellow", "we won't have a display").
 */
export type Stated = { kind: 'choice'; rest: string; score: number } | { kind: 'plan'; subject: 'we' | 'topic' | string; negated: boolean; verb: string; rest: string; score: number };

const CHOICE: readonly { re: RegExp; score: number }[] = [
  { re: /\b(?:(?:that's|that\s+is|it's)\s+(?:a\s+|the\s+)?decision|decision\s+made|(?:it's|that's)\s+(?:decided|settled|agreed))\b\s*(?:[:,-]|then)?\s*(.*)$/i, score: 3 },
  { re: /\b(?:decided|agreed|settled|chose|opted)(?:\s+(?:on|upon|to|that|for))?\s+(.*)$/i, score: 3 },
  { re: /\b(?:decision|consensus|conclusion|agreement|verdict)\s+(?:is|was|seems to be|would be)\s+(?:that\s+|to\s+)?(.*)$/i, score: 3 },
  {
    re: /\b(?:let's|let us|we(?:'ll|\s+will|'re|\s+are)?(?:\s+(?:going\s+to|gonna))?|we\s+should|we\s+can|we\s+might\s+as\s+well)\s+(?:just\s+|definitely\s+|all\s+)?(?:go(?:ing)?\s+(?:with|for)|stick(?:ing)?\s+(?:with|to)|settle\s+on|choose|pick|switch(?:ing)?\s+to|opt\s+for)\s+(.*)$/i,
    score: 2,
  },
];

/** "We" with a modal of intent: the group saying what it will do. Hedged modals ("could", "might") are proposals, not plans. */
const WE_PLAN =
  /\b(?:let's|let\s+us|we(?:'ll|\s+will|\s+shall)|we(?:'re|\s+are)\s+(?:going\s+to|gonna|planning\s+(?:on|to)|aiming\s+to)|we(?:'re|\s+are)(?=\s+(?:definitely\s+|just\s+|also\s+|all\s+)?[a-z]+ing\b)|we\s+(?:should|must|(?:have|need)\s+to|might\s+as\s+well)|(?<neg>we\s+won't|we\s+will\s+not|we(?:'re|\s+are)\s+not\s+(?:going\s+to|gonna)|we\s+(?:don't|do\s+not)\s+need\s+to|we\s+shouldn't|let's\s+not))\s+(?:definitely\s+|just\s+|also\s+|all\s+|probably\s+|still\s+)?(?:be\s+)?([a-z]+)\b\s*(.*)$/i;

/** "It'll be yellow", "the case is going to be rubber": a statement about the thing being designed, bought or set up. */
const THING_PLAN =
  /^(?:(?:so|okay|ok|alright|right|then|and|yeah)\b[, ]*)*(it|that|the\s+[a-z]+(?:\s+[a-z]+)?)(?:'ll|\s+will|'s\s+going\s+to|\s+is\s+going\s+to|'s\s+gonna|\s+is\s+gonna|\s+should|\s+has\s+to|\s+must|(?<neg>\s+won't|\s+will\s+not|\s+shouldn't|'s\s+not\s+going\s+to))\s+(?:definitely\s+|just\s+|also\s+|probably\s+)?(be|have|use|feature|need|include|come\s+with|run\s+on|look\s+like|cost|sell\s+for)\s+(.*)$/i;

/** Verbs that say what something will be like: "we'll have rubber buttons" is about the thing, not the people. */
export const ATTRIBUTE_VERBS = new Set(['have', 'use', 'include', 'feature', 'add', 'keep', 'drop', 'lose', 'need', 'get', 'put', 'be', 'come with', 'run on', 'look like', 'cost', 'sell for']);

/** Verbs of running the meeting or of thinking aloud: "we'll talk about it", "let's see". */
const PROCESS_VERBS = new Set(
  'talk discuss move see look think wrap start begin finish end stop break continue go come try want say know meet leave show present hear check do make get find ask wait skip return decide consider figure work call email send write note summarise summarize recap hurry sort'.split(
    ' ',
  ),
);

/** Finds the strongest statement of a choice in a sentence, or null. */
export function statedChoice(said: string): Stated | null {
  for (const { re, score } of CHOICE) {
    const m = re.exec(said);
    if (m) return { kind: 'choice', rest: m[1] ?? '', score };
  }
  const thing = THING_PLAN.exec(said);
  if (thing) {
    const raw = (thing[1] ?? '').toLowerCase();
    const subject = raw === 'it' || raw === 'that' ? 'topic' : raw;
    if (subject === 'topic' || isNounPhrase(raw)) {
      return { kind: 'plan', subject, negated: Boolean(thing.groups?.neg), verb: (thing[3] ?? 'be').toLowerCase().replace(/\s+/g, ' '), rest: thing[4] ?? '', score: 1 };
    }
  }
  const we = WE_PLAN.exec(said);
  if (we) {
    const word = we[2] ?? '';
    const rest = we[3] ?? '';
    const verb = verbLemma(word, rest);
    if (!verb || PROCESS_VERBS.has(verb) || /^to\b/i.test(rest)) return null;
    return { kind: 'plan', subject: ATTRIBUTE_VERBS.has(verb) ? 'topic' : 'we', negated: Boolean(we.groups?.neg), verb, rest, score: 1 };
  }
  return null;
}

/** The base form of the word after "we will", when the tagger reads it as a verb ("selling" → "sell"). */
function verbLemma(word: string, rest: string): string | null {
  const tokens = tag(`we will ${word} ${rest.split(' ').slice(0, 6).join(' ')}`);
  const t = tokens[2];
  if (!t || (t.pos !== 'VERB' && !(t.pos === 'AUX' && t.lemma === 'have'))) return null;
  return t.lemma;
}

/** "the case", "the battery pack": a determiner and a noun head, not "the idea" or "the meeting". */
function isNounPhrase(phrase: string): boolean {
  const tokens = tag(phrase);
  const head = tokens[tokens.length - 1];
  return Boolean(head && head.pos === 'NOUN' && !VAGUE_NOUNS.has(head.lemma) && !/^(?:meeting|call|idea|point|question|problem|plan|agenda|slide|presentation|minutes|time|next|last|first|thing|one)$/.test(head.lemma));
}

/** Whether the chosen thing names something: a noun, a name, a quality or an amount, not "it" or "that". */
export function namesSomething(text: string): boolean {
  return tag(text).some((t) => (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ' || t.pos === 'NUM') && !VAGUE_NOUNS.has(t.lemma));
}

const OBJECT_PRONOUNS = /^(?:it|this|that|them|those|these|one|ones)$/i;

/**
 * Cuts a spoken clause down to what was chosen: speech runs on into the next thought ("rubber
 * buttons that feel, oh I have to…"), so the phrase ends where a new subject and verb start, at an
 * interjection, or at a conjunction or comma that opens another clause. Null when the phrase is
 * only a pronoun ("have it").
 */
export function chosenPhrase(text: string): string | null {
  const tokens = tag(text);
  if (tokens[0] && OBJECT_PRONOUNS.test(tokens[0].text) && tokens[0].pos !== 'DET' && tokens[0].pos !== 'NUM') return null;
  if (tokens[0] && OBJECT_PRONOUNS.test(tokens[0].text) && !(tokens[1] && (tokens[1].pos === 'NOUN' || tokens[1].pos === 'ADJ'))) return null;
  const kept: Tagged[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (!t) break;
    if (t.pos === 'INTJ' || (t.pos === 'PUNCT' && /^[.?!;:]$/.test(t.text))) break;
    if (i > 0 && t.pos === 'PRON' && next && (next.pos === 'AUX' || next.pos === 'VERB')) break;
    if ((t.pos === 'CCONJ' || t.pos === 'SCONJ' || t.text === ',') && next && (next.pos === 'PRON' || next.pos === 'SCONJ' || next.pos === 'INTJ' || next.pos === 'AUX')) break;
    if (t.pos === 'SCONJ' && i > 0) break;
    kept.push(t);
  }
  const out = untag(kept)
    .replace(/^(?:like|just|really|basically)\s+/i, '')
    .replace(/[\s,]+(?:and|or|but|with|of|for|to|the|a|an|like)?$/i, '')
    .trim();
  return out === '' ? null : out;
}
