import type { AccountScope } from '../policies/access.ts';
import { scopedAccountIds } from './accounts.repo.ts';
import type { Executor } from './database.ts';

export interface ReviewAccountRow {
  id: string;
  name: string;
  segment: string;
  arr: number | null;
  renewal_date: string | null;
  owner_id: string | null;
  health_colour: string | null;
  health_score: number | null;
  expansion_note: string | null;
  expansion_amount: number | null;
  ae_id: string | null;
}

/** Live accounts in scope for a review: a CSM's own, an AE's, or one account. */
export async function listReviewAccountRows(db: Executor, filter: { scope: AccountScope; ownerId?: string; aeId?: string; accountId?: string }): Promise<ReviewAccountRow[]> {
  let q = db
    .selectFrom('accounts')
    .select(['id', 'name', 'segment', 'arr', 'renewal_date', 'owner_id', 'health_colour', 'health_score', 'expansion_note', 'expansion_amount'])
    .select((eb) =>
      eb
        .selectFrom('account_team_members')
        .select((e) => e.fn.min('user_id').as('ae'))
        .whereRef('account_team_members.account_id', '=', 'accounts.id')
        .where('account_team_members.role', '=', 'ae')
        .as('ae_id'),
    )
    .where('archived_at', 'is', null);
  if (filter.scope.kind === 'users') q = q.where('id', 'in', scopedAccountIds(db, filter.scope.userIds));
  if (filter.ownerId) q = q.where('owner_id', '=', filter.ownerId);
  if (filter.aeId) q = q.where('id', 'in', db.selectFrom('account_team_members').select('account_id').where('user_id', '=', filter.aeId).where('role', '=', 'ae'));
  if (filter.accountId) q = q.where('id', '=', filter.accountId);
  const rows = await q.orderBy('name').execute();
  return rows.map((r) => ({
    ...r,
    arr: r.arr === null ? null : Number(r.arr),
    health_score: r.health_score === null ? null : Number(r.health_score),
    expansion_note: r.expansion_note ?? null,
    expansion_amount: r.expansion_amount === null || r.expansion_amount === undefined ? null : Number(r.expansion_amount),
    ae_id: (r.ae_id as string | null) ?? null,
  }));
}

/** Feature requests of the account that shipped (for the CBR). */
export async function listShippedRequests(db: Executor, accountId: string) {
  return db.selectFrom('feature_requests').select(['title', 'shipped_in', 'shipped_at']).where('account_id', '=', accountId).where('status', '=', 'shipped').orderBy('shipped_at').execute();
}

/** The next planned CBR of the account, if one is on the calendar. */
export async function findNextCbr(db: Executor, accountId: string, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('meetings')
    .select('starts_at')
    .where('account_id', '=', accountId)
    .where('type', '=', 'cbr')
    .where('state', 'in', ['planned', 'agenda_sent'])
    .where('starts_at', '>=', now)
    .orderBy('starts_at')
    .executeTakeFirst();
  return row?.starts_at ?? null;
}

/** Live accounts in scope renewing in [from, to] (calendar dates, both included). */
export async function listRenewingAccounts(db: Executor, scope: AccountScope, from: string, to: string) {
  let q = db.selectFrom('accounts').select(['id', 'name', 'arr', 'renewal_date', 'health_colour', 'owner_id', 'stage']).where('archived_at', 'is', null).where('renewal_date', '>=', from).where('renewal_date', '<=', to);
  if (scope.kind === 'users') q = q.where('id', 'in', scopedAccountIds(db, scope.userIds));
  return q.execute();
}

/** Flags (or clears, with a null note) an expansion opportunity on the account. */
export async function saveExpansion(db: Executor, accountId: string, note: string | null, amount: number | null): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ expansion_note: note, expansion_amount: note === null ? null : amount })
    .where('id', '=', accountId)
    .execute();
}

/**
 * The account's expansion flag as saveExpansion stored it, with when it was last set: the newest
 * flag entry on the account's timeline. Undefined for an account that does not exist.
 */
export async function findExpansion(db: Executor, accountId: string): Promise<{ note: string | null; amount: number | null; flaggedAt: string | null } | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['expansion_note', 'expansion_amount'])
    .select((eb) =>
      eb
        .selectFrom('timeline_entries')
        .select('occurred_at')
        .whereRef('timeline_entries.account_id', '=', 'accounts.id')
        .where('timeline_entries.kind', '=', 'account.expansion_flagged')
        .orderBy('timeline_entries.occurred_at', 'desc')
        .orderBy('timeline_entries.id', 'desc')
        .limit(1)
        .as('flagged_at'),
    )
    .where('accounts.id', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  const note = row.expansion_note ?? null;
  return {
    note,
    amount: note === null || row.expansion_amount === null || row.expansion_amount === undefined ? null : Number(row.expansion_amount),
    flaggedAt: note === null ? null : ((row.flagged_at as string | null) ?? null),
  };
}
