import type { RiskSeverity } from '../domain/meeting/meeting.ts';
import { compiledOnce } from './compiled-once.ts';
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

const liveRisks = (db: Executor) => db.selectFrom('risks').innerJoin('accounts', 'accounts.id', 'risks.account_id').select(['risks.account_id', 'risks.severity', 'risks.arr_at_risk', 'accounts.arr']).where('risks.status', '!=', 'closed');

// Every rescore asks it for its account (issue #16): built and compiled once per count of ids.
const liveRisksOf = compiledOnce((db: Executor, ids: readonly string[]) => liveRisks(db).where('risks.account_id', 'in', ids).orderBy('risks.id'));

/**
 * The live risks of the given accounts (every account when `accountIds` is null), grouped by
 * account. Closed risks are left out: closing one is what takes it off health and cadence.
 */
export async function listLiveRiskSignals(db: Executor, accountIds: readonly string[] | null): Promise<Map<string, RiskSignal[]>> {
  const out = new Map<string, RiskSignal[]>();
  const chunks = accountIds === null ? [null] : Array.from({ length: Math.ceil(accountIds.length / 500) }, (_, i) => accountIds.slice(i * 500, i * 500 + 500));
  for (const chunk of chunks) {
    if (chunk !== null && chunk.length === 0) continue;
    const rows = chunk === null ? await liveRisks(db).orderBy('risks.id').execute() : await liveRisksOf(db, chunk);
    for (const r of rows) {
      const signal: RiskSignal = { accountId: r.account_id, severity: r.severity as RiskSeverity, arrAtRisk: num(r.arr_at_risk), accountArr: num(r.arr) };
      const list = out.get(r.account_id);
      if (list) list.push(signal);
      else out.set(r.account_id, [signal]);
    }
  }
  return out;
}
