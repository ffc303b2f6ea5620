import type { QuestionSuggestion } from './schema.ts';
import { clipQuote, contentTokens, stripFillers, asNote, type Utterance } from './text.ts';

const TAG_QUESTION = /(?:\b(?:right|okay|ok|yeah|no|huh|yes|eh|isn't it|don't you think|you know|correct|alright|sorry|pardon|what)\s*\?|^\W*\w+\W*\?)\s*$/i;
const DEFERRED = /\b(?:don't know|not sure|no idea|good question|let me (?:check|find out)|i'll (?:check|find out|get back)|we'll (?:see|find out)|need to (?:check|find out)|can't say|hard to say|depends)\b/i;
const ANSWER_START = /^(?:yes|yeah|yep|no|nope|sure|definitely|absolutely|of course|we|it|they|i think|because|probably|about|around|\d)/i;

/**
 * Questions nobody answered: asked, then followed by talk from others that neither starts like
 * an answer nor picks up the question's words, or answered with "I don't know". These go into
 * the follow-up so they are not lost.
 */
export function extractOpenQuestions(utterances: readonly Utterance[]): QuestionSuggestion[] {
  const out: QuestionSuggestion[] = [];
  for (const u of utterances) {
    if (!/\?\s*$/.test(u.text) || TAG_QUESTION.test(u.text)) continue;
    const cleaned = stripFillers(u.text);
    const words = contentTokens(cleaned);
    if (words.length < 3) continue;
    if (answered(utterances, u.index, new Set(words))) continue;
    out.push({ text: `${asNote(cleaned)}?`, askedBy: u.speaker, quote: clipQuote(u.text), at: u.at });
  }
  return out;
}

function answered(utterances: readonly Utterance[], index: number, words: Set<string>): boolean {
  const asker = utterances[index]?.speaker;
  let looked = 0;
  for (let i = index + 1; i < utterances.length && looked < 3; i += 1) {
    const u = utterances[i];
    if (!u) break;
    if (u.speaker === asker) {
      // The asker moving on to another question means the first one was dropped.
      if (/\?\s*$/.test(u.text)) return false;
      continue;
    }
    looked += 1;
    if (DEFERRED.test(u.text)) return false;
    if (ANSWER_START.test(u.text.trim()) || contentTokens(u.text).some((w) => words.has(w))) return true;
  }
  return false;
}
