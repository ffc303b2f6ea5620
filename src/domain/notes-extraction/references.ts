import { nounPhrases } from './decision-ranker.ts';
import { tag, untag, type Tagged } from './nlp.ts';
import { normalizeSpeech, stripFillers, type Utterance } from './text.ts';

/** Words for days and times: "before Monday" names when, not what. */
const WHEN =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|week|weeks|month|months|day|days|morning|afternoon|evening|quarter|end|minute|minutes|hour|hours|call|meeting|time|january|february|march|april|may|june|july|august|september|october|november|december)$/i;

/**
 * What "it", "that" or "them" stands for in a commitment: the thing last named in the few
 * sentences before it ("Could you send over the SSO runbook?" "Sure, I'll send it today." → "the
 * SSO runbook"). Null when nothing was named close enough to be sure; a task left saying "it" is
 * better than one naming the wrong thing.
 */
export function referent(utterances: readonly Utterance[], index: number, lookBack = 3): string | null {
  const before = utterances.slice(Math.max(0, index - lookBack), index).reverse();
  // What was asked for is what "it" is: "Can you send me the incident timeline? I need it for our leadership." "I'll send it today."
  const asked = before.find((u) => REQUEST.test(u.text) && objectOf(u) !== null);
  const source = asked ?? before.find((u) => objectOf(u) !== null);
  const np = source ? objectOf(source) : null;
  {
    if (np) {
      const text = untag(np).replace(/^(?:the|a|an|some|any|our|your|my)\s+/i, '');
      return /^[A-Z]{2,}|^[A-Z][a-z]+\s/.test(text) ? `the ${text}` : `the ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
    }
  }
  return null;
}

const REQUEST = /\b(?:can|could|would|will)\s+you\b|\bplease\b|\?\s*$|\b(?:need|want|would love|'d love|like)\b/i;

/** The first thing named in a sentence that is not the object of a preposition ("for our leadership") nor a time or a name. */
function objectOf(u: Utterance): Tagged[] | null {
  const tokens = tag(stripFillers(normalizeSpeech(u.text)));
  const phrases = nounPhrases(tokens).filter((np) => !np.every((t) => WHEN.test(t.text) || t.pos === 'NUM' || t.pos === 'PROPN'));
  for (const np of phrases) {
    const at = tokens.indexOf(np[0] as Tagged);
    const prev = tokens
      .slice(0, at)
      .reverse()
      .find((t) => t.pos !== 'DET' && t.pos !== 'ADJ' && t.pos !== 'PRON');
    if (prev?.pos === 'ADP' && !/^(?:of)$/i.test(prev.text)) continue;
    return np;
  }
  return null;
}

/** Replaces the pronoun object just after the verb ("send it today", "do that by Friday") with what it refers to. */
export function resolvePronoun(task: string, utterances: readonly Utterance[], index: number): string {
  const m = /^(\S+(?:\s+(?:over|out|back|across|along|up))?\s+)(it|that|them|those)\b(?!\s+(?:is|was|will|would|the|a|an)\b)/i.exec(task);
  if (!m) return task;
  // "log that as a feature request" names what it is already.
  const who = referent(utterances, index);
  if (!who) return task;
  return `${m[1]}${who}${task.slice(m[0].length)}`;
}
