import { describe, expect, it } from 'vitest';
import { HealthInputsSchema, HealthOverrideCreateSchema, checkOverride, scoreAccount } from './score.ts';
import { DEFAULT_SCORECARD_INPUT, defaultScorecard, parseScorecard, type Scorecard } from './scorecard.ts';
import { NOW, healthyInputs } from './health.fixtures.ts';

const card = defaultScorecard();

function withCriticalRule(): Scorecard {
  const parsed = parseScorecard({ ...structuredClone(DEFAULT_SCORECARD_INPUT), redIfAnyCriticalRed: true });
  if (!parsed.ok) throw new Error('bad test scorecard');
  return parsed.scorecard;
}

describe('scoreAccount', () => {
  it('a healthy, engaged account with good adoption is green', () => {
    const result = scoreAccount(card, healthyInputs(), NOW);
    expect(result.colour).toBe('green');
    expect(result.score).toBeGreaterThanOrEqual(70);
    expect(result.missing).toEqual([]);
  });

  it('a red CSM sentiment, missed calls and low adoption make the account red', () => {
    const result = scoreAccount(
      card,
      healthyInputs({
        csm_sentiment: 'red',
        product_sentiment: 'yellow',
        cadence_adherence: { part: 1, whole: 4 },
        licence_utilisation: { used: 50, bought: 1000, contractStart: '2026-02-01', renewalDate: '2027-02-01' },
        active_users: { part: 20, whole: 100 },
        active_champion: false,
      }),
      NOW,
    );
    expect(result.colour).toBe('red');
    expect(result.score).toBeLessThan(40);
  });

  it('the score stays within 0–100 at both extremes', () => {
    const worst = scoreAccount(
      card,
      healthyInputs({
        csm_sentiment: 'red',
        product_sentiment: 'red',
        cadence_adherence: { part: 0, whole: 4 },
        agenda_habit: { part: 0, whole: 4 },
        follow_up_habit: { part: 0, whole: 4 },
        customer_action_items: { part: 0, whole: 4 },
        licence_utilisation: { used: 0, bought: 10, contractStart: '2025-01-01', renewalDate: '2027-01-01' },
        active_users: { part: 0, whole: 10 },
        open_critical_tickets: 40,
        escalations: 9,
        active_champion: false,
        economic_buyer_access: false,
      }),
      NOW,
    );
    const best = scoreAccount(
      card,
      healthyInputs({
        customer_action_items: { part: 6, whole: 6 },
        licence_utilisation: { used: 2000, bought: 1000, contractStart: '2025-01-01', renewalDate: null },
        active_users: { part: 9, whole: 9 },
      }),
      NOW,
    );
    expect(worst.score).toBeGreaterThanOrEqual(0);
    expect(worst.score).toBeLessThan(5);
    expect(best.score).toBe(100);
  });

  it('a missing input is shared out over the others, not counted as zero, and is listed as missing', () => {
    const full = scoreAccount(card, healthyInputs(), NOW);
    const noSentiment = scoreAccount(card, healthyInputs({ product_sentiment: null, agenda_habit: undefined }), NOW);
    expect(noSentiment.missing).toEqual(['product_sentiment', 'agenda_habit']);
    // Everything present is healthy, so the score barely moves; as a zero it would drop by 10+ points.
    expect(Math.abs((noSentiment.score ?? 0) - (full.score ?? 0))).toBeLessThan(3);
    expect(noSentiment.colour).toBe('green');
    const weights = noSentiment.measures.reduce((s, m) => s + m.effectiveWeight, 0);
    expect(weights).toBeCloseTo(100, 0);
    expect(noSentiment.measures.find((m) => m.key === 'product_sentiment')?.effectiveWeight).toBe(0);
  });

  it('a missing measure gives its weight to the other measures of its own group first', () => {
    const result = scoreAccount(card, healthyInputs({ licence_utilisation: null }), NOW);
    expect(result.measures.find((m) => m.key === 'active_users')?.effectiveWeight).toBe(25);
    expect(result.groups.find((g) => g.key === 'adoption')?.effectiveWeight).toBe(25);
  });

  it('a ratio with nothing to count (no calls were due) is missing, not zero', () => {
    const result = scoreAccount(card, healthyInputs({ cadence_adherence: { part: 0, whole: 0 } }), NOW);
    expect(result.missing).toContain('cadence_adherence');
  });

  it('an account with no inputs at all has no score rather than a red zero', () => {
    const result = scoreAccount(card, {}, NOW);
    expect(result.score).toBeNull();
    expect(result.colour).toBeNull();
    expect(result.missing).toHaveLength(12);
  });

  it('licence use of 41% is yellow at month 9 of 12 but fine in the first month', () => {
    const late = scoreAccount(card, { licence_utilisation: { used: 41, bought: 100, contractStart: '2026-02-01', renewalDate: '2027-02-01' } }, NOW);
    const early = scoreAccount(card, { licence_utilisation: { used: 41, bought: 100, contractStart: '2026-11-01', renewalDate: '2027-11-01' } }, NOW);
    expect(late.measures[6]?.colour).toBe('yellow');
    expect(late.measures[6]?.detail).toBe('licence utilisation 41% at month 10 of 12');
    expect(early.measures[6]?.colour).toBe('green');
  });

  it('licence use over 75% is green and under 10% red once the contract has ramped', () => {
    const at = (used: number) => scoreAccount(card, { licence_utilisation: { used, bought: 100, contractStart: '2025-01-01', renewalDate: null } }, NOW).colour;
    expect(at(76)).toBe('green');
    expect(at(50)).toBe('yellow');
    expect(at(9)).toBe('red');
  });

  it('active users under half of billable users are red, 80% or more green', () => {
    const at = (part: number) => scoreAccount(card, { active_users: { part, whole: 100 } }, NOW).colour;
    expect(at(49)).toBe('red');
    expect(at(65)).toBe('yellow');
    expect(at(80)).toBe('green');
  });

  it('more open critical tickets never improve the score', () => {
    const scores = [0, 1, 2, 3, 5, 10].map((n) => scoreAccount(card, { open_critical_tickets: n }, NOW).score ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scoreAccount(card, { open_critical_tickets: 3 }, NOW).colour).toBe('red');
  });

  it('with the critical rule on, losing the champion turns an otherwise green account red', () => {
    const inputs = healthyInputs({ active_champion: false });
    expect(scoreAccount(card, inputs, NOW).colour).toBe('green');
    const ruled = scoreAccount(withCriticalRule(), inputs, NOW);
    expect(ruled.colour).toBe('red');
    expect(ruled.forcedRedByCritical).toBe(true);
    expect(ruled.criticalRed).toEqual(['active_champion']);
    expect(ruled.score).toBe(ruled.computedScore);
  });

  it('a manual override wins until it expires, and the computed score is kept beside it', () => {
    const override = { colour: 'red' as const, reason: 'Champion resigned, not yet in the CRM', expiresAt: '2026-12-01T00:00:00.000Z' };
    const active = scoreAccount(card, healthyInputs(), NOW, { override });
    expect(active.colour).toBe('red');
    expect(active.computedColour).toBe('green');
    expect(active.override?.reason).toMatch(/Champion/);
    const expired = scoreAccount(card, healthyInputs(), new Date('2026-12-01T00:00:00.000Z'), { override });
    expect(expired.colour).toBe('green');
    expect(expired.override).toBeNull();
  });

  it('an override with a score shows that score', () => {
    const result = scoreAccount(card, healthyInputs(), NOW, { override: { colour: 'yellow', score: 55, reason: 'Reorg', expiresAt: '2027-01-01T00:00:00Z' } });
    expect(result.score).toBe(55);
  });

  it('the same inputs always give the same result', () => {
    expect(scoreAccount(card, healthyInputs(), NOW)).toEqual(scoreAccount(card, healthyInputs(), NOW));
  });
});

