import { statedChoice } from './decision-patterns.ts';
import { tag, VAGUE_NOUNS, type Tagged } from './nlp.ts';
import { contentTokens, normalizeSpeech, stripFillers, type Utterance } from './text.ts';

/**
 * Decisions are rarely announced. More often a choice ("rubber buttons", "a kinetic battery",
 * "SAML through Okta") is proposed, taken up by the others, and restated when the group sums up.
 * This ranker looks at every thing named in a sentence that proposes, plans or settles something
 * and scores how much the talk around it looks like settling it: how often and by how many people
 * it is named, whether others take it up close by, whether it is asked and answered, or only an
 * opinion. The weights are a logistic model fitted by `npm run fit:decisions`.
 */
export interface NamedChoice {
  /** The noun phrase as said, fillers out ("rubber buttons"). */
  phrase: string;
  /** Its content words: two mentions with the same words are the same thing. */
  words: string[];
  /** Said with a denial ("no need for an LCD display", "we won't have a speaker"). */
  denied: boolean;
  utterance: Utterance;
  features: number[];
}

export const FEATURE_NAMES = [
  'bias',
  'times the thing is named in the meeting (log)',
  'speakers who name it (log)',
  'other speakers who name it within a minute of talk (log)',
  'stated plan in the sentence (we will have, it will be)',
  'modal of intent (will, gonna, should, has to)',
  'object of a verb of choosing (have, use, go with, made of)',
  'question',
  'question by the meeting lead',
  'question another speaker assents to',
  'plan or choice another speaker assents to',
  'past or reported (was, did, last time)',
  'opinion (I think, I like)',
  'said by the meeting lead',
  'phrase of two words',
  'phrase of three or more words',
  'the thing is somewhere named in a stated plan or choice',
] as const;

/**
 * Logistic weights, one per FEATURE_NAMES entry, fitted by `npm run fit:decisions` on the AMI
 * training meetings (label: the phrase, written as a note about the meeting's subject, matches an
 * annotator's decision). The script also fits on two of AMI's three series and measures on the
 * third, so the weights are checked on people they were not fitted on.
 */
export const WEIGHTS: readonly number[] = [
  -4.473, // bias
  0.884, // times the thing is named in the meeting (log)
  0, // speakers who name it (log)
  0.369, // other speakers who name it within a minute of talk (log)
  0, // stated plan in the sentence (we will have, it will be)
  0, // modal of intent (will, gonna, should, has to)
  0, // object of a verb of choosing (have, use, go with, made of)
  0.572, // question
  -0.519, // question by the meeting lead
  0, // question another speaker assents to
  0, // plan or choice another speaker assents to
  0, // past or reported (was, did, last time)
  0, // opinion (I think, I like)
  0, // said by the meeting lead
  0.619, // phrase of two words
  0, // phrase of three or more words
  0, // the thing is somewhere named in a stated plan or choice
];

