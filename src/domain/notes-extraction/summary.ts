import type { SummarySection } from './schema.ts';
import { asNote, clipQuote, contentTokens, stripFillers, type Utterance } from './text.ts';

const POINTS_PER_SECTION = 3;

/**
 * A short summary: when the talk follows the agenda, one section per agenda item holding the
 * most telling sentences said while that item was being discussed; talk before the first item
 * or away from the agenda goes under "Other discussion". A sentence is telling when it uses the
 * words the meeting kept coming back to.
 */
export function summarize(utterances: readonly Utterance[], agenda: readonly { id: string; text: string }[]): SummarySection[] {
  const frequency = new Map<string, number>();
  const wordsOf = utterances.map((u) => contentTokens(u.text));
  for (const words of wordsOf) for (const w of new Set(words)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const agendaWords = agenda.map((a) => new Set(contentTokens(a.text)));
  const sections = new Map<string | null, { u: Utterance; score: number }[]>();
  let current: number | null = null;
  utterances.forEach((u, i) => {
    const words = wordsOf[i] ?? [];
    // The discussion moves to an agenda item when a sentence names two of its words (one of a short item's).
    let best: number | null = null;
    let bestHits = 0;
    agendaWords.forEach((set, k) => {
      const hits = new Set(words.filter((w) => set.has(w))).size;
      if (hits >= (set.size <= 2 ? 1 : 2) && hits > bestHits) {
        best = k;
        bestHits = hits;
      }
    });
    if (best !== null) current = best;
    const id = current === null ? null : (agenda[current]?.id ?? null);
    const unique = new Set(words);
    if (unique.size < 4 || /\?\s*$/.test(u.text)) return;
    let score = 0;
    for (const w of unique) score += Math.log(1 + (frequency.get(w) ?? 0));
    score /= Math.sqrt(unique.size + 4);
    const list = sections.get(id) ?? [];
    list.push({ u, score });
    sections.set(id, list);
  });
  const out: SummarySection[] = [];
  const order: (string | null)[] = [...agenda.map((a) => a.id), null];
  for (const id of order) {
    const list = sections.get(id);
    if (!list || list.length === 0) continue;
    const top = [...list].sort((a, b) => b.score - a.score || a.u.index - b.u.index).slice(0, POINTS_PER_SECTION);
    top.sort((a, b) => a.u.index - b.u.index);
    out.push({
      agendaItemId: id,
      heading: id === null ? (agenda.length === 0 ? 'Discussion' : 'Other discussion') : (agenda.find((a) => a.id === id)?.text ?? ''),
      points: top.map(({ u }) => ({ text: asNote(stripFillers(u.text)), quote: clipQuote(u.text), at: u.at })),
    });
  }
  return out;
}
