import { taskPhrase } from './action-phrase.ts';
import { resolveDue, type DueContext } from './due-dates.ts';
import { calibrated, SHOW } from './confidence.ts';
import { resolvePronoun } from './references.ts';
import type { People, Person } from './people.ts';
import type { ActionItemSuggestion } from './schema.ts';
import { asNote, clipQuote, contentTokens, normalizeSpeech, stripFillers, tokenF1, type Utterance } from './text.ts';

/**
 * Verbs people use while the meeting runs ("I'll show you", "let me share my screen"): said in
 * the future tense but done on the spot, so they are not commitments.
 */
const IN_MEETING =
  /^(?:show|talk|present|explain|tell|say|introduce (?:myself|ourselves|yourselves|yourself|everyone|everybody|the team)|move|pass|skip|turn|put(?! together)|draw|read|repeat|summari[sz]e|recap|wrap|start|begin|continue|stop|finish|end|leave|hand|give you|walk you|take you|run you|share my screen|share the screen|be (?:honest|quick|brief)|see|try|mention|go (?:through|over|back|on|into|to the)|come back|answer|clarify|point|note|jump|do (?:a|the) (?:quick )?(?:demo|intro|presentation)|need (?:a|to say)|have (?:a|to say)|think|want|like|keep (?:it|this) short|be\b(?!\s+\w+ing\b))\b/i;

/** Verbs of work done after the call: the commitments a CSM follows up on. */
const FOLLOW_UP =
  /\b(?:send|share|email|forward|follow up|get back|check|confirm|find out|look (?:into|at|for)|set up|schedule|book|arrange|prepare|draft|write up|review|update|fix|investigate|escalate|ask|talk to|speak to|reach out|contact|loop in|call|file|open a ticket|raise|create|build|work on|design|research|test|deliver|provide|organi[sz]e|make sure|figure out|come up with|bring|get|do|finish|complete|send over|circle back|think about|look up|consult|post|fill|log|note down|write down|add|put together|dig into|double-check|loop back|sync with|walk through|pull|run|enable|turn on|migrate|move|set|send you)\b/i;

