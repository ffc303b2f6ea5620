import { resolveDue, type DueContext } from './due-dates.ts';
import type { People, Person } from './people.ts';
import type { ActionItemSuggestion } from './schema.ts';
import { asNote, clipQuote, contentTokens, stripFillers, tokenF1, type Utterance } from './text.ts';

/**
 * Verbs people use while the meeting runs ("I'll show you", "let me share my screen"): said in
 * the future tense but done on the spot, so they are not commitments.
 */
const IN_MEETING =
  /^(?:show|talk|present|explain|tell|say|introduce|move|pass|skip|turn|open|close|put|draw|read|repeat|summari[sz]e|recap|wrap|start|begin|continue|stop|finish|end|leave|hand|give you|walk you|take you|run you|share my screen|share the screen|be (?:honest|quick|brief)|see|try|mention|go (?:through|over|back|on|into|to the)|come back|answer|clarify|point|note|jump|do (?:a|the) (?:quick )?(?:demo|intro|presentation)|need (?:a|to say)|have (?:a|to say)|think|want|like|keep (?:it|this) short)\b/i;

/** Verbs of work done after the call: the commitments a CSM follows up on. */
const FOLLOW_UP =
  /\b(?:send|share|email|forward|follow up|get back|check|confirm|find out|look (?:into|at|for)|set up|schedule|book|arrange|prepare|draft|write up|review|update|fix|investigate|escalate|ask|talk to|speak to|reach out|contact|loop in|call|file|open a ticket|raise|create|build|work on|design|research|test|deliver|provide|organi[sz]e|make sure|figure out|come up with|bring|get|do|finish|complete|send over|circle back|think about|look up|consult|post|fill)\b/i;

