import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  DEFAULT_CADENCE_POLICY,
  describeFrequency,
  easeFrequency,
  parseCadenceOverride,
  parseCadencePolicy,
  resolveCadence,
  type Frequency,
} from './cadence-policy.ts';
import { HEALTH_COLOURS, SEGMENTS, STAGES, type HealthColour, type Segment, type Stage } from './model.ts';

function invalid(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid');
    return error as AppError;
  }
  throw new Error('expected an error');
}

const call = (segment: Segment, stage: Stage, health: HealthColour | null = null) =>
  describeFrequency(resolveCadence(DEFAULT_CADENCE_POLICY, { segment, stage }, health).call);

describe('default cadence policy', () => {
  it.each(SEGMENTS)('a %s account in onboarding is due weekly', (segment) => {
    expect(call(segment, 'onboarding', 'yellow')).toBe('weekly');
  });

  it('an enterprise account is called at least monthly after onboarding', () => {
    for (const stage of ['adoption', 'steady', 'renewal', 'at_risk'] as const) expect(call('enterprise', stage, 'yellow')).toBe('monthly');
  });

  it('a commercial account is called at least quarterly after onboarding', () => {
    expect(call('commercial', 'steady', 'red')).toBe('quarterly');
  });

  it('a scale account after onboarding has no recurring calls but a touch at lifecycle points', () => {
    const r = resolveCadence(DEFAULT_CADENCE_POLICY, { segment: 'scale', stage: 'renewal' }, null);
    expect(r.call).toBe('none');
    expect(r.lifecycleTouch).toBe(true);
    expect(resolveCadence(DEFAULT_CADENCE_POLICY, { segment: 'scale', stage: 'steady' }, null).lifecycleTouch).toBe(false);
  });

  it('a healthy account is eased one step: weekly to biweekly, monthly to quarterly', () => {
    expect(call('enterprise', 'onboarding', 'green')).toBe('biweekly');
    expect(call('enterprise', 'steady', 'green')).toBe('quarterly');
    expect(resolveCadence(DEFAULT_CADENCE_POLICY, { segment: 'enterprise', stage: 'steady' }, 'green').because).toContain('eased to quarterly because health is green');
  });

  it('easing never goes past quarterly', () => {
    expect(call('commercial', 'steady', 'green')).toBe('quarterly');
    expect(easeFrequency('bimonthly', 'quarterly')).toBe('quarterly');
    expect(easeFrequency({ every: 6, unit: 'month' }, 'quarterly')).toEqual({ every: 6, unit: 'month' });
    expect(easeFrequency('biweekly', 'quarterly')).toBe('monthly');
    expect(easeFrequency({ every: 10, unit: 'day' }, 'quarterly')).toBe('biweekly');
    expect(easeFrequency('weekly', 'biweekly')).toBe('biweekly');
    expect(easeFrequency('biweekly', 'biweekly')).toBe('biweekly');
  });

  it('every customer has a touch floor of one month, except churned ones', () => {
    for (const segment of SEGMENTS) {
      for (const stage of STAGES) {
        for (const health of [...HEALTH_COLOURS, null]) {
          const r = resolveCadence(DEFAULT_CADENCE_POLICY, { segment, stage }, health);
          expect(r.touchFloor).toEqual(stage === 'churned' ? null : { every: 1, unit: 'month' });
          if (stage === 'churned') expect(r.call).toBe('none');
        }
      }
    }
  });

  it('easing can be switched off or skipped for a stage', () => {
    const off = parseCadencePolicy({ healthyEasing: { enabled: false } });
    expect(describeFrequency(resolveCadence(off, { segment: 'enterprise', stage: 'steady' }, 'green').call)).toBe('monthly');
    const notAtRisk = parseCadencePolicy({ healthyEasing: { exceptStages: ['onboarding'] } });
    expect(describeFrequency(resolveCadence(notAtRisk, { segment: 'enterprise', stage: 'onboarding' }, 'green').call)).toBe('weekly');
  });
});

