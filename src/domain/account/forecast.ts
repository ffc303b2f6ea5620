/**
 * The renewal forecast: accounts renewing in the current and the next fiscal quarter, with their
 * ARR and a risk-adjusted ARR.
 *
 * The adjustment rule (documented here because finance will ask):
 *   risk-adjusted ARR = ARR × min(severity factor, health factor)
 * where the severity factor comes from the worst live risk on the account
 *   none 1.00 · low 0.90 · medium 0.75 · high 0.50 · critical 0.25
 * and the health factor from the account's health colour
 *   green 1.00 · yellow 0.85 · red 0.60 · not scored 0.90.
 * The two signals usually describe the same trouble (a red account tends to carry a high risk),
 * so the worse of the two applies rather than their product, which would count it twice. When a
 * live risk names an explicit ARR at risk, the adjusted figure is also never above ARR minus that
 * amount (capped at the account's ARR): an explicit "we will lose 40k" outranks a factor.
 * An account at lifecycle stage `at_risk` with no live risk on file counts as carrying a medium
 * risk (×0.75, "at risk, no risk recorded"): the forecast never calls an at-risk account risk-free.
 */
import { currentAndNextFiscalQuarter, isInQuarter, type FiscalQuarter } from '../calendar/fiscal.ts';
import type { RiskSeverity } from '../meeting/meeting.ts';
import type { CalendarDate, HealthColour, Stage } from '../model.ts';
import { accountArrAtRisk, isLiveRisk, maxOpenSeverity, type RiskRecord } from './risks.ts';

export const SEVERITY_FACTOR: Record<RiskSeverity | 'none', number> = { none: 1, low: 0.9, medium: 0.75, high: 0.5, critical: 0.25 };
export const HEALTH_FACTOR: Record<HealthColour | 'unknown', number> = { green: 1, yellow: 0.85, red: 0.6, unknown: 0.9 };

export interface ForecastAccount {
  id: string;
  name: string;
  arr: number | null;
  renewalDate: CalendarDate | null;
  healthColour: HealthColour | null;
  ownerId: string | null;
  /** The lifecycle stage: `at_risk` is never forecast as risk-free. */
  stage?: Stage | null;
}

/** The severity an account at stage `at_risk` counts as carrying when no live risk is recorded. */
export const AT_RISK_STAGE_SEVERITY: RiskSeverity = 'medium';

export interface ForecastRenewal {
  accountId: string;
  name: string;
  ownerId: string | null;
  renewalDate: CalendarDate;
  arr: number;
  riskAdjustedArr: number;
  factor: number;
  worstSeverity: RiskSeverity | null;
  healthColour: HealthColour | null;
  riskIds: string[];
  /** Why the figure is lower than ARR, in words ("high risk ×0.5"). */
  reasons: string[];
}

export interface QuarterForecast {
  quarter: FiscalQuarter;
  renewals: ForecastRenewal[];
  arr: number;
  riskAdjustedArr: number;
  accountIds: string[];
}

export interface RenewalForecast {
  current: QuarterForecast;
  next: QuarterForecast;
}

/** Risk-adjusts one account's ARR by the rule above. */
export function adjustArr(
  arr: number,
  risks: readonly Pick<RiskRecord, 'status' | 'severity' | 'arrAtRisk' | 'id'>[],
  health: HealthColour | null,
  stage: Stage | null = null,
): Omit<ForecastRenewal, 'accountId' | 'name' | 'ownerId' | 'renewalDate' | 'arr'> {
  const live = risks.filter(isLiveRisk);
  const worst = maxOpenSeverity(live);
  const stageOnly = worst === null && stage === 'at_risk';
  const sev = SEVERITY_FACTOR[stageOnly ? AT_RISK_STAGE_SEVERITY : (worst ?? 'none')];
  const hf = HEALTH_FACTOR[health ?? 'unknown'];
  const factor = Math.min(sev, hf);
  const reasons: string[] = [];
  if (stageOnly) reasons.push(`stage at risk, no risk recorded ×${sev}`);
  if (worst && sev < 1) reasons.push(`${worst} risk ×${sev}`);
  if (hf < 1) reasons.push(health ? `${health} health ×${hf}` : `health not scored ×${hf}`);
  let adjusted = arr * factor;
  const explicit = accountArrAtRisk(live, arr);
  if (explicit > 0 && arr - explicit < adjusted) {
    adjusted = arr - explicit;
    reasons.push(`${formatMoney(explicit)} named at risk`);
  }
  return { riskAdjustedArr: Math.round(adjusted * 100) / 100, factor, worstSeverity: worst, healthColour: health, riskIds: live.map((r) => r.id), reasons };
}

/**
 * Renewals in the current and next fiscal quarter for `today`. Accounts without ARR or renewal
 * date are left out (nothing to forecast); renewals are sorted by date, then ARR descending.
 */
export function forecastRenewals(input: { accounts: readonly ForecastAccount[]; risks: readonly RiskRecord[]; today: CalendarDate; fiscalYearStartMonth: number }): RenewalForecast {
  const { current, next } = currentAndNextFiscalQuarter(input.today, input.fiscalYearStartMonth);
  const risksByAccount = new Map<string, RiskRecord[]>();
  for (const r of input.risks) {
    if (!isLiveRisk(r)) continue;
    const list = risksByAccount.get(r.accountId);
    if (list) list.push(r);
    else risksByAccount.set(r.accountId, [r]);
  }
  const column = (quarter: FiscalQuarter): QuarterForecast => {
    const renewals: ForecastRenewal[] = [];
    for (const a of input.accounts) {
      if (a.arr === null || a.renewalDate === null || !isInQuarter(a.renewalDate, quarter)) continue;
      renewals.push({ accountId: a.id, name: a.name, ownerId: a.ownerId, renewalDate: a.renewalDate, arr: a.arr, ...adjustArr(a.arr, risksByAccount.get(a.id) ?? [], a.healthColour, a.stage ?? null) });
    }
    renewals.sort((x, y) => x.renewalDate.localeCompare(y.renewalDate) || y.arr - x.arr || x.accountId.localeCompare(y.accountId));
    return {
      quarter,
      renewals,
      arr: renewals.reduce((s, r) => s + r.arr, 0),
      riskAdjustedArr: Math.round(renewals.reduce((s, r) => s + r.riskAdjustedArr, 0) * 100) / 100,
      accountIds: renewals.map((r) => r.accountId),
    };
  };
  return { current: column(current), next: column(next) };
}

/** "$1.2M", "$40k", "$900": how ARR reads in packs and explanations. */
export function formatMoney(amount: number, currency = '$'): string {
  const abs = Math.abs(amount);
  const sign = amount < 0 ? '-' : '';
  if (abs >= 1_000_000) return `${sign}${currency}${trim(abs / 1_000_000)}M`;
  if (abs >= 1_000) return `${sign}${currency}${trim(abs / 1_000)}k`;
  return `${sign}${currency}${Math.round(abs)}`;
}

const trim = (n: number) => (Math.round(n * 10) / 10).toString();
