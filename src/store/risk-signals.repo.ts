import type { RiskSeverity } from '../domain/meeting/meeting.ts';
import type { Executor } from './database.ts';

/** One live risk (open or mitigating) as health, cadence and the forecast read it. */
export interface RiskSignal {
  accountId: string;
  severity: RiskSeverity;
  arrAtRisk: number | null;
  /** The account's ARR, for the share at risk. */
  accountArr: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The live risks of the given accounts (every account when `accountIds` is null), grouped by
 * account. Closed risks are left out: closing one is what takes it off health and cadence.
 */
export async function listLiveRiskSignals(db: Executor, accountIds: readonly string[] | null): Promise<Map<string, RiskSignal[]>> {
  const out = new Map<string, RiskSignal[]>();
  const chunks = accountIds === null ? [null] : Array.from({ length: Math.ceil(accountIds.length / 500) }, (_, i) => accountIds.slice(i * 500, i * 500 + 500));
  for (const chunk of chunks) {
    if (chunk !== null && chunk.length === 0) continue;
    let q = db.selectFrom('risks').innerJoin('accounts', 'accounts.id', 'risks.account_id').select(['risks.account_id', 'risks.severity', 'risks.arr_at_risk', 'accounts.arr']).where('risks.status', '!=', 'closed');
    if (chunk !== null) q = q.where('risks.account_id', 'in', chunk);
    for (const r of await q.orderBy('risks.id').execute()) {
      const signal: RiskSignal = { accountId: r.account_id, severity: r.severity as RiskSeverity, arrAtRisk: num(r.arr_at_risk), accountArr: num(r.arr) };
      const list = out.get(r.account_id);
      if (list) list.push(signal);
      else out.set(r.account_id, [signal]);
    }
  }
  return out;
}
