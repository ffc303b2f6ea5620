import type { People } from './people.ts';
import type { SentimentHint } from './schema.ts';
import { clipQuote, type Utterance } from './text.ts';

const POSITIVE = /\b(?:love|loving|great|fantastic|excellent|amazing|happy|pleased|impressed|thrilled|delighted|helpful|really (?:good|nice|useful)|works (?:great|well)|game changer|thank you so much|appreciate)\b/i;
const NEGATIVE = /\b(?:frustrat\w*|disappoint\w*|annoy\w*|unhappy|upset|concerned|worried|angry|painful|terrible|awful|unacceptable|fed up|not happy|not great|struggl\w*|confus\w*|a mess|waste of)\b/i;
const NEGATED_POSITIVE = /\b(?:not|isn't|wasn't|aren't|never)\s+(?:\w+\s+)?(?:great|happy|pleased|impressed|helpful)\b/i;

/**
 * Hints for the CSM's sentiment call: sentences where someone sounded clearly pleased or
 * clearly unhappy. They are hints, not a score: the CSM decides.
 */
export function extractSentiment(utterances: readonly Utterance[], people: People): SentimentHint[] {
  const out: SentimentHint[] = [];
  for (const u of utterances) {
    if (u.text.split(' ').length < 4) continue;
    const negative = NEGATIVE.test(u.text) || NEGATED_POSITIVE.test(u.text);
    const positive = !negative && POSITIVE.test(u.text);
    if (!negative && !positive) continue;
    const person = people.bySpeaker(u.speaker);
    out.push({ speaker: person.name, side: person.side, tone: negative ? 'negative' : 'positive', quote: clipQuote(u.text), at: u.at });
  }
  return out;
}
