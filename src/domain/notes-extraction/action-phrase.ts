import { tag, untag, VAGUE_NOUNS, type Tagged } from './nlp.ts';

/**
 * Verbs that are not work anyone can follow up on, even with an object: "get carried away",
 * "go home", "hope the pen holds out", "knock that down".
 */
const NOT_WORK = new Set('go come hope knock guess wish love like mind bother say tell know see hear feel seem sit stand stay wait keep_going play'.split(' '));

const MEETING_WORDS = new Set(['meeting', 'call', 'session', 'lunch', 'break']);
const MEETING_VERBS = new Set(['have', 'hold', 'close', 'end', 'start', 'begin', 'decide', 'discuss', 'take', 'finish', 'wrap']);
const LIGHT_VERBS = new Set('do get make have take put bring give'.split(' '));
const PARTICLES = /^(?:together|up|out|over|back|down|off|in)$/i;

/**
 * The task in a commitment as a note: a verb phrase in the base form ("be working on the look and
 * feel" → "Work on the look and feel"), which reads as "<owner> will …", cut where the speaker
 * runs on into another clause. Null when it is not a task: no verb first, no object that names
 * something ("do that", "get this going"), or a verb of no work ("go home").
 */
export function taskPhrase(text: string, handedOut = false): string | null {
  // Tagged where it was said, after "will": a capitalised "Share" alone reads as a name.
  let tokens = tag(`we will ${text.charAt(0).toLowerCase()}${text.slice(1)}`).slice(2);
  while (tokens[0] && (tokens[0].pos === 'ADV' || tokens[0].pos === 'INTJ' || (tokens[0].pos === 'AUX' && tokens[0].lemma === 'be' && tokens[1]?.pos === 'VERB'))) tokens = tokens.slice(1);
  const verb = tokens[0];
  const after = tokens[1]?.pos ?? '';
  // Right after "will", a word followed by "a", "the", "it" or "on" is a verb the model misread ("open a ticket").
  const verbish = verb && (verb.pos === 'VERB' || (verb.pos === 'AUX' && verb.lemma === 'have' && after !== 'PART') || (/^(?:ADJ|NOUN|PROPN)$/.test(verb.pos) && /^(?:DET|PRON|ADP|NUM)$/.test(after)));
  if (!verb) return null;
  // Work handed out by name needs no verb: "Sam, the licence report" is Sam's task.
  if (!verbish) return handedOut && /^(?:DET|ADJ|NOUN|PROPN)$/.test(verb.pos) ? nounPhrase(tokens) : null;
  if (NOT_WORK.has(verb.lemma)) return null;
  // Light verbs mean something only with a direct object: "do the report", not "do for the next meeting", "get to that";
  // a particle may come between ("put together a proposal", "set up the sandbox").
  const particle = PARTICLES.test(tokens[1]?.text ?? '') ? 1 : 0;
  if (LIGHT_VERBS.has(verb.lemma) && !/^(?:DET|NOUN|PROPN|ADJ|NUM|PRON)$/.test(tokens[1 + particle]?.pos ?? '')) return null;
  if (after === 'PUNCT') return null;
  const kept: Tagged[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (!t) break;
    if (i > 0 && (t.pos === 'INTJ' || (t.pos === 'PUNCT' && /^[.?!;:]$/.test(t.text)))) break;
    if (i > 1 && t.pos === 'PROPN' && next && next.pos === 'AUX') break;
    if (i > 1 && t.pos === 'PRON' && !/^(?:it|them|this|that|me|us|you|him|her|everyone|everybody)$/i.test(t.text) && next && (next.pos === 'AUX' || next.pos === 'VERB')) break;
    if (i > 1 && (t.pos === 'CCONJ' || t.pos === 'SCONJ' || t.text === ',') && next && (next.pos === 'PRON' || next.pos === 'SCONJ' || next.pos === 'INTJ' || next.pos === 'AUX')) break;
    if (i > 1 && t.pos === 'SCONJ' && !/^(?:for|with|about|of)$/i.test(t.text)) break;
    if (i > 0 && /^(?:'?cause|because|cos|coz|so|since)$/i.test(t.text) && !(t.text.toLowerCase() === 'so' && next?.pos === 'ADJ')) break;
    kept.push(t);
  }
  // A phrase left hanging ("make a presentation on", "the components for what") ends at its last full word.
  while (
    kept.length > 1 &&
    (/^(?:ADP|SCONJ|CCONJ|DET|PRON|PUNCT|PART)$/.test(kept[kept.length - 1]?.pos ?? '') || /^(?:when|where|once|whether|until)$/i.test(kept[kept.length - 1]?.text ?? '')) &&
    !/^(?:it|them|this|that|me|us|you|everyone)$/i.test(kept[kept.length - 1]?.text ?? '')
  )
    kept.pop();
  const object = kept.slice(1);
  if (!object.some((t) => (t.pos === 'NOUN' || t.pos === 'PROPN') && !VAGUE_NOUNS.has(t.lemma))) return null;
  const firstNoun = object.find((t) => t.pos === 'NOUN' || t.pos === 'PROPN');
  // Holding the meeting itself ("have the next meeting in thirty minutes", "close the call") is no follow-up.
  if (firstNoun && MEETING_WORDS.has(firstNoun.lemma) && MEETING_VERBS.has(verb.lemma)) return null;
  const base = verb.text.toLowerCase().endsWith('ing') || verb.text.toLowerCase().endsWith('ed') ? verb.lemma : verb.text;
  const out = `${base} ${untag(object)}`.replace(/[\s,]+(?:and|or|but|with|of|for|to|the|a|an|like|so)?$/i, '').trim();
  return out.charAt(0).toUpperCase() + out.slice(1);
}

function nounPhrase(tokens: readonly Tagged[]): string | null {
  const kept: Tagged[] = [];
  for (const t of tokens) {
    if (!/^(?:DET|ADJ|NOUN|PROPN|ADP|NUM|CCONJ|PART)$/.test(t.pos) || (t.pos === 'PART' && t.text.toLowerCase() !== "'s")) break;
    kept.push(t);
  }
  if (!kept.some((t) => (t.pos === 'NOUN' || t.pos === 'PROPN') && !VAGUE_NOUNS.has(t.lemma))) return null;
  const out = untag(kept)
    .replace(/[\s,]+(?:and|or|of|for|to|the|a|an)$/i, '')
    .trim();
  return out.charAt(0).toUpperCase() + out.slice(1);
}