const MODAL = String.raw`(?:will|'ll|shall|(?:is|are|am|'s|'re|'m)\s+(?:going\s+to|gonna)|gonna|(?:has|have|need|needs)\s+to|should|must|can|could)`;
const CLAUSE_END = /\s*(?:[;?!]|,\s*(?:and|but|so|because|cause|which|if|then|or)\b|\b(?:and then|because|'cause|so that|but|unless|if)\b|\.\s)/i;

export interface ActionCandidate extends ActionItemSuggestion {
  score: number;
}

interface Found {
  owner: Person | null;
  rest: string;
  strength: number;
}

function firstPersonCommitment(text: string, speaker: Person): Found | null {
  const m = new RegExp(String.raw`\b(?:I\s*${MODAL}|I\s+(?:will|'ll)\s+be|let\s+me|I'll\s+go\s+ahead\s+and|I\s+can\s+take|I\s+(?:can|will)\s+(?:own|handle))\s+(.*)$`, 'i').exec(text);
  if (!m) return null;
  const rest = m[1] ?? '';
  const letMe = /\blet\s+me\s*$/i.test(text.slice(0, (m.index ?? 0) + m[0].length - rest.length));
  if (letMe && !FOLLOW_UP.test(rest.split(' ').slice(0, 3).join(' '))) return null;
  return { owner: speaker, rest, strength: 2 };
}

function assignment(text: string, people: People, next: Person | null): Found | null {
  if (people.namePattern) {
    const named = new RegExp(String.raw`\b(?:the\s+|our\s+)?(${people.namePattern})(?:\s*,)?\s+(?:you\s+)?(?:${MODAL}|(?:is|are)\s+to|to)\s+(.*)$`, 'i').exec(text);
    if (named) {
      const owner = people.find(named[1] ?? '');
      if (owner) return { owner, rest: named[2] ?? '', strength: 3 };
    }
    const asked = new RegExp(String.raw`\b(${people.namePattern})\s*,\s*(?:can|could|would|will)\s+you\s+(?:please\s+)?(.*)$`, 'i').exec(text);
    if (asked) {
      const owner = people.find(asked[1] ?? '');
      if (owner) return { owner, rest: asked[2] ?? '', strength: 3 };
    }
    const mention = new RegExp(String.raw`\b(${people.namePattern})\b[^.?!]{0,40}?\byou(?:'re|\s+are|'ll|\s+will|\s+need\s+to|\s+have\s+to|\s+can|\s+should|\s+get\s+to)\s+(?:going\s+to\s+|gonna\s+)?(.*)$`, 'i').exec(text);
    if (mention) {
      const owner = people.find(mention[1] ?? '');
      if (owner) return { owner, rest: mention[2] ?? '', strength: 3 };
    }
  }
  const you = new RegExp(String.raw`\b(?:you\s*${MODAL}|(?:can|could|would)\s+you\s+(?:please\s+)?|you\s+(?:get\s+to|will\s+be|'ll\s+be))\s*(.*)$`, 'i').exec(text);
  if (you) return { owner: next, rest: you[1] ?? '', strength: 1 };
  return null;
}

function teamCommitment(text: string): Found | null {
  const m = new RegExp(String.raw`\b(?:we\s*${MODAL}|action item(?:s)?\s*(?:is|are|:)|next steps?\s*(?:is|are|:)|to-?do\s*:)\s+(.*)$`, 'i').exec(text);
  return m ? { owner: null, rest: m[1] ?? '', strength: 0 } : null;
}

/** The verb phrase of a commitment, trimmed to the clause: "be working on the design, and…" → "working on the design". */
export function commitmentText(rest: string): string {
  let t = rest.replace(/^(?:go\s+ahead\s+and|also|still|then|definitely|now|first|please|try\s+and|try\s+to)\s+/i, '');
  const end = CLAUSE_END.exec(t);
  if (end && end.index > 0) t = t.slice(0, end.index);
  t = stripFillers(t.replace(/^be\s+(?=\w+ing\b)/i, ''));
  const words = t.split(' ');
  if (words.length > 16) t = words.slice(0, 16).join(' ');
  return asNote(t);
}

/**
 * Finds what people committed to or were asked to do: "I'll send the logs by Friday", "Sam,
 * can you loop in security?", "the Industrial Designer is going to work on the look and feel".
 * Each suggestion names its owner (the speaker for "I", the person named or addressed for
 * "you") and a due date when a deadline was said.
 */
export function extractActionItems(utterances: readonly Utterance[], people: People, due: DueContext): ActionItemSuggestion[] {
  const candidates: ActionCandidate[] = [];
  for (const u of utterances) {
    if (u.text.length < 12) continue;
    const speaker = people.bySpeaker(u.speaker);
    const nextSpeaker = nextOtherSpeaker(utterances, u.index);
    const found = assignment(u.text, people, nextSpeaker ? people.bySpeaker(nextSpeaker) : null) ?? firstPersonCommitment(u.text, speaker) ?? teamCommitment(u.text);
    if (!found) continue;
    const rest = found.rest.trim();
    if (IN_MEETING.test(stripFillers(rest)) || /^(?:not|never|n't)\b/i.test(rest)) continue;
    const text = commitmentText(rest);
    const words = contentTokens(text);
    if (words.length < 2) continue;
    const dueDate = resolveDue(u.text, due);
    const question = /\?\s*$/.test(u.text);
    let score = found.strength;
    if (FOLLOW_UP.test(text)) score += 1;
    if (dueDate) score += 2;
    if (/\b(?:next (?:meeting|time|call|week)|after (?:the|this) (?:meeting|call)|afterwards|offline|tomorrow|by then)\b/i.test(u.text)) score += 1;
    if (question && found.strength < 3 && !/\b(?:can|could|would)\s+you\b/i.test(u.text)) score -= 2;
    if (/\b(?:if|whether|when|would)\b/i.test(u.text.slice(0, u.text.toLowerCase().indexOf(rest.slice(0, 12).toLowerCase()) || 0))) score -= 1;
    candidates.push({ text, owner: found.owner?.name ?? null, side: found.owner?.side ?? null, due: dueDate, quote: clipQuote(u.text), at: u.at, score });
  }
  return selectActionItems(candidates);
}

function nextOtherSpeaker(utterances: readonly Utterance[], index: number): string | null {
  const speaker = utterances[index]?.speaker;
  for (let i = index + 1; i < utterances.length && i < index + 8; i += 1) {
    const u = utterances[i];
    if (u && u.speaker !== speaker) return u.speaker;
  }
  return null;
}

/** Keeps the strong candidates and drops repeats of the same commitment (people restate tasks at the end). */
function selectActionItems(candidates: ActionCandidate[]): ActionItemSuggestion[] {
  const strong = candidates.filter((c) => c.score >= 3);
  strong.sort((a, b) => b.score - a.score || (a.at ?? 0) - (b.at ?? 0));
  const kept: ActionCandidate[] = [];
  for (const c of strong) {
    const tokens = contentTokens(`${c.owner ?? ''} ${c.text}`);
    if (kept.some((k) => tokenF1(contentTokens(`${k.owner ?? ''} ${k.text}`), tokens) >= 0.6)) continue;
    kept.push(c);
  }
  kept.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  return kept.map(({ score: _score, ...item }) => item);
}
