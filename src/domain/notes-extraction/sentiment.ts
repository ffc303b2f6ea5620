import type { People } from './people.ts';
import type { AccountSignal, SentimentHint } from './schema.ts';
import { asNote, clipQuote, normalizeSpeech, stripFillers, type Utterance } from './text.ts';

const POSITIVE = /\b(?:love|loving|great|fantastic|excellent|amazing|happy|pleased|impressed|thrilled|delighted|helpful|really (?:good|nice|useful)|works (?:great|well)|game changer|thank you so much|appreciate)\b/i;
const NEGATIVE = /\b(?:frustrat\w*|disappoint\w*|annoy\w*|unhappy|upset|concerned|worried|angry|painful|terrible|awful|unacceptable|fed up|not happy|not great|struggl\w*|confus\w*|a mess|waste of)\b/i;
const NEGATED_POSITIVE = /\b(?:not|isn't|wasn't|aren't|never)\s+(?:\w+\s+)?(?:great|happy|pleased|impressed|helpful)\b/i;
/** Politeness, not sentiment: "great, thanks", "happy to help". */
const POLITE = /\b(?:(?:would|'d) love (?:to|a|an|the)|(?:would|it'd) be (?:great|nice|helpful) if|happy to (?:help|do|take|share|send)|great,? thanks?|great question|thanks?,? great|that's great|sounds great|perfect,? thanks?)\b/i;

/** Whether the customer is the one speaking; a speaker of unknown side is not assumed to be. */
function customer(people: People, speaker: string): boolean {
  return people.bySpeaker(speaker).side === 'customer';
}

/**
 * Hints for the CSM's sentiment call: sentences where someone on the customer's side sounded
 * clearly pleased or clearly unhappy. Our own staff's enthusiasm says nothing about the account,
 * so the vendor's side is not heard. They are hints, not a score: the CSM decides.
 */
export function extractSentiment(utterances: readonly Utterance[], people: People): SentimentHint[] {
  const out: SentimentHint[] = [];
  for (const u of utterances) {
    if (u.text.split(' ').length < 4 || !customer(people, u.speaker)) continue;
    const negative = NEGATIVE.test(u.text) || NEGATED_POSITIVE.test(u.text);
    const positive = !negative && POSITIVE.test(u.text) && !POLITE.test(u.text);
    if (!negative && !positive) continue;
    const person = people.bySpeaker(u.speaker);
    out.push({ speaker: person.name, side: person.side, tone: negative ? 'negative' : 'positive', quote: clipQuote(u.text), at: u.at, confidence: 0.6, shown: true });
  }
  return out;
}

const NUMBER = String.raw`(?:\d[\d,]*|a (?:few|couple(?: of)?|hundred|thousand|dozen)|(?:another|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)(?:[ -](?:hundred|thousand|\w+ty|one|two|three|four|five|six|seven|eight|nine))*)`;
const UNITS = String.raw`(?:users|seats|licen[cs]es|people|engineers|developers|agents|teams|sites|regions|business units|workspaces|accounts|studios|offices|locations|divisions|departments|stores|clinics|countries)`;
const MORE = new RegExp(
  String.raw`\b(?:(?:around|about|roughly|maybe|another|an extra|${NUMBER})\s+)+(?:more|extra|additional|new)\s+${UNITS}\b|\b(?:add(?:ing)?|onboard(?:ing)?|roll(?:ing)? (?:it )?out to|expand(?:ing)? to|bring(?:ing)? (?:in|on))\s+(?:(?:around|about|roughly|another|an extra|${NUMBER})\s+)+(?:more|extra|additional|new)\s+${UNITS}\b|\b(?:upgrade|upgrading|move up) to (?:the )?(?:enterprise|premium|pro|business|higher) (?:tier|plan|edition)\b`,
  'i',
);
const LESS = new RegExp(
  String.raw`\b(?:(?:reduce|reducing|cut|cutting|drop|dropping|go|going|come|coming|scale|scaling) (?:back |down )?(?:to|by)\s+(?:(?:around|about|roughly|only|just)\s+)?${NUMBER}\s+(?:${UNITS}|percent)|(?:fewer|less) ${UNITS}|(?:downgrad\w+) to|(?:won't|will not|not going to) (?:need|renew) (?:all|as many|the)\s+(?:\w+\s+)?${UNITS})\b`,
  'i',
);
const NOT_OURS = /\b(?:you|your (?:team|company|side))\b.*\b(?:hire|hiring|add)\b/i;

/**
 * Expansion and contraction signals: the customer saying they will buy more ("around two hundred
 * more users in January", "roll it out to three more teams") or less ("we'll go down to 50
 * seats"). The customer's side only; a vendor's hope to upsell is not a signal.
 */
export function extractSignals(utterances: readonly Utterance[], people: People): AccountSignal[] {
  const out: AccountSignal[] = [];
  for (const u of utterances) {
    if (!customer(people, u.speaker)) continue;
    const said = normalizeSpeech(u.text);
    if (/\?\s*$/.test(said) || NOT_OURS.test(said)) continue;
    const less = LESS.exec(said);
    const more = less ? null : MORE.exec(said);
    if (!less && !more) continue;
    const hedged = /\b(?:might|maybe|possibly|if|could|not sure|thinking about)\b/i.test(said);
    const confidence = hedged ? 0.5 : 0.75;
    out.push({ kind: less ? 'contraction' : 'expansion', speaker: people.bySpeaker(u.speaker).name, text: asNote(stripFillers(said)), quote: clipQuote(u.text), at: u.at, confidence, shown: true });
  }
  return out;
}
