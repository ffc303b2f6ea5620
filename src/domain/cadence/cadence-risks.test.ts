import { describe, expect, it } from 'vitest';
import { CadencePolicySchema, DEFAULT_POLICY, effectiveCadence, type Frequency } from './cadence.ts';
import type { RiskSeverity } from '../meeting/meeting.ts';
import type { HealthColour, Segment, Stage } from '../model.ts';

describe('risks hold the cadence', () => {
  it.each<[Segment, Stage, HealthColour | null, RiskSeverity | null, Frequency, string]>([
    ['enterprise', 'adoption', 'green', null, 'quarterly', 'enterprise: monthly; eased to quarterly because health is green'],
    ['enterprise', 'adoption', 'green', 'high', 'monthly', 'enterprise: monthly; not eased although health is green: an open high risk'],
    ['enterprise', 'adoption', 'green', 'critical', 'monthly', 'enterprise: monthly; not eased although health is green: an open critical risk'],
    ['enterprise', 'adoption', 'green', 'medium', 'quarterly', 'enterprise: monthly; eased to quarterly because health is green (no open high or critical risk)'],
    ['enterprise', 'adoption', 'green', 'low', 'quarterly', 'enterprise: monthly; eased to quarterly because health is green (no open high or critical risk)'],
    ['enterprise', 'adoption', 'red', 'high', 'monthly', 'enterprise: monthly; never eased while a high risk is open'],
    ['enterprise', 'steady', 'yellow', null, 'monthly', 'enterprise: monthly'],
    ['enterprise', 'at_risk', null, null, 'biweekly', 'enterprise: monthly; tightened to biweekly because the account is at risk (at least every 14 days)'],
    ['commercial', 'at_risk', 'yellow', null, 'biweekly', 'commercial: quarterly; tightened to biweekly because the account is at risk (at least every 14 days)'],
    ['scale', 'at_risk', null, null, 'biweekly', 'scale: none; tightened to biweekly because the account is at risk (at least every 14 days)'],
    ['commercial', 'at_risk', 'green', 'high', 'biweekly', 'commercial: quarterly; tightened to biweekly because the account is at risk (at least every 14 days); never eased while a high risk is open'],
    ['commercial', 'renewal', 'green', 'critical', 'quarterly', 'commercial: quarterly; never eased while a critical risk is open'],
    ['enterprise', 'onboarding', 'green', 'critical', 'weekly', 'onboarding: weekly'],
    ['enterprise', 'churned', null, 'critical', 'none', 'churned: no recurring calls'],
  ])('%s in %s with health %s and worst open risk %s: %s', (segment, stage, health, risk, frequency, because) => {
    expect(effectiveCadence(DEFAULT_POLICY, { segment, stage }, health, null, risk)).toEqual({ frequency, because });
  });

  it('a stage policy already weekly for at-risk accounts is kept, not loosened to bi-weekly', () => {
    const policy = CadencePolicySchema.parse({ byStage: { at_risk: 'weekly' } });
    expect(effectiveCadence(policy, { segment: 'commercial', stage: 'at_risk' }, null, null)).toEqual({ frequency: 'weekly', because: 'at risk: weekly' });
  });

  it('closing the risk restores the easing a healthy account had', () => {
    const held = effectiveCadence(DEFAULT_POLICY, { segment: 'enterprise', stage: 'adoption' }, 'green', null, 'high');
    const restored = effectiveCadence(DEFAULT_POLICY, { segment: 'enterprise', stage: 'adoption' }, 'green', null, null);
    expect([held.frequency, restored.frequency]).toEqual(['monthly', 'quarterly']);
  });

  it('a manual override with its reason still wins', () => {
    expect(effectiveCadence(DEFAULT_POLICY, { segment: 'enterprise', stage: 'at_risk' }, 'red', { frequency: 'weekly', reason: 'exec escalation' }, 'critical')).toEqual({ frequency: 'weekly', because: 'override: exec escalation' });
  });
});
