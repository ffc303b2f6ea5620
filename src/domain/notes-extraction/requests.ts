import type { People } from './people.ts';
import { VENDOR_PROMISE } from './risks.ts';
import type { NotesContext, RequestSuggestion } from './schema.ts';
import { asNote, clipQuote, contentTokens, normalizeSpeech, stripFillers, tokenF1, type Utterance } from './text.ts';

const FEATURE =
  /\b(?:(?:it'd|it would) be (?:great|nice|helpful|useful|awesome|good) if|would it be possible (?:to|for)|(?:can|could) you (?:add|build|support|give us)|we (?:really )?need (?:a way|the ability|to be able|an? (?:option|setting|export|report|view|integration))|would (?:be|love) (?:great|nice|helpful|useful|awesome)? ?(?:if|to have)|(?:we|they|i)(?:'d| would) (?:love|like) (?:to (?:see|have|be able)|a|an|the|support)|(?:we|they) (?:need|want|wish)(?:ed)? (?:a|an|support for|to be able|the ability)|feature request|is there (?:a way|any way)|any plans? (?:to|for)|on (?:the|your) roadmap|(?:doesn't|does not|can't|cannot) (?:support|do|handle)|missing (?:a|the|support)|wish (?:list|it could))/i;
/**
 * Wants said plainly ("we need webhooks for delayed shipments", "we'd love text reminders", "do you
 * have Spanish forms?"). Said of anything, so they count only when they name a request Cadence
 * already knows, in the sentence or in the answer our side gives.
 */
const WANT =
  /\b(?:(?:we|they|i)\s+(?:also\s+|still\s+|absolutely\s+|definitely\s+)?(?:need|want|require)\s+(?!to\b|you\b|it\b|that\b|this\b|them\b|us\b|a\s+(?:call|meeting|minute|word|decision)\b)|(?:we|they|i)(?:'d|\s+would)\s+(?:love|like)\s+(?!to\b|it\b|that\b|you\b|us\b|your\b)|do\s+you\s+(?:have|offer|support|provide)\b|can\s+(?:we|i)\s+(?:get|have)\b|(?:we're|we\s+are)\s+missing\b|would\s+(?:help|save)\s+us\b)/i;
const PROBLEM =
  /\b(?:ticket|bug|broken|errors?|fail(?:s|ed|ing|ure)?|crash\w*|not working|doesn't work|isn't working|stopped working|issue with|problem with|outage|slow(?:ness)?|timing out|time ?outs?|can't (?:log ?in|access|connect)|regression)\b/i;
const TICKET_ID = /(?:#|\bticket\s+(?:number\s+)?|\b)([A-Z][A-Z0-9]+-\d+|\d{3,})\b/;

const MATCH_AT = 0.34;
/** Our side's answer says more than the request ("yes, let's go with one export per project"): it must name most of the title. */
const ANSWER_MATCH_AT = 0.5;

/**
 * Feature requests ("it would be great if…", "is there a way to…") and support problems ("the
 * runner keeps failing", "ticket 4512") heard in the call, each matched to the known request
 * or ticket it most resembles, so the CSM links rather than duplicates.
 */
export function extractRequests(utterances: readonly Utterance[], people: People, context: NotesContext): RequestSuggestion[] {
  const out: RequestSuggestion[] = [];
  const known = {
    feature_request: (context.knownRequests ?? []).map((k) => ({ ...k, words: contentTokens(k.title) })),
    support_problem: (context.knownTickets ?? []).map((k) => ({ ...k, words: contentTokens(k.title) })),
  };
  for (const u of utterances) {
    // The customer asks; our own staff restating it in the recap, or promising to log it, is not a second request.
    if (people.bySpeaker(u.speaker).side === 'vendor') continue;
    if (VENDOR_PROMISE.test(u.text) && /^(?:I|we)\b/i.test(u.text.trim())) continue;
    const said = stripFillers(normalizeSpeech(u.text));
    const asked = FEATURE.test(said);
    const wanted = !asked && WANT.test(said);
    const kind = asked || wanted ? 'feature_request' : PROBLEM.test(said) ? 'support_problem' : null;
    if (!kind) continue;
    const words = contentTokens(u.text);
    if (words.length < 3) continue;
    const idMention = TICKET_ID.exec(u.text)?.[1];
    let best = bestMatch(words, known[kind], idMention);
    // Customers describe what they want in their words; our side's answer often names the request ("that's two-way sync").
    const answer = best || kind !== 'feature_request' ? null : bestMatch(answerWords(utterances, u, people), known[kind], undefined, ANSWER_MATCH_AT);
    if (answer) best = answer;
    if (wanted && !best) continue;
    if (out.some((r) => r.kind === kind && best && r.matchedId === best.id)) continue;
    // A request matched to a known one is most likely right; an unmatched one is worth a look, not a place in the list.
    const confidence = best ? (answer ? 0.75 : 0.8) : kind === 'feature_request' ? 0.55 : 0.45;
    out.push({ kind, text: asNote(stripFillers(u.text)), matchedId: best?.id ?? null, matchedTitle: best?.title ?? null, quote: clipQuote(u.text), at: u.at, confidence, shown: confidence >= 0.5 });
  }
  return out;
}

interface Known {
  id: string;
  title: string;
  words: string[];
}

function bestMatch(words: readonly string[], known: readonly Known[], idMention?: string, at = MATCH_AT): { id: string; title: string; score: number } | null {
  let best: { id: string; title: string; score: number } | null = null;
  for (const k of known) {
    const score = idMention && k.id.toLowerCase() === idMention.toLowerCase() ? 1 : similarity(words, k.words);
    if (score >= at && (!best || score > best.score)) best = { id: k.id, title: k.title, score };
  }
  return best;
}

/** The words of our side's answer: the vendor's sentences among the next three, before the customer speaks again. */
function answerWords(utterances: readonly Utterance[], u: Utterance, people: People): string[] {
  const out: string[] = [];
  for (const next of utterances.slice(u.index + 1, u.index + 4)) {
    const side = people.bySpeaker(next.speaker).side;
    if (next.speaker === u.speaker) continue;
    if (side !== 'vendor') break;
    out.push(...contentTokens(next.text));
  }
  return out;
}

/** How much of a known title the sentence covers: titles are short, speech is long. */
function similarity(spoken: readonly string[], title: readonly string[]): number {
  if (title.length === 0) return 0;
  const said = new Set(spoken.map(stem));
  const covered = title.filter((w) => said.has(stem(w))).length / title.length;
  return Math.max(covered * 0.8, tokenF1(spoken.map(stem), title.map(stem)));
}

function stem(w: string): string {
  return w.replace(/(?:ing|ed|es|s)$/, '');
}
