import type { DecisionSuggestion } from './schema.ts';
import { chosenPhrase, namesSomething, statedChoice, type Stated } from './decision-patterns.ts';
import { agreedTo, choiceScore, isFragment, namedChoices, NOT_A_CHOICE, WEIGHTS, type NamedChoice } from './decision-ranker.ts';
import { tag, untag, VAGUE_NOUNS } from './nlp.ts';
import { calibrated, SHOW } from './confidence.ts';
import { mainTopic } from './topic.ts';
import { asNote, clipQuote, contentTokens, normalizeSpeech, stripFillers, tokenF1, type Utterance } from './text.ts';

/** A statement scoring less than this (a bare plan, hedged or asked) is not even a candidate. */
const MIN_STATED = 1;
/** A CSM reviews each suggestion: a handful of decisions is what a call settles, and as many more under "show more". */
const MAX_DECISIONS = 6;
const MAX_MORE = 6;
/** How many ranked things become candidates, and the least ranker probability that does. */
const MAX_RANKED = 12;
const MIN_PROBABILITY = 0.03;
const MAX_WORDS = 10;

/** "So that's a decision.": what it settles was said just before. */
const SUMMED_UP = /\b(?:(?:that's|that\s+is|it's)\s+(?:a\s+|the\s+)?decision|decision\s+made|(?:it's|that's)\s+(?:decided|settled|agreed))\b/i;
/** A proposal others may agree to: "we should…", "why don't we…", "how about…". */
const PROPOSAL = /\b(?:we\s+(?:should|could|can)\s+(?:have|use|go\s+with|make|do)|why\s+don't\s+we|how\s+about|shall\s+we|i\s+(?:suggest|propose|vote\s+for|recommend))\s+(.*)$/i;
/** Process talk: "we're going to have to wrap up" settles nothing about the customer or the product. */
const PROCESS =
  /^(?:to\b|a (?:look|break|minute|second)|it (?:now|later|next)|this (?:meeting|call)|the (?:meeting|call|next (?:meeting|call|slide|point))|(?:the )?(?:time|minutes|agenda|slides?|presentation|whiteboard|board)\b|that later|about|talk|discuss|wrap|finish|close|move on|see|think|look|try)/i;

/** The room and the meeting itself ("take lunch", "unplug my laptop") are no decision about the subject. */
const ROOM = new Set(['lunch', 'break', 'coffee', 'laptop', 'pen', 'microphone', 'mic', 'whiteboard', 'projector', 'meeting', 'minutes']);

/** Every sentence that states a choice or a plan, or proposes one that is agreed to, as a note with its score. */
function statedDecisions(utterances: readonly Utterance[], topic: string | null): (DecisionSuggestion & { score: number })[] {
  const candidates: (DecisionSuggestion & { score: number })[] = [];
  const last = utterances[utterances.length - 1]?.index ?? 0;
  for (const u of utterances) {
    if (u.text.length < 12) continue;
    const said = normalizeSpeech(u.text);
    const question = /\?\s*$/.test(said);
    const agreed = agreedTo(utterances, u.index);
    let stated = statedChoice(said);
    if (!stated) {
      const proposal = PROPOSAL.exec(said);
      if (proposal && agreed) stated = { kind: 'choice', rest: proposal[1] ?? '', score: 1 };
    }
    // "So that's a decision." settles what was just said: the sentence before, by anyone.
    if (stated && stated.kind === 'choice' && SUMMED_UP.test(said) && contentTokens(stated.rest).length === 0) {
      const before = utterances[u.index - 1];
      const inner = before ? statedChoice(normalizeSpeech(before.text)) : null;
      stated = inner ? { ...inner, score: 3 } : before ? { kind: 'choice', rest: stripFillers(normalizeSpeech(before.text)).replace(/^(?:let's|we(?:'ll| will)|so)\s+/i, ''), score: 3 } : null;
    }
    // "That's a decision: we roll back on Wednesday" — the decision is the action, whoever "we" are.
    if (stated && stated.kind === 'choice' && SUMMED_UP.test(said)) stated = { ...stated, rest: stated.rest.replace(/^(?:we(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to)?|let's)\s+/i, '') };
    if (!stated || PROCESS.test(stated.rest.trim())) continue;
    let score = stated.score;
    if (agreed) score += 1;
    if (/^(?:so|okay|ok|alright|right)\b/i.test(said)) score += 1;
    // "We're having a custom chip?" answered "Yeah" straight away is settled; unanswered, it is only a question.
    if (question && !agreed) score -= 3;
    if (/\b(?:if|whether|maybe|might|perhaps|not sure|don't know|could|would)\b/i.test(said)) score -= 1;
    if (last > 0 && u.index / last >= 0.8) score += 1;
    const text = decisionNote(stated, topic);
    if (!text) continue;
    candidates.push({ text, quote: clipQuote(u.text), at: u.at, score });
  }
  return candidates;
}

export interface DecisionCandidate extends DecisionSuggestion {
  /** The calibration's features (confidence.ts): stated outright, its rule score, and the ranker's log-odds for a ranked choice. */
  features: [number, number, number];
}

export interface DecisionOptions {
  weights?: readonly number[];
  topic?: string | null;
  choices?: readonly NamedChoice[];
  calibration?: readonly number[];
  show?: number;
}

/**
 * Every decision the call may have settled, before confidence is given: the choices stated outright
 * ("we decided to", "let's go with", "so that's a decision", a proposal someone says yes to), each
 * once (a restatement in the recap is the settled wording), then the things the ranker finds
 * likeliest settled (decision-ranker.ts) that repeat none of them.
 */
export function decisionCandidates(utterances: readonly Utterance[], options: DecisionOptions = {}): DecisionCandidate[] {
  const topic = options.topic !== undefined ? options.topic : mainTopic(utterances);
  const topicWords = new Set(topic ? contentTokens(topic) : []);
  const kept: (DecisionSuggestion & { score: number; core: string[] })[] = [];
  for (const c of statedDecisions(utterances, topic)) {
    if (c.score < MIN_STATED) continue;
    // What was chosen, without the meeting's subject: two choices about the same subject are still two decisions.
    const core = contentTokens(c.text).filter((w) => !topicWords.has(w));
    const same = kept.findIndex((k) => tokenF1(k.core, core) >= 0.5);
    const { text, quote, at, score } = c;
    if (same >= 0) kept[same] = { text, quote, at, core, score: Math.max(score, kept[same]?.score ?? 0) };
    else kept.push({ text, quote, at, score, core });
  }
  const stated: DecisionCandidate[] = kept.map(({ text, quote, at, score }) => ({ text, quote, at, features: [1, score, 0] }));
  const ranked = rankedChoices(
    options.choices ?? namedChoices(utterances, topic),
    topic,
    options.weights ?? WEIGHTS,
    MAX_RANKED,
    kept.map((k) => k.core),
  );
  return [...stated, ...ranked];
}

/**
 * Finds what the meeting settled (decisionCandidates), each with its calibrated confidence; the
 * ones at or above the threshold chosen on held-out meetings are shown, a handful at most, and the
 * next ones wait under "show more". The suggestion is the choice itself ("a simple chip", "SAML
 * through Okta"), which is what a CSM writes under "Decisions".
 */
export function extractDecisions(utterances: readonly Utterance[], options: DecisionOptions = {}): DecisionSuggestion[] {
  return selectDecisions(decisionCandidates(utterances, options), options.calibration, options.show);
}

/** Gives each candidate its calibrated confidence and shows the best ones at or above the threshold. */
export function selectDecisions(candidates: readonly DecisionCandidate[], calibration?: readonly number[], show = SHOW.decisions): DecisionSuggestion[] {
  const scored = candidates.map(({ features, ...d }) => ({ ...d, confidence: calibrated('decisions', features, calibration) })).sort((a, b) => b.confidence - a.confidence || (a.at ?? 0) - (b.at ?? 0));
  const out = scored.slice(0, MAX_DECISIONS + MAX_MORE).map((d, i) => ({ ...d, confidence: Math.round(d.confidence * 1000) / 1000, shown: d.confidence >= show && i < MAX_DECISIONS }));
  return out.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
}

const CLAUSE_END = /\s*(?:,\s*(?:then|right|okay|yeah)\b)|\s*(?:[;?!]|,\s*(?:and|but|so|because|cause|which|if|or)\b|\b(?:because|'cause|so that|but|unless)\b|\.\s)/i;

function decisionText(rest: string): string {
  let t = rest;
  const end = CLAUSE_END.exec(t);
  if (end && end.index > 0) t = t.slice(0, end.index);
  t = stripFillers(t).replace(/[\s,]+(?:then|now|please)$/i, '');
  const words = t.split(' ');
  if (words.length > MAX_WORDS) t = words.slice(0, MAX_WORDS).join(' ');
  return asNote(t);
}

/**
 * The decision as a note. A choice gets the meeting's subject in front when it does not name it
 * ("Remote control: rubber buttons"); a plan is written as subject + predicate ("The remote
 * control will have rubber buttons", "We will sell it internationally"), "it" standing for the
 * meeting's subject. Null when what was chosen names nothing ("let's do that").
 */
function decisionNote(stated: Stated, topic: string | null): string | null {
  const phrase = chosenPhrase(stated.rest);
  const object = phrase ? wellFormed(decisionText(phrase), stated.kind === 'plan' && stated.verb === 'be', stated.kind === 'choice' && stated.score >= 3) : null;
  if (!object || !namesSomething(object)) return null;
  const topicWords = topic ? contentTokens(topic) : [];
  const mentionsTopic = (t: string) => topicWords.length > 0 && topicWords.every((w) => contentTokens(t).includes(w));
  if (stated.kind === 'choice') {
    if (!topic || mentionsTopic(object)) return object;
    return `${asNote(topic)}: ${lowerFirst(object)}`;
  }
  let subject: string;
  if (stated.subject === 'we') subject = 'We';
  else if (stated.subject === 'topic') {
    // "It'll be yellow" with no subject to stand for says nothing a reader could follow.
    if (!topic && stated.verb === 'be') return null;
    subject = topic ? `The ${topic}` : 'We';
  } else subject = asNote(stated.subject);
  const predicate = `${stated.negated ? 'will not' : 'will'} ${stated.verb} ${lowerFirst(object)}`;
  return `${subject} ${predicate}`;
}

/**
 * What was chosen, as a phrase a reader can take in: it starts with the thing (not "in the last
 * meeting that", "for certain"), stops before a word cut off mid-way ("buy fut") and does not
 * trail off ("two function buttons and the"). A plan to be something may be a quality ("yellow"),
 * what was expressly decided may be an action ("decided to run a workshop"), any other choice must
 * name a thing. Null when nothing of the kind is left.
 */
function wellFormed(object: string, quality: boolean, action: boolean): string | null {
  const tokens = tag(object);
  const cut = tokens.findIndex((t) => isFragment(t) || /^(?:however|anyway|though)$/i.test(t.text));
  const kept = cut < 0 ? [...tokens] : tokens.slice(0, cut);
  while (kept.length > 0 && /^(?:DET|ADP|CCONJ|SCONJ|PRON|PART|PUNCT|AUX)$/.test(kept[kept.length - 1]?.pos ?? '')) kept.pop();
  const first = kept[0];
  if (!first || !(/^(?:DET|ADJ|NOUN|PROPN|NUM|ADV)$/.test(first.pos) || (action && first.pos === 'VERB')) || /^(?:what|which|who|that|this|these|those|it)$/i.test(first.text)) return null;
  if (kept.some((t) => ROOM.has(t.lemma))) return null;
  if (!kept.some((t) => (t.pos === 'NOUN' || t.pos === 'PROPN' || (quality && t.pos === 'ADJ')) && !VAGUE_NOUNS.has(t.lemma) && !NOT_A_CHOICE.has(t.lemma))) return null;
  return untag(kept);
}

/** "A double curved design" → "a double curved design", but "SAML" and "Okta" stay as written. */
function lowerFirst(text: string): string {
  return /^(?:[A-Z][a-z]|A\s)/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** A thing named in the meeting, written as a decision note about the meeting's subject: "Remote control: rubber buttons", "Remote control: no LCD display". */
export function choiceNote(choice: Pick<NamedChoice, 'phrase' | 'words' | 'denied'>, topic: string | null): string {
  const topicWords = topic ? contentTokens(topic) : [];
  const phrase = `${choice.denied ? 'no ' : ''}${lowerFirst(stripFillers(choice.phrase))}`;
  if (!topic || topicWords.every((w) => choice.words.includes(w))) return asNote(phrase);
  return `${asNote(topic)}: ${phrase}`;
}

/** The things most likely settled, each once, best first; none that repeats a decision already found. */
function rankedChoices(choices: readonly NamedChoice[], topic: string | null, weights: readonly number[], limit: number, already: readonly string[][] = []): DecisionCandidate[] {
  const ranked = choices.map((c) => ({ c, p: choiceScore(c, weights) })).sort((a, b) => b.p - a.p || (a.c.utterance.at ?? 0) - (b.c.utterance.at ?? 0));
  const kept: NamedChoice[] = [];
  for (const { c, p } of ranked) {
    if (kept.length >= limit || p < MIN_PROBABILITY) break;
    if (stripFillers(c.phrase) === '' || kept.some((k) => tokenF1(k.words, c.words) >= 0.5) || already.some((a) => tokenF1(a, c.words) >= 0.5)) continue;
    kept.push(c);
  }
  return kept.map((c) => {
    const p = Math.min(Math.max(choiceScore(c, weights), 1e-6), 1 - 1e-6);
    return { text: choiceNote(c, topic), quote: clipQuote(c.utterance.text), at: c.utterance.at, features: [0, 0, Math.log(p / (1 - p))] };
  });
}
