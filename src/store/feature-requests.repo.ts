import { sql } from 'kysely';
import type { AccountScope } from '../policies/access.ts';
import { scopedAccountIds } from './accounts.repo.ts';
import type { Executor } from './database.ts';

export async function findFeatureRequest(db: Executor, id: string) {
  return db.selectFrom('feature_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The same feature as asked by every account: the rows sharing its tracker id, or, for items not
 * in a tracker, its title (case-insensitive). Declined ones are left out.
 */
export async function listSameFeature(db: Executor, row: { external_id: string | null; title: string }) {
  let q = db
    .selectFrom('feature_requests')
    .innerJoin('accounts', 'accounts.id', 'feature_requests.account_id')
    .selectAll('feature_requests')
    .select('accounts.name as account_name')
    .where('feature_requests.status', '!=', 'declined')
    .where('accounts.archived_at', 'is', null);
  q = row.external_id ? q.where('feature_requests.external_id', '=', row.external_id) : q.where(sql`lower(feature_requests.title)`, '=', row.title.trim().toLowerCase());
  return q.orderBy('feature_requests.created_at').execute();
}

export async function markFeatureRequestsShipped(db: Executor, ids: readonly string[], release: string, at: string): Promise<void> {
  if (ids.length) await db.updateTable('feature_requests').set({ status: 'shipped', shipped_in: release, shipped_at: at, updated_at: at }).where('id', 'in', ids).execute();
}

/** The active champion of each account (first by name), to greet in an announcement. */
export async function listChampions(db: Executor, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('contacts')
    .select(['account_id', 'name'])
    .where('account_id', 'in', accountIds)
    .where('role', '=', 'champion')
    .where('status', '=', 'active')
    .where('archived_at', 'is', null)
    .orderBy('name', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.account_id, r.name]));
}

/** Which of these accounts the scope covers. */
export async function accountsInScope(db: Executor, scope: AccountScope, accountIds: readonly string[]): Promise<Set<string>> {
  if (scope.kind === 'all' || accountIds.length === 0) return new Set(accountIds);
  const rows = await db.selectFrom('accounts').select('id').where('id', 'in', accountIds).where('id', 'in', scopedAccountIds(db, scope.userIds)).execute();
  return new Set(rows.map((r) => r.id));
}
