import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD_INPUT, defaultScorecard, parseScorecard, parseScorecardSet, pickScorecard, type ScorecardInput } from './scorecard.ts';

const clone = (): ScorecardInput => structuredClone(DEFAULT_SCORECARD_INPUT);

describe('scorecard validation', () => {
  it('the default scorecard weighs sentiment, engagement, adoption, support and relationship', () => {
    const card = defaultScorecard();
    expect(card.groups.map((g) => g.key)).toEqual(['csm_sentiment', 'product_sentiment', 'engagement', 'adoption', 'support', 'relationship']);
    expect(card.groups.reduce((s, g) => s + g.weight, 0)).toBe(100);
  });

  it('group weights that do not add up to 100 are refused with the total', () => {
    const input = clone();
    input.groups[0]!.weight = 25;
    const parsed = parseScorecard(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toContainEqual({ field: 'groups', message: 'groups: group weights must add up to 100, they add up to 105' });
  });

  it('measure weights inside a group must add up to 100, and the error names the group', () => {
    const input = clone();
    input.groups[2]!.measures[0]!.weight = 10;
    const parsed = parseScorecard(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      const problem = parsed.problems.find((p) => p.field === 'groups.2.measures');
      expect(problem?.message).toMatch(/group 'engagement' must add up to 100, they add up to 70/);
    }
  });

  it('an unknown measure is refused by name, at its place in the document', () => {
    const input = clone();
    input.groups[1]!.measures[0]!.key = 'nps';
    const parsed = parseScorecard(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems[0]?.field).toBe('groups.1.measures.0.key');
      expect(parsed.problems[0]?.message).toMatch(/unknown measure 'nps'/);
    }
  });

  it('thresholds and weights outside 0–100 are refused', () => {
    const input = clone();
    input.thresholds = { greenFrom: 120, redBelow: -5 };
    input.groups[0]!.weight = 140;
    const parsed = parseScorecard(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      const fields = parsed.problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['thresholds.greenFrom', 'thresholds.redBelow', 'groups.0.weight']));
    }
  });

  it('a measure band given as a percentage instead of a share is refused', () => {
    const input = clone();
    input.groups[3]!.measures[0]!.params = { greenFrom: 75 };
    const parsed = parseScorecard(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ field: 'groups.3.measures.0.params.greenFrom' });
  });

  it('a band that does not fit the measure, or a red band above the green one, is refused', () => {
    const input = clone();
    input.groups[0]!.measures[0]!.params = { redFrom: 2 };
    input.groups[3]!.measures[1]!.params = { greenFrom: 0.4, redBelow: 0.6 };
    const parsed = parseScorecard(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems.map((p) => p.field)).toEqual(['groups.0.measures.0.params.redFrom', 'groups.3.measures.1.params.redBelow']);
    }
  });

  it('the same measure in two groups is refused', () => {
    const input = clone();
    input.groups[1]!.measures[0]!.key = 'csm_sentiment';
    const parsed = parseScorecard(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]?.message).toMatch(/already in group 'csm_sentiment'/);
  });

  it('a field the scorecard does not know is named', () => {
    const parsed = parseScorecard({ ...clone(), colour: 'blue' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toEqual({ field: 'colour', message: 'unknown field: colour' });
  });
});

describe('scorecards per lifecycle stage', () => {
  const onboarding = { ...clone(), id: 'onboarding', name: 'Onboarding', stages: ['onboarding' as const] };

  it('an onboarding account is scored by the onboarding scorecard, others by the default', () => {
    const parsed = parseScorecardSet([clone(), onboarding]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(pickScorecard(parsed.scorecards, 'onboarding')?.id).toBe('onboarding');
    expect(pickScorecard(parsed.scorecards, 'renewal')?.id).toBe('default');
  });

  it('two scorecards claiming the same stage are refused', () => {
    const parsed = parseScorecardSet([clone(), onboarding, { ...onboarding, id: 'onboarding-2' }]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ field: '2.stages.0' });
  });

  it('stages left without any scorecard are named', () => {
    const parsed = parseScorecardSet([onboarding]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]?.message).toMatch(/no scorecard covers adoption, steady/);
  });
});