describe('overrides', () => {
  it('an override with a reason beats the policy and easing', () => {
    const override = parseCadenceOverride({ frequency: 'biweekly', reason: 'migration in progress' });
    const r = resolveCadence(DEFAULT_CADENCE_POLICY, { segment: 'commercial', stage: 'steady' }, 'green', override);
    expect(r.call).toBe('biweekly');
    expect(r.source).toBe('override');
    expect(r.because).toBe('override (biweekly): migration in progress');
  });

  it('an expired override no longer applies', () => {
    const override = parseCadenceOverride({ frequency: 'weekly', reason: 'escalation', until: '2026-03-31' });
    const account = { segment: 'enterprise', stage: 'steady' } as const;
    expect(resolveCadence(DEFAULT_CADENCE_POLICY, account, null, override, '2026-03-31').call).toBe('weekly');
    expect(resolveCadence(DEFAULT_CADENCE_POLICY, account, null, override, '2026-04-01').call).toBe('monthly');
  });

  it('an override needs a reason', () => {
    expect(invalid(() => parseCadenceOverride({ frequency: 'weekly', reason: '  ' })).message).toBe('cadence override: reason: a reason is required');
    expect(invalid(() => parseCadenceOverride({ frequency: 'weekly' })).field).toBe('reason');
  });

  it('an override with an impossible end date is refused', () => {
    expect(invalid(() => parseCadenceOverride({ frequency: 'weekly', reason: 'x', until: '2026-02-30' })).message).toContain('"2026-02-30" is not a real date');
  });
});

describe('policy documents', () => {
  it('an empty document is the default policy', () => {
    expect(parseCadencePolicy({})).toEqual(DEFAULT_CADENCE_POLICY);
    expect(parseCadencePolicy(undefined)).toEqual(DEFAULT_CADENCE_POLICY);
  });

  it('accepts a biweekly option and custom intervals', () => {
    const policy = parseCadencePolicy({
      calls: {
        enterprise: { otherwise: 'biweekly', stages: { onboarding: 'weekly' } },
        commercial: { otherwise: { every: 6, unit: 'week' } },
        scale: { otherwise: 'none' },
      },
    });
    expect(resolveCadence(policy, { segment: 'enterprise', stage: 'steady' }, null).call).toBe('biweekly');
    expect(describeFrequency(resolveCadence(policy, { segment: 'commercial', stage: 'steady' }, null).call)).toBe('every 6 weeks');
  });

  it.each<[string, unknown, string, string]>([
    ['a zero interval', { touchFloor: { every: 0, unit: 'month' } }, 'touchFloor.every', 'interval must be at least 1'],
    ['a negative interval', { calls: { ...DEFAULT_CADENCE_POLICY.calls, commercial: { otherwise: { every: -2, unit: 'week' } } } }, 'calls.commercial.otherwise.every', 'interval must be at least 1'],
    ['a fractional interval', { touchFloor: { every: 1.5, unit: 'month' } }, 'touchFloor.every', 'whole number'],
    ['an unknown frequency', { calls: { ...DEFAULT_CADENCE_POLICY.calls, enterprise: { otherwise: 'fortnightly' } } }, 'calls.enterprise.otherwise', 'unknown frequency "fortnightly"'],
    ['an unknown unit', { touchFloor: { every: 1, unit: 'year' } }, 'touchFloor.unit', 'unknown interval unit "year"'],
    ['an unknown stage', { calls: { ...DEFAULT_CADENCE_POLICY.calls, scale: { otherwise: 'none', stages: { trial: 'weekly' } } } }, 'calls.scale.stages.trial', 'unknown field: calls.scale.stages.trial'],
    ['an unknown field', { cadance: {} }, 'cadance', 'unknown field: cadance'],
    ['a negative due-soon window', { dueSoonDays: -1 }, 'dueSoonDays', 'must not be negative'],
  ])('refuses %s with a clear error naming the field', (_name, input, field, message) => {
    const error = invalid(() => parseCadencePolicy(input));
    expect(error.field?.startsWith(field)).toBe(true);
    expect(error.message).toContain(message);
  });

  it('a frequency that is neither a name nor an interval says what is expected', () => {
    const error = invalid(() => parseCadencePolicy({ calls: { ...DEFAULT_CADENCE_POLICY.calls, enterprise: { otherwise: 4 as unknown as Frequency } } }));
    expect(error.message).toContain('must be a frequency');
  });
});
