import { describe, expect, it } from 'vitest';
import { countMatches, keywordBaseline, matchItems, scores } from './evaluation.ts';

describe('the matching rule of the notes evaluation', () => {
  it("a paraphrase with the owner's role matches the annotator's third-person sentence", () => {
    expect(countMatches([{ owner: 'Industrial Designer', text: 'Thinking about the components concept' }], ['The industrial designer will work on the components concept.']).matched).toBe(1);
  });

  it('the same words without the owner do not reach the threshold when the gold names the owner', () => {
    expect(countMatches([{ text: 'thinking about it' }], ['The industrial designer will work on the components concept.']).matched).toBe(0);
  });

  it('one prediction matches at most one gold item, the best first', () => {
    const pairs = matchItems([{ text: 'use rubber buttons' }], ['The remote will have rubber buttons.', 'Buttons will be rubber and soft.']);
    expect(pairs).toEqual([{ predicted: 0, gold: 0, score: expect.any(Number) }]);
  });

  it('precision, recall and F1 are micro-averaged over meetings', () => {
    const s = scores([
      { predicted: 2, gold: 1, matched: 1 },
      { predicted: 2, gold: 3, matched: 1 },
    ]);
    expect(s).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('the keyword baseline takes every sentence with "I\'ll", "we will", "we need to" or "should"', () => {
    const base = keywordBaseline([
      { speaker: 'A', text: "I'll send it." },
      { speaker: 'B', text: 'Nice weather.' },
      { speaker: 'C', text: 'We should go.' },
    ]);
    expect(base.map((b) => b.owner)).toEqual(['A', 'C']);
  });
});
