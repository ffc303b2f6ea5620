import { describe, expect, it } from 'vitest';
import { explainHealthChange } from './explain.ts';
import { NOW, healthyInputs } from './health.fixtures.ts';
import { applyRiskRules, riskDeduction, shareAtRisk, type HealthRisk } from './risk-measure.ts';
import { scoreAccount } from './score.ts';
import { defaultScorecard } from './scorecard.ts';
import { healthChanged } from './trend.ts';

const card = defaultScorecard();
const bands = card.thresholds;
const ARR = 1_070_000;

describe('the open-risks measure', () => {
  it.each<[string, HealthRisk[], number | null, number, string[], boolean]>([
    ['no risk takes nothing off', [], ARR, 0, [], false],
    ['a high risk on 100% of ARR takes 25 points and turns the account red', [{ severity: 'high', arrAtRisk: ARR }], ARR, 25, ['a high risk on 100% of ARR: −25'], true],
    ['a high risk on half the ARR takes 12.5 and still turns it red', [{ severity: 'high', arrAtRisk: ARR / 2 }], ARR, 12.5, ['a high risk on 50% of ARR: −12.5'], true],
    ['a high risk on a fifth of the ARR takes 5 and does not force red', [{ severity: 'high', arrAtRisk: 214_000 }], ARR, 5, ['a high risk on 20% of ARR: −5'], false],
    ['a critical risk on 100% of ARR takes 40', [{ severity: 'critical', arrAtRisk: ARR }], ARR, 40, ['a critical risk on 100% of ARR: −40'], true],
    ['a medium risk on the whole ARR takes 10 and never forces red', [{ severity: 'medium', arrAtRisk: ARR }], ARR, 10, ['a medium risk on 100% of ARR: −10'], false],
    ['a low risk on the whole ARR takes 5', [{ severity: 'low', arrAtRisk: ARR }], ARR, 5, ['a low risk on 100% of ARR: −5'], false],
    ['a risk with no amount counts on the whole ARR', [{ severity: 'high', arrAtRisk: null }], ARR, 25, ['a high risk on the whole ARR (no amount named): −25'], true],
    ['an account without ARR counts each risk on all of it', [{ severity: 'medium', arrAtRisk: 40_000 }], null, 10, ['a medium risk on the whole ARR (no amount named): −10'], false],
    [
      'two risks add up, worst first',
      [
        { severity: 'low', arrAtRisk: ARR },
        { severity: 'high', arrAtRisk: ARR / 4 },
      ],
      ARR,
      11.3,
      ['a high risk on 25% of ARR: −6.3', 'a low risk on 100% of ARR: −5'],
      false,
    ],
  ])('%s', (_name, risks, arr, points, lines, red) => {
    const d = riskDeduction(risks, arr);
    expect(d.points).toBe(points);
    expect(d.lines).toEqual(lines);
    expect(d.forcesRed !== null).toBe(red);
  });

  it('an amount above the account ARR counts as the whole ARR', () => {
    expect(shareAtRisk(2_000_000, ARR)).toBe(1);
    expect(shareAtRisk(0, ARR)).toBe(0);
  });

  it.each<[string, number, 'green' | 'yellow' | 'red', HealthRisk[], 'adoption' | 'at_risk', number, 'green' | 'yellow' | 'red', string | null]>([
    ['a green account with no risk stays as it is', 92, 'green', [], 'adoption', 92, 'green', null],
    ['a high risk on all the ARR caps the score inside the red band', 92, 'green', [{ severity: 'high', arrAtRisk: ARR }], 'adoption', 39.9, 'red', 'red while a high risk covers 100% of ARR'],
    ['a medium risk only takes its points: 92 − 10 is still green', 92, 'green', [{ severity: 'medium', arrAtRisk: ARR }], 'adoption', 82, 'green', null],
    ['a medium risk can take a borderline account to yellow', 75, 'green', [{ severity: 'medium', arrAtRisk: ARR }], 'adoption', 65, 'yellow', null],
    ['stage at risk with no risk is yellow at best', 92, 'green', [], 'at_risk', 69.9, 'yellow', 'stage at risk: never green while the account is at risk, with or without a risk recorded'],
    ['stage at risk leaves a yellow account yellow and unchanged', 55, 'yellow', [], 'at_risk', 55, 'yellow', null],
    ['a red account stays red whatever the stage', 30, 'red', [], 'at_risk', 30, 'red', null],
  ])('%s', (_name, score, colour, risks, stage, wantScore, wantColour, why) => {
    const out = applyRiskRules(score, colour, riskDeduction(risks, ARR), stage, bands, (s) => (s >= bands.greenFrom ? 'green' : s < bands.redBelow ? 'red' : 'yellow'));
    expect(out).toEqual({ score: wantScore, colour: wantColour, capReason: why });
  });
});

describe('risks in the account score', () => {
  it('a healthy account with a high risk on its full ARR reads red, and closing it restores green with both explained', () => {
    const calm = scoreAccount(card, healthyInputs(), NOW, { risks: [], accountArr: ARR, stage: 'adoption' });
    expect(calm.colour).toBe('green');
    expect(calm.riskLines).toBeUndefined();

    const risky = scoreAccount(card, healthyInputs(), NOW, { risks: [{ severity: 'high', arrAtRisk: ARR }], accountArr: ARR, stage: 'adoption' });
    expect(risky).toMatchObject({ colour: 'red', score: 39.9, riskDeduction: 25, riskLines: ['a high risk on 100% of ARR: −25'], capReason: 'red while a high risk covers 100% of ARR' });
    expect(healthChanged(calm, risky)).toBe(true);
    const fell = explainHealthChange(calm, risky).summary;
    expect(fell).toContain('Health fell from');
    expect(fell).toContain('to 39.9 (red)');
    expect(fell).toContain('Open risks: a high risk on 100% of ARR: −25.');
    expect(fell).toContain('Capped: red while a high risk covers 100% of ARR.');

    const closed = scoreAccount(card, healthyInputs(), NOW, { risks: [], accountArr: ARR, stage: 'adoption' });
    const rose = explainHealthChange(risky, closed).summary;
    expect(closed.colour).toBe('green');
    expect(rose).toContain('Health rose from 39.9 (red)');
    expect(rose).toContain('No open risk takes points off now (before: a high risk on 100% of ARR: −25).');
    expect(rose).toContain('No longer capped (before: red while a high risk covers 100% of ARR).');
  });

  it('an account at stage at risk with no risk recorded never shows green', () => {
    const r = scoreAccount(card, healthyInputs(), NOW, { stage: 'at_risk' });
    expect(r.colour).toBe('yellow');
    expect(r.score).toBe(69.9);
    expect(explainHealthChange(null, r).summary).toContain('Capped: stage at risk: never green');
  });

  it('a manual override still wins over the risk rules', () => {
    const r = scoreAccount(card, healthyInputs(), NOW, {
      risks: [{ severity: 'critical', arrAtRisk: ARR }],
      accountArr: ARR,
      override: { colour: 'green', reason: 'exec sponsor confirmed renewal', expiresAt: '2026-12-31T00:00:00Z' },
    });
    expect(r.computedColour).toBe('red');
    expect(r.colour).toBe('green');
  });

  it('with nothing else known, risks alone give no score', () => {
    const r = scoreAccount(card, {}, NOW, { risks: [{ severity: 'high', arrAtRisk: null }], accountArr: ARR });
    expect(r.score).toBeNull();
    expect(r.riskLines).toBeUndefined();
  });
});
