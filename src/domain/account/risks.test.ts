import { describe, expect, it } from 'vitest';
import { RiskCloseSchema, RiskCreateSchema, RiskUpdateSchema, accountArrAtRisk, closeRisk, createRisk, maxOpenSeverity, riskAgeDays, summariseRiskRegister, updateRisk, type RiskCreate, type RiskRecord } from './risks.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const input: RiskCreate = { accountId: 'acc-1', type: 'champion_leaving', severity: 'high', arrAtRisk: 50_000, evidence: 'Dana is moving to another team', meetingId: 'm-1' };

function risk(overrides: Partial<RiskRecord> = {}): RiskRecord {
  const made = createRisk(input, { id: 'r-1' }, 120_000, new Date('2026-10-01T00:00:00Z'));
  if (!made.ok) throw new Error('fixture');
  return { ...made.risk, ...overrides };
}

describe('risk lifecycle', () => {
  it('a new risk is open and remembers the meeting it came from', () => {
    const r = risk();
    expect(r.status).toBe('open');
    expect(r.meetingId).toBe('m-1');
    expect(r.resolution).toBeNull();
  });

  it('ARR at risk cannot exceed the account ARR, on creation or on update', () => {
    const made = createRisk({ ...input, arrAtRisk: 200_000 }, { id: 'r-2' }, 120_000, NOW);
    expect(made).toEqual({ ok: false, error: { field: 'arrAtRisk', message: "ARR at risk (200000) cannot exceed the account's ARR (120000)" } });
    const updated = updateRisk(risk(), { arrAtRisk: 130_000 }, 120_000, NOW);
    expect(updated.ok).toBe(false);
  });

  it('an account ARR cut below an existing risk amount is caught on the next change', () => {
    const updated = updateRisk(risk(), { severity: 'critical' }, 40_000, NOW);
    expect(updated.ok).toBe(false);
  });

  it('a risk moves from open to mitigating', () => {
    const updated = updateRisk(risk(), { status: 'mitigating' }, 120_000, NOW);
    expect(updated.ok && updated.risk.status).toBe('mitigating');
    expect(updated.ok && updated.risk.updatedAt).toBe(NOW.toISOString());
  });

  it('closing a risk records the resolution and when it closed', () => {
    const closed = closeRisk(risk({ status: 'mitigating' }), { resolution: 'New champion Lee named and onboarded' }, NOW);
    expect(closed.ok && closed.risk).toMatchObject({ status: 'closed', resolution: 'New champion Lee named and onboarded', closedAt: NOW.toISOString() });
  });

  it('closing without a resolution is refused', () => {
    const parsed = RiskCloseSchema.safeParse({ resolution: ' ' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('closing a risk needs a resolution');
    expect(closeRisk(risk(), { resolution: '   ' }, NOW)).toEqual({ ok: false, error: { field: 'resolution', message: 'closing a risk needs a resolution' } });
  });

  it('an update cannot close a risk behind the resolution rule', () => {
    expect(RiskUpdateSchema.safeParse({ status: 'closed' }).success).toBe(false);
  });

  it('a closed risk cannot be edited until it is reopened, and reopening clears the resolution', () => {
    const closed = risk({ status: 'closed', resolution: 'done', closedAt: NOW.toISOString() });
    expect(updateRisk(closed, { severity: 'low' }, 120_000, NOW).ok).toBe(false);
    expect(closeRisk(closed, { resolution: 'again' }, NOW).ok).toBe(false);
    const reopened = updateRisk(closed, { status: 'open' }, 120_000, NOW);
    expect(reopened.ok && reopened.risk).toMatchObject({ status: 'open', resolution: null, closedAt: null });
  });

  it('bad severities, types and negative amounts are refused with their field', () => {
    const parsed = RiskCreateSchema.safeParse({ ...input, severity: 'extreme', type: 'weather', arrAtRisk: -1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0]).sort()).toEqual(['arrAtRisk', 'severity', 'type']);
  });
});

describe('risk arithmetic', () => {
  it('age counts whole days until closed, or until now while live', () => {
    expect(riskAgeDays(risk(), NOW)).toBe(50);
    expect(riskAgeDays(risk({ closedAt: '2026-10-11T00:00:00Z' }), NOW)).toBe(10);
  });

  it('the worst live severity ignores closed risks', () => {
    expect(maxOpenSeverity([risk({ severity: 'low' }), risk({ severity: 'critical', status: 'closed' }), risk({ severity: 'medium', status: 'mitigating' })])).toBe('medium');
    expect(maxOpenSeverity([])).toBeNull();
  });

  it('two risks on one contract never put more than its ARR at risk', () => {
    expect(accountArrAtRisk([risk({ arrAtRisk: 80_000 }), risk({ arrAtRisk: 70_000 })], 120_000)).toBe(120_000);
    expect(accountArrAtRisk([risk({ arrAtRisk: 80_000 }), risk({ arrAtRisk: 70_000, status: 'closed' })], 120_000)).toBe(80_000);
  });
});

describe('risk register', () => {
  const risks: RiskRecord[] = [
    risk({ id: 'a', accountId: 'x', ownerId: 'u-1', severity: 'high', arrAtRisk: 80_000, createdAt: '2026-11-10T00:00:00Z' }),
    risk({ id: 'b', accountId: 'x', ownerId: 'u-1', type: 'budget', severity: 'medium', arrAtRisk: 70_000, createdAt: '2026-09-01T00:00:00Z' }),
    risk({ id: 'c', accountId: 'y', ownerId: null, type: 'low_adoption', severity: 'low', arrAtRisk: null, createdAt: '2026-03-01T00:00:00Z' }),
    risk({ id: 'd', accountId: 'z', status: 'closed', resolution: 'ok' }),
  ];

  it('groups live risks by type, severity, owner and age, with the ids behind each figure', () => {
    const reg = summariseRiskRegister(risks, NOW, new Map([['x', 100_000]]));
    expect(reg.open.riskIds).toEqual(['a', 'b', 'c']);
    expect(reg.byType.budget?.riskIds).toEqual(['b']);
    expect(reg.bySeverity.high?.count).toBe(1);
    expect(reg.byOwner['u-1']?.riskIds).toEqual(['a', 'b']);
    expect(reg.byOwner.unowned?.riskIds).toEqual(['c']);
    expect(reg.byAge.under_30_days.riskIds).toEqual(['a']);
    expect(reg.byAge['30_to_90_days'].riskIds).toEqual(['b']);
    expect(reg.byAge.over_90_days.riskIds).toEqual(['c']);
    expect(reg.accountIds).toEqual(['x', 'y']);
  });

  it('the book total caps each account at its ARR', () => {
    expect(summariseRiskRegister(risks, NOW, new Map([['x', 100_000]])).arrAtRisk).toBe(100_000);
    expect(summariseRiskRegister(risks, NOW).arrAtRisk).toBe(150_000);
  });
});
