import type { DecisionSuggestion } from './schema.ts';
import { asNote, clipQuote, contentTokens, normalizeSpeech, stripFillers, tokenF1, type Utterance } from './text.ts';

const MIN_SCORE = 2;
const MAX_DECISIONS = 6;
const MAX_WORDS = 10;

/** Choices stated outright, strongest first; the group captures what was chosen. */
const STATED: readonly { re: RegExp; score: number }[] = [
  { re: /\b(?:decided|agreed|settled|chose|opted)(?:\s+(?:on|upon|to|that|for))?\s+(.*)$/i, score: 3 },
  { re: /\b(?:decision|consensus|conclusion|agreement|verdict)\s+(?:is|was|seems to be|would be)\s+(?:that\s+|to\s+)?(.*)$/i, score: 3 },
  {
    re: /\b(?:let's|let us|we(?:'ll|\s+will|'re|\s+are)(?:\s+going\s+to|\s+gonna)?|we\s+should|we\s+can|we\s+might\s+as\s+well)\s+(?:just\s+|definitely\s+|all\s+)?(?:go(?:ing)?\s+(?:with|for)|stick(?:ing)?\s+(?:with|to)|settle\s+on|use|using|keep|keeping|include|including|drop|dropping|omit|omitting|skip|choose|pick|switch(?:ing)?\s+to|adopt|target|aim(?:ing)?\s+(?:at|for)|make\s+it|put|add|adding|not\s+(?:use|have|include|go\s+with))\s+(.*)$/i,
    score: 2,
  },
  { re: /\b(?:we're|we\s+are)\s+(?:doing|having|using|making|putting|including|getting\s+rid\s+of)\s+(.*)$/i, score: 1 },
  { re: /^(?:so|okay|ok|alright|right)\b[, ]+(?:it|the\s+\w+)(?:'ll|\s+will|'s\s+going\s+to|'s\s+gonna|\s+is\s+going\s+to)\s+(?:be|have|use|feature|come\s+in|come\s+with)\s+(.*)$/i, score: 1 },
];

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
  const last = utterances[utterances.length - 1]?.index ?? 0;
  for (const u of utterances) {
    if (u.text.length < 12) continue;
    const said = normalizeSpeech(u.text);
    const question = /\?\s*$/.test(said);
    const agreed = agreedTo(utterances, u.index);
    let rest: string | undefined;
    let score = 0;
    for (const { re, score: base } of STATED) {
      const m = re.exec(said);
      if (m) {
        rest = m[1];
        score = base;
        break;
      }
    }
    if (rest === undefined) {
      const proposal = PROPOSAL.exec(said);
      if (proposal && agreed) {
        rest = proposal[1];
        score = 1;
      }
    }
    if (rest === undefined || PROCESS.test(rest.trim())) continue;
    if (agreed) score += 1;
    if (/^(?:so|okay|ok|alright|right)\b/i.test(said)) score += 1;
    if (question) score -= agreed ? 1 : 3;
    if (/\b(?:if|whether|maybe|might|perhaps|not sure|don't know|could)\b/i.test(said)) score -= 1;
    if (last > 0 && u.index / last >= 0.8) score += 1;
    const choice = decisionText(rest);
    const words = contentTokens(choice);
    if (words.length < 1) continue;
    // "We'll go with rubber" has no subject of its own: it is about what the meeting is about.
    const text = topic && !words.includes(topic) ? `${asNote(topic)}: ${/^[A-Z][a-z]/.test(choice) ? choice.charAt(0).toLowerCase() + choice.slice(1) : choice}` : choice;
    candidates.push({ text, quote: clipQuote(u.text), at: u.at, score });
  }
  const kept: (DecisionSuggestion & { score: number })[] = [];
  for (const c of candidates.filter((x) => x.score >= MIN_SCORE)) {
    const tokens = contentTokens(c.text);
    const same = kept.findIndex((k) => tokenF1(contentTokens(k.text), tokens) >= 0.5);
    // A decision restated later (the recap) is the settled wording: keep the later one.
    if (same >= 0) kept[same] = { ...c, score: Math.max(c.score, kept[same]?.score ?? 0) };
    else kept.push(c);
  }
  const top = [...kept].sort((a, b) => b.score - a.score || (a.at ?? 0) - (b.at ?? 0)).slice(0, MAX_DECISIONS);
  return kept.filter((k) => top.includes(k)).map(({ score: _s, ...d }) => d);
}

/** Words of talk itself, never what a meeting is about. */
const SPEECH_WORDS = new Set(
  'think know mean gonna wanna want good thing things something anything really people actually probably need make okay right kind sort said look going well also maybe time much would could yeah mm-hmm sure guess got get like little bit lot way sorta kinda pretty stuff whatever talk meeting minutes different idea ideas point question start next first last one two three four five'.split(' '),
);

/** The noun the meeting kept coming back to ("remote", "renewal", "migration"). */
export function mainTopic(utterances: readonly Utterance[]): string | null {
  const counts = new Map<string, number>();
  for (const u of utterances) for (const w of contentTokens(u.text)) if (w.length >= 4 && !SPEECH_WORDS.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  let total = 0;
  for (const n of counts.values()) total += n;
  let best: string | null = null;
  let bestCount = 0;
  for (const [w, n] of counts) if (n > bestCount || (n === bestCount && best !== null && w < best)) [best, bestCount] = [w, n];
  // Only a subject that dominates the talk goes without saying; a short call has none.
  return bestCount >= 10 && bestCount >= total * 0.01 ? best : null;
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
