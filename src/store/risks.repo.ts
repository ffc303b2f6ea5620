import type { RiskSeverity } from '../domain/meeting/meeting.ts';
import type { RiskType } from '../domain/model.ts';
import type { RiskRecord, RiskStatus } from '../domain/account/risks.ts';
import type { AccountScope } from '../policies/access.ts';
import { scopedAccountIds } from './accounts.repo.ts';
import type { Executor } from './database.ts';
import type { RisksTable } from './schema.ts';

export function toRiskRecord(row: RisksTable): RiskRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.type as RiskType,
    severity: row.severity as RiskSeverity,
    arrAtRisk: row.arr_at_risk === null ? null : Number(row.arr_at_risk),
    evidence: row.evidence ?? '',
    // Older rows written by the wrap-up said 'mitigated'; the lifecycle calls it 'mitigating'.
    status: (row.status === 'mitigated' ? 'mitigating' : row.status) as RiskStatus,
    ownerId: row.owner_id,
    meetingId: row.meeting_id,
    transcriptId: row.transcript_id,
    resolution: row.resolution,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

function toRow(r: RiskRecord): RisksTable {
  return {
    id: r.id,
    account_id: r.accountId,
    meeting_id: r.meetingId,
    type: r.type,
    severity: r.severity,
    arr_at_risk: r.arrAtRisk,
    evidence: r.evidence,
    status: r.status,
    owner_id: r.ownerId,
    resolution: r.resolution,
    transcript_id: r.transcriptId ?? null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    closed_at: r.closedAt,
  };
}

export async function findRisk(db: Executor, id: string): Promise<RiskRecord | undefined> {
  const row = await db.selectFrom('risks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRiskRecord(row) : undefined;
}

export async function insertRiskRecord(db: Executor, risk: RiskRecord): Promise<void> {
  await db.insertInto('risks').values(toRow(risk)).execute();
}

export async function saveRisk(db: Executor, risk: RiskRecord): Promise<void> {
  const { id, ...columns } = toRow(risk);
  await db.updateTable('risks').set(columns).where('id', '=', id).execute();
}

export interface RiskFilter {
  scope: AccountScope;
  accountIds?: string[];
  type?: string[];
  severity?: string[];
  status?: string[];
  ownerIds?: string[];
  /** true: only risks nobody owns. */
  unowned?: boolean;
}

export interface RiskListRow extends RiskRecord {
  accountName: string;
  accountArr: number | null;
}

/** Risks across the accounts in scope, worst first is the caller's business; newest first here. */
export async function listRisks(db: Executor, filter: RiskFilter, limit = 5000): Promise<RiskListRow[]> {
  let q = db.selectFrom('risks').innerJoin('accounts', 'accounts.id', 'risks.account_id').selectAll('risks').select(['accounts.name as account_name', 'accounts.arr as account_arr']).where('accounts.archived_at', 'is', null);
  if (filter.scope.kind === 'users') q = q.where('risks.account_id', 'in', scopedAccountIds(db, filter.scope.userIds));
  if (filter.accountIds?.length) q = q.where('risks.account_id', 'in', filter.accountIds);
  if (filter.type?.length) q = q.where('risks.type', 'in', filter.type);
  if (filter.severity?.length) q = q.where('risks.severity', 'in', filter.severity);
  if (filter.status?.length) {
    // 'mitigating' also finds rows an older writer stored as 'mitigated'.
    const statuses = filter.status.includes('mitigating') ? [...filter.status, 'mitigated'] : filter.status;
    q = q.where('risks.status', 'in', statuses);
  }
  if (filter.ownerIds?.length && filter.unowned) q = q.where((eb) => eb.or([eb('risks.owner_id', 'in', filter.ownerIds!), eb('risks.owner_id', 'is', null)]));
  else if (filter.ownerIds?.length) q = q.where('risks.owner_id', 'in', filter.ownerIds);
  else if (filter.unowned) q = q.where('risks.owner_id', 'is', null);
  const rows = await q.orderBy('risks.created_at', 'desc').orderBy('risks.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...toRiskRecord(r), accountName: r.account_name, accountArr: r.account_arr === null ? null : Number(r.account_arr) }));
}

/** Live and closed risks of these accounts (reviews, forecast), chunked for SQLite's parameter cap. */
export async function listRisksOfAccounts(db: Executor, accountIds: readonly string[]): Promise<RiskRecord[]> {
  const out: RiskRecord[] = [];
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows = await db
      .selectFrom('risks')
      .selectAll()
      .where('account_id', 'in', accountIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.push(toRiskRecord(r));
  }
  return out;
}
