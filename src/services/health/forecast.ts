import { currentAndNextFiscalQuarter } from '../../domain/calendar/fiscal.ts';
import { forecastRenewals, type RenewalForecast } from '../../domain/account/forecast.ts';
import type { Actor, HealthColour, Stage } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { authorize } from '../../policies/authorize.ts';
import { canSetFiscalYear } from '../../policies/settings.policy.ts';
import { listRenewingAccounts } from '../../store/reviews.repo.ts';
import { listRisksOfAccounts } from '../../store/risks.repo.ts';
import { putSetting } from '../../store/settings.repo.ts';
import { recordChange } from '../record-change.ts';
import { FISCAL_YEAR_KEY, getFiscalYearStartMonth } from '../team/reviews.ts';

/**
 * Renewals in the current and next fiscal quarter across the accounts the actor may see, with
 * ARR and risk-adjusted ARR (the rule is documented in domain/forecast.ts).
 */
export async function renewalForecast(deps: Deps, actor: Actor): Promise<RenewalForecast & { fiscalYearStartMonth: number }> {
  const db = deps.store.db;
  const startMonth = await getFiscalYearStartMonth(db);
  const today = deps.now().toISOString().slice(0, 10);
  const { current, next } = currentAndNextFiscalQuarter(today, startMonth);
  const rows = await listRenewingAccounts(db, accountScopeFor(actor), current.start, next.end);
  const risks = await listRisksOfAccounts(
    db,
    rows.map((r) => r.id),
  );
  const forecast = forecastRenewals({
    accounts: rows.map((r) => ({ id: r.id, name: r.name, arr: r.arr === null ? null : Number(r.arr), renewalDate: r.renewal_date, healthColour: r.health_colour as HealthColour | null, ownerId: r.owner_id, stage: r.stage as Stage })),
    risks,
    today,
    fiscalYearStartMonth: startMonth,
  });
  return { ...forecast, fiscalYearStartMonth: startMonth };
}

/** The month the fiscal year starts in; anyone signed in may read it. */
export async function getFiscalYear(deps: Deps): Promise<{ startMonth: number }> {
  return { startMonth: await getFiscalYearStartMonth(deps.store.db) };
}

/** Sets the month the fiscal year starts in (admins): quarters in forecasts and reviews follow it. */
export async function saveFiscalYear(deps: Deps, actor: Actor, input: { startMonth: number }): Promise<{ startMonth: number }> {
  authorize(canSetFiscalYear(actor), 'only admins set the fiscal year');
  await deps.store.db.transaction().execute(async (tx) => {
    const before = await getFiscalYearStartMonth(tx);
    await putSetting(tx, FISCAL_YEAR_KEY, input.startMonth, deps.now().toISOString(), actor.id);
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'settings.fiscal_year',
      entityType: 'settings',
      entityId: FISCAL_YEAR_KEY,
      before,
      after: input.startMonth,
      summary: `Fiscal year now starts in month ${input.startMonth}`,
    });
  });
  return input;
}
