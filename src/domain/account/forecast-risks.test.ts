import { describe, expect, it } from 'vitest';
import { adjustArr } from './forecast.ts';
import type { RiskRecord } from './risks.ts';
import type { HealthColour, Stage } from '../model.ts';

const live = (severity: RiskRecord['severity'], arrAtRisk: number | null = null, status: RiskRecord['status'] = 'open') => ({ id: `r-${severity}`, severity, arrAtRisk, status });

describe('risk-adjusted ARR with risks and the at-risk stage', () => {
  it.each<[string, ReturnType<typeof live>[], HealthColour | null, Stage | null, number, string[]]>([
    ['a green steady account with no risk keeps its ARR', [], 'green', 'steady', 1_070_000, []],
    ['a high risk on the full ARR leaves nothing of it', [live('high', 1_070_000)], 'red', 'adoption', 0, ['high risk ×0.5', 'red health ×0.6', '$1.1M named at risk']],
    ['a high risk with no amount halves it', [live('high')], 'red', 'adoption', 535_000, ['high risk ×0.5', 'red health ×0.6']],
    ['at risk with no risk recorded counts as a medium risk', [], 'yellow', 'at_risk', 802_500, ['stage at risk, no risk recorded ×0.75', 'yellow health ×0.85']],
    ['at risk with no risk and no health score yet', [], null, 'at_risk', 802_500, ['stage at risk, no risk recorded ×0.75', 'health not scored ×0.9']],
    ['at risk with a recorded low risk: the stage still counts (the worse factor)', [live('low')], 'yellow', 'at_risk', 909_500, ['low risk ×0.9', 'yellow health ×0.85']],
    ['a closed risk counts for nothing', [live('critical', null, 'closed')], 'green', 'steady', 1_070_000, []],
  ])('%s', (_name, risks, health, stage, adjusted, reasons) => {
    const out = adjustArr(1_070_000, risks, health, stage);
    expect(out.riskAdjustedArr).toBe(adjusted);
    expect(out.reasons).toEqual(reasons);
  });

  it('an at-risk account is never forecast with no reason given', () => {
    for (const health of ['green', 'yellow', 'red', null] as const) expect(adjustArr(100, [], health, 'at_risk').reasons.length).toBeGreaterThan(0);
  });
});