const MODAL = String.raw`(?:will|'ll|shall|(?:is|are|am|'s|'re|'m)\s+(?:going\s+to|gonna)|gonna|(?:has|have|need|needs)\s+to|should|must|can|could)`;
const CLAUSE_END = /\s*(?:[;?!]|,\s*(?:and|but|so|because|cause|which|if|then|or)\b|\b(?:and then|because|'cause|so that|but|unless|if)\b|\.\s)/i;

/** Candidates below this never reach the list, not even under "show more". */
const MIN_SCORE = 1;
// A CSM reviews every suggestion: a dozen is the most worth reading at once, and a dozen more under "show more".
const MAX_ITEMS = 12;
const MAX_MORE = 12;

export interface ActionCandidate extends ActionItemSuggestion {
  score: number;
}

interface Found {
  owner: Person | null;
  rest: string;
  strength: number;
  /** Handed out as a list ("Sam, the licence report"): the task may be a bare noun phrase. */
  listed?: boolean;
  /** Asked of someone ("Sam, can you…", "you'll…"): their answer may give the date or take it on. */
  asked?: boolean;
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
    const asked = new RegExp(String.raw`\b(${people.namePattern})\s*,\s*(?:can|could|would|will)\s+you\s+(?:please\s+)?(.*)$`, 'i').exec(text);
    if (asked) {
      const owner = people.find(asked[1] ?? '');
      if (owner) return { owner, rest: asked[2] ?? '', strength: 3, asked: true };
    }
    const named = new RegExp(String.raw`\b(?:the\s+|our\s+)?(${people.namePattern})(?:\s*,)?(?:\s+(?:over\s+here|here|there|then|also|now|too|both|together))?\s+(?:you\s+)?(?:${MODAL}|(?:is|are)\s+to|to)\s+(?:you\s+)?(.*)$`, 'i').exec(
      text,
    );
    if (named) {
      const owner = people.find(named[1] ?? '');
      if (owner) return { owner, rest: named[2] ?? '', strength: 3, asked: true };
    }
    const mention = new RegExp(String.raw`\b(${people.namePattern})\b[^.?!]{0,40}?\byou(?:'re|\s+are|'ll|\s+will|\s+need\s+to|\s+have\s+to|\s+can|\s+should|\s+get\s+to)\s+(?:going\s+to\s+|gonna\s+)?(.*)$`, 'i').exec(text);
    if (mention) {
      const owner = people.find(mention[1] ?? '');
      if (owner) return { owner, rest: mention[2] ?? '', strength: 3, asked: true };
    }
  }
  const you = new RegExp(String.raw`\b(?:you\s*${MODAL}|(?:can|could|would)\s+you\s+(?:please\s+)?|you\s+(?:get\s+to|will\s+be|'ll\s+be))\s*(.*)$`, 'i').exec(text);
  if (you) return { owner: next, rest: you[1] ?? '', strength: 1, asked: true };
  return null;
}

function teamCommitment(text: string): Found | null {
  const m = new RegExp(String.raw`\b(?:we\s*${MODAL}|action item(?:s)?\s*(?:is|are|:)|next steps?\s*(?:is|are|:)|to-?do\s*:)\s+(.*)$`, 'i').exec(text);
  return m ? { owner: null, rest: m[1] ?? '', strength: 0 } : null;
}

/** Talk that hands out work: "for the next meeting…", "here's what we're going to do". */
const HANDING_OUT = /\b(?:next (?:meeting|call|time)|before (?:the|our) next|action items?|next steps?|to-?dos?|follow[- ]ups?|homework|assignments?)\b/i;

const HANDING_OUT_MORE = /\b(?:here's what|you each|your (?:job|task|homework)|individual (?:work|actions|assignments)|responsible for|in the meantime|before we (?:finish|close|wrap)|to (?:recap|sum up|summari[sz]e))\b/i;
/** How many sentences of the same turn after "for next time…" still hand out work. */
const PASSAGE = 6;

const ACCEPTS = /^(?:yes|yeah|yep|sure|okay|ok|will do|can do|of course|absolutely|definitely|no problem|i can|i will|i'll|we can|we will|we'll|alright|fine|right|mm-hmm|uh-huh)\b/i;

/** One sentence often holds several assignments: "Sam will do X, and Dana is going to do Y". */
function clauses(sentence: string): string[] {
  return sentence.split(/\s*(?:;|\s+and\s+(?=[A-Z])|,\s*and\s+(?=(?:the|for|you|then|our|[A-Z]))|\s+and\s+(?=(?:the|for)\s)|,\s*(?=for\s+(?:the\s+)?\w))\s*/).filter((c) => c.length >= 8);
}

/** Work handed out as a list: "for the Marketing Expert, the user requirements", "Sam gets the SSO logs". */
function enumerated(clause: string, people: People): Found | null {
  if (!people.namePattern) return null;
  const m = new RegExp(
    String.raw`^(?:and\s+|then\s+|so\s+)?(?:for\s+|to\s+)?(?:the\s+|our\s+)?(${people.namePattern})\b(?:\s*,)?(?:\s+(?:that's\s+\w+|you|gets|will\s+get|has|takes|will\s+take|is\s+on))?\s*[,:]?\s*(?:for\s+)?(.{6,})$`,
    'i',
  ).exec(clause);
  if (!m) return null;
  const owner = people.find(m[1] ?? '');
  return owner ? { owner, rest: m[2] ?? '', strength: 1, listed: true } : null;
}

/** A task as a CSM writes it: "Send you the metadata file" → "Send the metadata file" ("you" is whoever the CSM reads it to). */
function asTask(text: string): string {
  const t = text
    .replace(/^(send|get|give|email|forward|share|show)\s+(?:you|me|us|them|him|her)\s+(?=the|a|an|our|your|my|some|\w+s\b)/i, '$1 ')

    .trim();
  return t.split(' ').length >= 2 ? t : text;
}

/** The verb phrase of a commitment, trimmed to the clause: "be working on the design, and…" → "working on the design". */
export function commitmentText(rest: string): string {
  let t = rest.replace(/^(?:go\s+ahead\s+and|also|still|then|definitely|now|first|please|try\s+and|try\s+to)\s+/i, '');
  const end = CLAUSE_END.exec(t);
  if (end && end.index > 0) t = t.slice(0, end.index);
  t = stripFillers(t.replace(/^be\s+(?=\w+ing\b)/i, ''));
  const words = t.split(' ');
  if (words.length > 20) t = words.slice(0, 20).join(' ');
  return asNote(t);
}

/**
 * Finds what people committed to or were asked to do: "I'll send the logs by Friday", "Sam,
 * can you loop in security?", "the Industrial Designer is going to work on the look and feel".
 * Each suggestion names its owner (the speaker for "I", the person named or addressed for
 * "you") and a due date when a deadline was said.
 */
export function extractActionItems(utterances: readonly Utterance[], people: People, due: DueAt): ActionItemSuggestion[] {
  return selectActionItems(actionCandidates(utterances, people, due));
}

export type DueAt = DueContext & { dateAt?: (speaker: string, at: number | null) => string };

/** Every commitment heard, with its rule score, before repeats are dropped and confidence given. */
export function actionCandidates(utterances: readonly Utterance[], people: People, due: DueAt): ActionCandidate[] {
  const candidates: ActionCandidate[] = [];
  const last = utterances[utterances.length - 1]?.index ?? 0;
  let passage: { cueIndex: number; until: number } | null = null;
  let asked: { candidate: ActionCandidate; replyIndex: number } | null = null;
  for (const u of utterances) {
    if (u.text.length < 12) continue;
    const said = normalizeSpeech(u.text);
    const speaker = people.bySpeaker(u.speaker);
    const when = due.dateAt ? { ...due, meetingDate: due.dateAt(u.speaker, u.at) } : due;
    // "Can you send me the contacts?" "Yes, I can have that to you by the end of next week.": the answer dates the task
    // asked for and is no second task of its own.
    const answer = asked && asked.replyIndex === u.index && (asked.candidate.owner === speaker.name || (asked.candidate.owner === null && ACCEPTS.test(said))) ? asked.candidate : null;
    if (answer) {
      // Taken on by the one asked, it is their commitment as much as an "I'll" would be.
      answer.owner = speaker.name;
      answer.side = speaker.side;
      answer.score += 1;
      const answerDue = resolveDue(said, when);
      if (answerDue && !answer.due) {
        answer.due = answerDue;
        answer.score += 2;
      }
    }
    let answered = false;
    const nextSpeaker = acceptedBy(utterances, u.index);
    const cueHandsOut = HANDING_OUT.test(said) || HANDING_OUT_MORE.test(said);
    // "For next time: …" opens a passage; the sentences of the same turn that follow it hand out work too.
    if (cueHandsOut) passage = { cueIndex: u.cueIndex, until: u.index + PASSAGE };
    const handingOut = cueHandsOut || (passage !== null && passage.cueIndex === u.cueIndex && u.index <= passage.until);
    const addressee = addressed(utterances, u, people) ?? (nextSpeaker ? people.bySpeaker(nextSpeaker) : null);
    for (const clause of clauses(said)) {
      // "I'll set up the sandbox so Marcus can test it": the speaker's own commitment comes first.
      const own = /^\W*(?:\w+\W+){0,3}?(?:I\s*(?:'ll|will|am going to|'m going to)|let me)\b/i.test(clause) ? firstPersonCommitment(clause, speaker) : null;
      const found = own ?? assignment(clause, people, addressee) ?? firstPersonCommitment(clause, speaker) ?? (handingOut ? enumerated(clause, people) : null) ?? teamCommitment(clause);
      if (!found) continue;
      let score0 = 0;
      // "I'll try to get you the numbers" is a commitment, however modest.
      const rest = found.rest
        .trim()
        .replace(/^be\s+(?=\w+ing\b)/i, '')
        .replace(/^(?:try|attempt)\s+(?:to|and)\s+/i, '');
      if (IN_MEETING.test(stripFillers(rest)) || /^(?:not|never|n't)\b/i.test(rest)) continue;
      const said0 = commitmentText(rest);
      const resolved = resolvePronoun(said0, utterances, u.index);
      // The first "I'll" of the answer is taking the task on when it points back ("send it over") or repeats the verb asked ("send the list").
      if (answer && !answered && (found.owner === null || found.owner.name === speaker.name)) {
        answered = true;
        const verb = (t: string) => t.split(' ')[0]?.toLowerCase();
        const sameVerb = verb(said0) === verb(answer.text);
        // "Yes, I'll send it today": the owner's own words, "it" named, are the better note of the same task.
        const ownWords = sameVerb && resolved !== said0 ? taskPhrase(resolved) : null;
        if (ownWords) answer.text = asTask(ownWords);
        if (resolved !== said0 || /^\S+\s+(?:it|that|them|this|those)\b/i.test(said0) || sameVerb) continue;
      }
      const phrase = taskPhrase(resolved, found.listed === true);
      const text = phrase ? asTask(phrase) : null;
      if (!text) continue;
      const words = contentTokens(text);
      if (words.length < 2) continue;
      if (handingOut) score0 += 1;
      // A relative date means the day it was said where the speaker is: "tomorrow" at 23:30 in Sydney.
      const dueDate = resolveDue(clause, when) ?? resolveDue(said, when);
      const question = /\?\s*$/.test(said);
      let score = found.strength + score0;
      if (FOLLOW_UP.test(text.split(' ').slice(0, 3).join(' '))) score += 1;
      if (dueDate) score += 2;
      if (/\b(?:next (?:meeting|time|call|week)|after (?:the|this) (?:meeting|call)|afterwards|offline|tomorrow|by then|action items?|next steps?|to-?do)\b/i.test(said)) score += 1;
      // Commitments cluster in the wrap-up ("recap and next steps"), whatever kind of meeting it is.
      if (last > 0 && u.index / last >= 0.75) score += 1;
      if (question && found.strength < 3 && !/\b(?:can|could|would)\s+you\b/i.test(said)) score -= 2;
      if (/\b(?:if|whether|when|would|might|maybe)\b/i.test(said.slice(0, Math.max(0, said.toLowerCase().indexOf(rest.slice(0, 12).toLowerCase()))))) score -= 1;
      if (/\b(?:was|were|did|had|yesterday|last (?:week|time|meeting))\b/i.test(said)) score -= 1;
      const candidate = { text, owner: found.owner?.name ?? null, side: found.owner?.side ?? null, due: dueDate, quote: clipQuote(u.text), at: u.at, score };
      candidates.push(candidate);
      const answeredBy = found.asked ? reply(utterances, u.index) : null;
      if (answeredBy) asked = { candidate, replyIndex: answeredBy.index };
    }
  }
  return candidates;
}

/**
 * Who "you" is when the speaker just named someone: "Sam? You'll send the logs", "and the
 * designer, you're going to look at the case". Only one person named in this sentence or the
 * speaker's previous one counts; otherwise the next person to speak is taken as the one spoken to.
 */
function addressed(utterances: readonly Utterance[], u: Utterance, people: People): Person | null {
  const here = people.mentioned(u.text);
  if (here.length === 1) return here[0] ?? null;
  if (here.length > 1) return null;
  const prev = utterances[u.index - 1];
  if (!prev || prev.cueIndex !== u.cueIndex) return null;
  const before = people.mentioned(prev.text);
  return before.length === 1 ? (before[0] ?? null) : null;
}

/**
 * Who takes on a "you" nobody was named for: the person who answers straight away and accepts
 * ("Can you send the logs?" "Sure."). A long turn to the room addresses no one in particular,
 * and a wrong owner is worse than none.
 */
function acceptedBy(utterances: readonly Utterance[], index: number): string | null {
  const next = reply(utterances, index);
  return next && ACCEPTS.test(next.text.trim()) ? next.speaker : null;
}

/**
 * The answer to a sentence: the first sentence of the next turn, by someone else. A question may
 * be followed by a reason in the same turn ("Can you send the report by Monday? Our customers are
 * asking."), so it counts from either of the turn's last two sentences.
 */
function reply(utterances: readonly Utterance[], index: number): Utterance | null {
  const u = utterances[index];
  if (!u) return null;
  let i = index + 1;
  while (utterances[i]?.cueIndex === u.cueIndex) i += 1;
  const next = utterances[i];
  if (!next || next.speaker === u.speaker || i - index > 2) return null;
  return next;
}

/**
 * Drops repeats of the same commitment (people restate tasks at the end), gives each the
 * calibrated confidence of its score, and shows the ones at or above the threshold chosen on
 * held-out meetings (confidence.ts); the next ones wait under "show more".
 */
export function selectActionItems(candidates: readonly ActionCandidate[], show = SHOW.actionItems, calibration?: readonly number[]): ActionItemSuggestion[] {
  const strong = candidates.filter((c) => c.score >= MIN_SCORE);
  strong.sort((a, b) => b.score - a.score || (a.at ?? 0) - (b.at ?? 0));
  const kept: ActionCandidate[] = [];
  for (const c of strong) {
    // The same task restated, by the same owner (or by nobody in particular); the owner's name must not make two tasks look alike.
    const tokens = contentTokens(c.text);
    if (kept.some((k) => (k.owner === c.owner || k.owner === null || c.owner === null) && tokenF1(contentTokens(k.text), tokens) >= 0.6)) continue;
    kept.push(c);
  }
  const out = kept.map(({ score, ...item }, i) => {
    const confidence = calibrated('actionItems', [score], calibration);
    return { ...item, confidence: Math.round(confidence * 1000) / 1000, shown: confidence >= show && i < MAX_ITEMS };
  });
  // Every call hands out some work: when nothing clears the threshold, the likeliest commitment is still shown.
  const best = out[0];
  if (best && !out.some((a) => a.shown)) best.shown = true;
  const shown = out.filter((a) => a.shown);
  const more = out.filter((a) => !a.shown).slice(0, MAX_MORE);
  return [...shown, ...more].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
}
