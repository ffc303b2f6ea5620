import { contentTokens, tokenF1 } from './text.ts';

/**
 * The matching rule the notes evaluation reports under, written down so the figures can be
 * checked: a predicted item matches a gold item when the token-overlap F1 of their words is at
 * least 0.5, after lowercasing and dropping stopwords, with the predicted owner put before the
 * predicted text ("Sam Patel" + "send the logs"), since gold items name their owner in the
 * sentence ("The Industrial Designer will…"). Each gold item matches at most one prediction:
 * pairs are taken greedily, best score first.
 */
export const MATCH_THRESHOLD = 0.5;

export interface Prediction {
  text: string;
  owner?: string | null;
}

export interface MatchCounts {
  predicted: number;
  gold: number;
  matched: number;
}

export function predictionWords(p: Prediction): string[] {
  return contentTokens(p.owner ? `${p.owner} ${p.text}` : p.text);
}

/** One-to-one greedy matching of predictions to gold sentences; returns the matched pairs. */
export function matchItems(predicted: readonly Prediction[], gold: readonly string[]): { predicted: number; gold: number; score: number }[] {
  const goldWords = gold.map((g) => contentTokens(g));
  const pairs: { predicted: number; gold: number; score: number }[] = [];
  predicted.forEach((p, i) => {
    const words = predictionWords(p);
    goldWords.forEach((g, j) => {
      const score = tokenF1(words, g);
      if (score >= MATCH_THRESHOLD) pairs.push({ predicted: i, gold: j, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.predicted - b.predicted || a.gold - b.gold);
  const usedP = new Set<number>();
  const usedG = new Set<number>();
  const out: typeof pairs = [];
  for (const pair of pairs) {
    if (usedP.has(pair.predicted) || usedG.has(pair.gold)) continue;
    usedP.add(pair.predicted);
    usedG.add(pair.gold);
    out.push(pair);
  }
  return out;
}

export function countMatches(predicted: readonly Prediction[], gold: readonly string[]): MatchCounts {
  return { predicted: predicted.length, gold: gold.length, matched: matchItems(predicted, gold).length };
}

/** Micro-averaged precision, recall and F1 over meetings. */
export function scores(counts: readonly MatchCounts[]): { precision: number; recall: number; f1: number; predicted: number; gold: number; matched: number } {
  const predicted = counts.reduce((s, c) => s + c.predicted, 0);
  const gold = counts.reduce((s, c) => s + c.gold, 0);
  const matched = counts.reduce((s, c) => s + c.matched, 0);
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, predicted, gold, matched };
}

const BASELINE = /\b(?:i'll|we will|we need to|should)\b/i;

/**
 * The naive baseline the extractor is measured against: every sentence containing "I'll",
 * "we will", "we need to" or "should", verbatim with its speaker as owner, counted as both an action item and a decision.
 */
export function keywordBaseline(sentences: readonly { speaker: string; text: string }[]): Prediction[] {
  return sentences.filter((s) => BASELINE.test(s.text)).map((s) => ({ text: s.text, owner: s.speaker }));
}
