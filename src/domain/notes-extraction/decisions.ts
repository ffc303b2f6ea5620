import type { DecisionSuggestion } from './schema.ts';
import { asNote, clipQuote, contentTokens, stripFillers, tokenF1, type Utterance } from './text.ts';

/** Words that state a settled choice outright. */
const STATED = new RegExp(
  [
    String.raw`\b(?:we(?:'ve|\s+have)?|they|you|the group|everyone|everybody)\s+(?:all\s+)?(?:decided|agreed|settled|chose|opted)\s+(?:on\s+|to\s+|that\s+|upon\s+)?(.*)$`,
    String.raw`\b(?:the\s+)?(?:decision|consensus|conclusion|agreement|verdict)\s+(?:is|was|seems to be|would be)\s+(?:that\s+|to\s+)?(.*)$`,
    String.raw`\b(?:let's|let\s+us|we(?:'ll|\s+will|'re\s+going\s+to|'re\s+gonna|\s+are\s+going\s+to|\s+are\s+gonna|\s+should|\s+can|'d\s+better|\s+might\s+as\s+well))\s+(?:just\s+)?((?:go\s+(?:with|for|ahead)|stick\s+(?:with|to)|use|keep|have|include|drop|omit|remove|skip|choose|pick|make\s+it|make\s+the|settle|switch|move\s+(?:to|forward)|adopt|roll\s+out|standardi[sz]e|cancel|renew|upgrade|target|aim|focus|put|add|leave\s+out|not\s+(?:use|have|include|do|go))\b.*)$`,
    String.raw`\b(?:so|okay|ok|alright|right)[, ]+(?:it|that|the\s+\w+)(?:'s|\s+is|'ll\s+be|\s+will\s+be|\s+will\s+have|'ll\s+have)\s+(.*)$`,
    String.raw`\b(?:that's|that\s+is)\s+(?:decided|agreed|settled|final)\b(.*)$`,
  ].join('|'),
  'i',
);

/** A proposal others may agree to: "we should…", "why don't we…", "how about…". */
const PROPOSAL = /\b(?:we\s+(?:should|could|can|might)|why\s+don't\s+we|how\s+about|what\s+about|shall\s+we|i\s+(?:suggest|propose|vote\s+for|recommend)|maybe\s+we|let's)\s+(.*)$/i;
const AGREEMENT = /^(?:yeah|yes|yep|okay|ok|sure|agreed|i agree|definitely|absolutely|exactly|sounds good|that's fine|fine|good idea|great|right|perfect|mm-hmm|cool|that works|works for me)\b/i;
const DISAGREEMENT = /\b(?:no|not sure|but|don't think|disagree|i'm not|hmm|wait)\b/i;

/**
 * Finds what the meeting settled: choices stated outright ("we decided to", "let's go with",
 * "so it'll be…") and proposals that another speaker agreed to straight away.
 */
export function extractDecisions(utterances: readonly Utterance[]): DecisionSuggestion[] {
  const candidates: (DecisionSuggestion & { score: number })[] = [];
  for (const u of utterances) {
    if (u.text.length < 12) continue;
    const question = /\?\s*$/.test(u.text);
    const stated = STATED.exec(u.text);
    let rest: string | undefined;
    let score = 0;
    if (stated) {
      rest = stated.slice(1).find((g) => g !== undefined);
      score = 2;
    } else {
      const proposal = PROPOSAL.exec(u.text);
      if (proposal && agreedTo(utterances, u.index)) {
        rest = proposal[1];
        score = 2;
      }
    }
    if (rest === undefined) continue;
    if (question) score -= agreedTo(utterances, u.index) ? 0 : 2;
    if (/\b(?:if|whether|maybe|might|perhaps|not sure|don't know)\b/i.test(u.text)) score -= 1;
    if (agreedTo(utterances, u.index)) score += 1;
    const text = decisionText(rest);
    if (contentTokens(text).length < 2) continue;
    candidates.push({ text, quote: clipQuote(u.text), at: u.at, score });
  }
  const kept: (DecisionSuggestion & { score: number })[] = [];
  for (const c of candidates.filter((x) => x.score >= 2)) {
    const tokens = contentTokens(c.text);
    const same = kept.findIndex((k) => tokenF1(contentTokens(k.text), tokens) >= 0.6);
    // A decision restated later (the recap) is the settled wording: keep the later one.
    if (same >= 0) kept[same] = c;
    else kept.push(c);
  }
  return kept.map(({ score: _s, ...d }) => d);
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

const CLAUSE_END = /\s*(?:[;?!]|,\s*(?:and|but|so|because|cause|which|if|or)\b|\b(?:because|'cause|so that|but|unless)\b|\.\s)/i;

function decisionText(rest: string): string {
  let t = rest;
  const end = CLAUSE_END.exec(t);
  if (end && end.index > 0) t = t.slice(0, end.index);
  t = stripFillers(t);
  const words = t.split(' ');
  if (words.length > 18) t = words.slice(0, 18).join(' ');
  return asNote(t);
}
