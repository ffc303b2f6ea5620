import { describe, expect, it } from 'vitest';
import { adjustArr, forecastRenewals, formatMoney, type ForecastAccount } from './forecast.ts';
import type { RiskRecord } from './risks.ts';

const account = (o: Partial<ForecastAccount> & { id: string }): ForecastAccount => ({
  name: o.id.toUpperCase(),
  arr: 100_000,
  renewalDate: '2026-12-15',
  healthColour: 'green',
  ownerId: 'u-1',
  ...o,
});
const risk = (o: Partial<RiskRecord> & { id: string; accountId: string }): RiskRecord => ({
  type: 'budget',
  severity: 'medium',
  arrAtRisk: null,
  evidence: 'x',
  status: 'open',
  ownerId: null,
  meetingId: null,
  resolution: null,
  createdAt: '2026-10-01T00:00:00Z',
  updatedAt: '2026-10-01T00:00:00Z',
  closedAt: null,
  ...o,
});

describe('risk-adjusted ARR', () => {
  it('a green account with no live risk keeps its full ARR', () => {
    expect(adjustArr(100_000, [], 'green')).toMatchObject({ riskAdjustedArr: 100_000, factor: 1, reasons: [] });
  });

  it('the worse of the risk and the health factor applies, not both', () => {
    const adjusted = adjustArr(100_000, [risk({ id: 'r', accountId: 'a', severity: 'high' })], 'yellow');
    expect(adjusted.factor).toBe(0.5);
    expect(adjusted.riskAdjustedArr).toBe(50_000);
    expect(adjusted.reasons).toEqual(['high risk ×0.5', 'yellow health ×0.85']);
  });

  it('a closed risk no longer lowers the forecast', () => {
    expect(adjustArr(100_000, [risk({ id: 'r', accountId: 'a', severity: 'critical', status: 'closed' })], 'green').riskAdjustedArr).toBe(100_000);
  });

  it('an explicit ARR at risk lowers the figure further than the factor would', () => {
    const adjusted = adjustArr(100_000, [risk({ id: 'r', accountId: 'a', severity: 'low', arrAtRisk: 60_000 })], 'green');
    expect(adjusted.riskAdjustedArr).toBe(40_000);
    expect(adjusted.reasons).toContain('$60k named at risk');
  });
});

describe('forecastRenewals', () => {
  const accounts = [
    account({ id: 'a', renewalDate: '2026-12-15', arr: 200_000 }),
    account({ id: 'b', renewalDate: '2026-11-30', arr: 50_000, healthColour: 'red' }),
    account({ id: 'c', renewalDate: '2027-02-01', arr: 80_000 }),
    account({ id: 'd', renewalDate: '2027-06-01' }),
    account({ id: 'e', renewalDate: null }),
    account({ id: 'f', arr: null }),
  ];

  it('lists renewals of the current and next fiscal quarter, in date order, with totals', () => {
    const f = forecastRenewals({ accounts, risks: [risk({ id: 'r', accountId: 'a', severity: 'critical' })], today: '2026-11-20', fiscalYearStartMonth: 1 });
    expect(f.current.quarter.label).toBe('FY2026 Q4');
    expect(f.current.accountIds).toEqual(['b', 'a']);
    expect(f.current.arr).toBe(250_000);
    expect(f.current.riskAdjustedArr).toBe(50_000 * 0.6 + 200_000 * 0.25);
    expect(f.next.accountIds).toEqual(['c']);
  });

  it('with a February fiscal year a January renewal moves into the current quarter', () => {
    const withJanuary = [...accounts, account({ id: 'g', renewalDate: '2027-01-20' })];
    const calendar = forecastRenewals({ accounts: withJanuary, risks: [], today: '2026-11-20', fiscalYearStartMonth: 1 });
    expect(calendar.next.accountIds).toEqual(['g', 'c']);
    const f = forecastRenewals({ accounts: withJanuary, risks: [], today: '2026-11-20', fiscalYearStartMonth: 2 });
    expect(f.current.quarter).toMatchObject({ start: '2026-11-01', end: '2027-01-31' });
    expect(f.current.accountIds).toEqual(['b', 'a', 'g']);
    expect(f.next.accountIds).toEqual(['c']);
  });
});

describe('formatMoney', () => {
  it('reads ARR the way a CSM says it', () => {
    expect([formatMoney(1_250_000), formatMoney(40_000), formatMoney(900)]).toEqual(['$1.3M', '$40k', '$900']);
  });
});