describe('bad health input', () => {
  it('an override without a reason is refused', () => {
    const parsed = HealthOverrideCreateSchema.safeParse({ colour: 'red', reason: '  ', expiresAt: '2027-01-01T00:00:00Z' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['reason']);
    expect(parsed.error?.issues[0]?.message).toBe('an override needs a reason');
  });

  it('an override that has already expired, or whose score contradicts its colour, is refused', () => {
    const bands = card.thresholds;
    expect(checkOverride({ colour: 'red', reason: 'x', expiresAt: '2026-11-01T00:00:00Z' }, bands, NOW)?.field).toBe('expiresAt');
    expect(checkOverride({ colour: 'green', score: 12, reason: 'x', expiresAt: '2027-01-01T00:00:00Z' }, bands, NOW)).toEqual({ field: 'score', message: 'score 12 reads red, not green' });
    expect(checkOverride({ colour: 'green', score: 90, reason: 'x', expiresAt: '2027-01-01T00:00:00Z' }, bands, NOW)).toBeNull();
  });

  it('an override score out of range is refused', () => {
    expect(HealthOverrideCreateSchema.safeParse({ colour: 'red', score: 140, reason: 'x', expiresAt: '2027-01-01T00:00:00Z' }).success).toBe(false);
  });

  it('negative counts, unknown sentiments and unknown measures are refused at the edge', () => {
    const bad = HealthInputsSchema.safeParse({ open_critical_tickets: -1, csm_sentiment: 'blue', nps: 9 });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join() : ''));
    expect(paths).toEqual(expect.arrayContaining(['open_critical_tickets', 'csm_sentiment', 'nps']));
  });
});

describe('scoring the whole book', () => {
  // How long this takes is bench/health-score.bench.ts's question, not a test's: a loaded machine is not a slower Cadence.
  it('scoring a book of 20,000 mixed accounts tells the troubled from the healthy', () => {
    const inputs = Array.from({ length: 20_000 }, (_, i) =>
      healthyInputs(
        i % 3 === 0
          ? { cadence_adherence: { part: 0, whole: 4 }, csm_sentiment: 'red', product_sentiment: 'red', active_users: { part: i % 40, whole: 100 }, active_champion: false, open_critical_tickets: 4 }
          : { cadence_adherence: { part: i % 5, whole: 4 }, csm_sentiment: i % 7 === 0 ? null : 'yellow' },
      ),
    );
    const results = inputs.map((input) => scoreAccount(card, input, NOW));
    expect(new Set(results.map((r) => r.colour)).size).toBeGreaterThan(1);
  });
});
