import type { DecisionSuggestion } from './schema.ts';
import { chosenPhrase, namesSomething, statedChoice, type Stated } from './decision-patterns.ts';
import { mainTopic } from './topic.ts';
import { asNote, clipQuote, contentTokens, normalizeSpeech, stripFillers, tokenF1, type Utterance } from './text.ts';

const MIN_SCORE = 2;
const MAX_DECISIONS = 6;
const MAX_WORDS = 10;

/** A proposal others may agree to: "we should…", "why don't we…", "how about…". */
const PROPOSAL = /\b(?:we\s+(?:should|could|can)\s+(?:have|use|go\s+with|make|do)|why\s+don't\s+we|how\s+about|shall\s+we|i\s+(?:suggest|propose|vote\s+for|recommend))\s+(.*)$/i;
const AGREEMENT = /^(?:yeah|yes|yep|okay|ok|sure|agreed|i agree|definitely|absolutely|exactly|sounds good|that's fine|fine|good idea|great|perfect|cool|that works|works for me)\b/i;
const DISAGREEMENT = /\b(?:no|not sure|but|don't think|disagree|i'm not|hmm|wait)\b/i;
/** Process talk: "we're going to have to wrap up" settles nothing about the customer or the product. */
const PROCESS = /^(?:to\b|a (?:look|break|minute|second)|it (?:now|later|next)|this (?:meeting|call)|the (?:meeting|call|next (?:meeting|call|slide|point))|(?:the )?(?:time|minutes|agenda|slides?|presentation|whiteboard|board)\b|that later|about|talk|discuss|wrap|finish|close|move on|see|think|look|try)/i;

/**
 * Finds what the meeting settled: choices stated outright ("we decided to", "let's go with",
 * "we're going with", "so it'll be…") and proposals that another speaker agreed to straight
 * away. The suggestion is the choice itself ("a simple chip", "SAML through Okta"), which is what
 * a CSM writes under "Decisions".
 */
export function extractDecisions(utterances: readonly Utterance[]): DecisionSuggestion[] {
  const topic = mainTopic(utterances);
  const candidates: (DecisionSuggestion & { score: number })[] = [];
  // What was chosen, without the meeting's subject: two choices about the same subject are still two decisions.
  const cores: string[][] = [];
  const topicWords = new Set(topic ? contentTokens(topic) : []);
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
    cores.push(contentTokens(text).filter((w) => !topicWords.has(w)));
  }
  const kept: (DecisionSuggestion & { score: number; core: string[] })[] = [];
  candidates.forEach((c, i) => {
    if (c.score < MIN_SCORE) return;
    const core = cores[i] ?? [];
    const same = kept.findIndex((k) => tokenF1(k.core, core) >= 0.5);
    // A decision restated later (the recap) is the settled wording: keep the later one.
    if (same >= 0) kept[same] = { ...c, core, score: Math.max(c.score, kept[same]?.score ?? 0) };
    else kept.push({ ...c, core });
  });
  const top = [...kept].sort((a, b) => b.score - a.score || (a.at ?? 0) - (b.at ?? 0)).slice(0, MAX_DECISIONS);
  return kept.filter((k) => top.includes(k)).map(({ score: _s, core: _c, ...d }) => d);
}

function agreedTo(utterances: readonly Utterance[], index: number): boolean {
  const speaker = utterances[index]?.speaker;
  for (let i = index + 1; i < utterances.length && i <= index + 3; i += 1) {
    const u = utterances[i];
    if (!u || u.speaker === speaker) continue;
    return AGREEMENT.test(u.text.trim()) && !DISAGREEMENT.test(u.text.slice(0, 40).replace(/^(?:yeah|yes|okay|ok)\b/i, ''));
  }
  return false;
}

const CLAUSE_END = /\s*(?:,\s*(?:then|right|okay|yeah)\b)|\s*(?:[;?!]|,\s*(?:and|but|so|because|cause|which|if|or)\b|\b(?:because|'cause|so that|but|unless)\b|\.\s)/i;

function decisionText(rest: string): string {
  let t = rest;
  const end = CLAUSE_END.exec(t);
  if (end && end.index > 0) t = t.slice(0, end.index);
  t = stripFillers(t);
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
  const object = phrase ? decisionText(phrase) : '';
  if (!namesSomething(object)) return null;
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

/** "A double curved design" → "a double curved design", but "SAML" and "Okta" stay as written. */
function lowerFirst(text: string): string {
  return /^(?:[A-Z][a-z]|A\s)/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