const MODAL = /\b(?:will|'ll|gonna|going to|should|shall|has to|have to|must|need to|needs to|let's)\b/i;
const PAST = /\b(?:was|were|did|had|last (?:time|meeting|week)|yesterday|previous)\b/i;
const OPINION = /\b(?:i think|i like|i love|i'd like|i prefer|i feel|in my opinion)\b/i;
const AGREEMENT = /^(?:yeah|yes|yep|okay|ok|sure|agreed|i agree|definitely|absolutely|exactly|sounds good|that's fine|fine|good idea|great|perfect|cool|that works|works for me|alright|all right|right)\b/i;
const DISAGREEMENT = /\b(?:no|not sure|but|don't think|disagree|i'm not|hmm|wait)\b/i;
const CHOOSING = /\b(?:have|has|having|use|using|uses|include|including|includes|go(?:ing)? (?:with|for)|stick(?:ing)? with|made (?:of|from|out of)|add|adding|choose|pick|prefer|keep)\s+(?:(?:a|an|the|some|our|just|only|two|one)\s+)?$/i;
const DENIAL = /\b(?:no(?: need for)?|not|without|n't(?: \w+)?(?: \w+)?|instead of)\s+(?:(?:a|an|the|any|some)\s+)?$/i;

/** Words that never make a choice on their own: parts of talk, time, the meeting itself, and words about choices rather than choices ("the functions", "some features"). */
export const NOT_A_CHOICE = new Set(
  'meeting call minutes minute time today tomorrow week weeks day idea ideas point question questions thing things something way lot bit kind sort stuff guys guy people person everyone everybody one ones part parts moment next first last presentation slide slides agenda project team problem problems issue issues end start beginning reason example fact use concept concepts requirement requirements feature features function functions option options aspect aspects detail details lunch break coffee laptop pen microphone mic whiteboard projector percent'.split(
    ' ',
  ),
);
const SHORT_WORDS = new Set(['tv', 'pc', 'ui', 'id', 'ok', 'go', 'am', 'pm', 'ad', 'ai', 'it', 'on', 'up']);
const INTERJECTIONS = new Set('huh hmm mm mhm uh um er erm ah oh ooh wow yeah yep nope okay kay mm-hmm uh-huh dunno gonna wanna'.split(' '));

/** A word cut off mid-way ("th", "b") or an interjection the tagger read as a noun ("huh") names nothing. */
export function isFragment(t: Tagged): boolean {
  const word = t.text.toLowerCase();
  if (INTERJECTIONS.has(word)) return true;
  if (/^\d/.test(word) || /^[A-Z]{2,}s?$/.test(t.text)) return false;
  return word.length <= 2 && /^[a-z]+$/.test(word) && !SHORT_WORDS.has(word) && /^(?:NOUN|PROPN|ADJ|X)$/.test(t.pos);
}

/** The noun phrases of a sentence: adjectives, nouns, names and numbers in a row, joined by "of", "and" or "or". */
export function nounPhrases(tokens: readonly Tagged[]): Tagged[][] {
  const out: Tagged[][] = [];
  let current: Tagged[] = [];
  const flush = () => {
    while (current.length > 0 && /^(?:ADP|CCONJ)$/.test(current[current.length - 1]?.pos ?? '')) current.pop();
    if (current.some((t) => t.pos === 'NOUN' && t.lemma.length >= 3 && /^[a-z-]+$/.test(t.lemma) && !VAGUE_NOUNS.has(t.lemma) && !NOT_A_CHOICE.has(t.lemma))) out.push(current);
    current = [];
  };
  for (const t of tokens) {
    if (isFragment(t)) flush();
    else if (/^(?:ADJ|NOUN|PROPN|NUM)$/.test(t.pos) || (t.text.includes('-') && /^[a-z]/i.test(t.text))) current.push(t);
    else if (current.length > 0 && /^(?:of|and|or)$/i.test(t.text)) current.push(t);
    else flush();
  }
  flush();
  return out;
}

/** Whether the next person to speak (within three sentences) assents. */
export function agreedTo(utterances: readonly Utterance[], index: number): boolean {
  const speaker = utterances[index]?.speaker;
  for (let i = index + 1; i < utterances.length && i <= index + 3; i += 1) {
    const u = utterances[i];
    if (!u || u.speaker === speaker) continue;
    return AGREEMENT.test(u.text.trim()) && !DISAGREEMENT.test(u.text.slice(0, 40).replace(/^(?:yeah|yes|okay|ok|alright|right)\b/i, ''));
  }
  return false;
}

/** Who leads the meeting: whoever says most. The lead is the one who sums up and settles. */
function meetingLead(utterances: readonly Utterance[]): string | null {
  const words = new Map<string, number>();
  for (const u of utterances) words.set(u.speaker, (words.get(u.speaker) ?? 0) + u.text.split(' ').length);
  let best: string | null = null;
  for (const [speaker, n] of words) if (best === null || n > (words.get(best) ?? 0)) best = speaker;
  return best;
}

interface Mention {
  phrase: string;
  words: string[];
  denied: boolean;
  utterance: Utterance;
  said: string;
  chosen: boolean;
  stated: ReturnType<typeof statedChoice>;
  agreed: boolean;
}

/**
 * Every thing named in a sentence that could settle it (a plan, a modal of intent, the object of
 * "have", "use", "go with", or a question someone assents to), with the features the ranker weighs.
 * Things that are only described, reported or complained about are not choices.
 */
export function namedChoices(utterances: readonly Utterance[], topic: string | null): NamedChoice[] {
  // "remote controls" is still the subject when the topic reads "remote control".
  const singular = (w: string) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  const topicWords = new Set(topic ? contentTokens(topic).map(singular) : []);
  const lead = meetingLead(utterances);
  const all: Mention[] = [];
  for (const u of utterances) {
    const said = stripFillers(normalizeSpeech(u.text));
    if (contentTokens(said).length < 1) continue;
    const phrases = nounPhrases(tag(said));
    if (phrases.length === 0) continue;
    const stated = statedChoice(said);
    const agreed = agreedTo(utterances, u.index);
    let at = 0;
    for (const np of phrases) {
      const phrase = np.map((t, i) => (i > 0 && t.spaced ? ` ${t.text}` : t.text)).join('');
      const words = contentTokens(phrase);
      const found = said.indexOf(phrase, at);
      at = found < 0 ? at : found;
      const before = said.slice(Math.max(0, at - 40), at);
      if (words.length === 0 || words.length > 6 || words.every((w) => topicWords.has(singular(w)))) continue;
      all.push({ phrase, words, denied: DENIAL.test(before), utterance: u, said, chosen: CHOOSING.test(before), stated, agreed });
    }
  }
  // How often and by whom each word is named, over every mention: a choice the others take up is named by more than one person.
  const speakersOf = new Map<string, Set<string>>();
  const timesOf = new Map<string, number>();
  const statedThings = new Set<string>();
  for (const m of all) {
    for (const w of new Set(m.words)) {
      const s = speakersOf.get(w) ?? new Set<string>();
      s.add(m.utterance.speaker);
      speakersOf.set(w, s);
      timesOf.set(w, (timesOf.get(w) ?? 0) + 1);
    }
    if (m.stated) statedThings.add(m.words.join(' '));
  }
  const wordsOf = utterances.map((u) => new Set(contentTokens(u.text)));
  const out: NamedChoice[] = [];
  for (const m of all) {
    const u = m.utterance;
    const question = /\?\s*$/.test(u.text);
    const modal = MODAL.test(m.said);
    if (!(m.stated || modal || m.chosen || (question && m.agreed))) continue;
    const own = m.words.filter((w) => !topicWords.has(singular(w)));
    const nearby = new Set(
      utterances
        .slice(Math.max(0, u.index - 8), u.index + 9)
        .filter((n) => n.speaker !== u.speaker && own.some((w) => wordsOf[n.index]?.has(w)))
        .map((n) => n.speaker),
    ).size;
    const features = [
      1,
      Math.log1p(Math.min(...own.map((w) => timesOf.get(w) ?? 1))),
      Math.log1p(Math.min(...own.map((w) => speakersOf.get(w)?.size ?? 1))),
      Math.log1p(nearby),
      m.stated?.kind === 'plan' ? 1 : 0,
      modal ? 1 : 0,
      m.chosen ? 1 : 0,
      question ? 1 : 0,
      question && u.speaker === lead ? 1 : 0,
      question && m.agreed ? 1 : 0,
      m.stated && m.agreed ? 1 : 0,
      PAST.test(m.said) ? 1 : 0,
      OPINION.test(m.said) ? 1 : 0,
      u.speaker === lead ? 1 : 0,
      m.words.length === 2 ? 1 : 0,
      m.words.length >= 3 ? 1 : 0,
      statedThings.has(m.words.join(' ')) ? 1 : 0,
    ];
    out.push({ phrase: m.phrase, words: m.words, denied: m.denied, utterance: u, features });
  }
  return out;
}

/** The probability, by the fitted weights, that the thing was settled where it was named. */
export function choiceScore(choice: Pick<NamedChoice, 'features'>, weights: readonly number[] = WEIGHTS): number {
  let z = 0;
  choice.features.forEach((x, i) => {
    z += x * (weights[i] ?? 0);
  });
  return 1 / (1 + Math.exp(-z));
}
