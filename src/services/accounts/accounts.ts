import { changedFields, summariseChange, type AccountCreate, type AccountUpdate } from '../../domain/account/accounts.ts';
import type { Account, AccountActivity, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { invalid, notFound } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { canAssignOwner, canEditAccount, canReadAccount, defaultOwnerFor } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { ACCOUNT_SORTS, findAccount, insertAccount, listAccounts as listAccountRows, saveAccount, type AccountFilter, type AccountSortKey } from '../../store/accounts.repo.ts';
import { activityOf } from '../../store/account-activity.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findUser } from '../../store/users.repo.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { recordChange } from '../record-change.ts';
import { getActiveColleague } from '../users/active-colleague.ts';

/** Loads an account the actor may see; one the actor may not see is reported as missing. */
export async function getAccount(deps: Deps, actor: Actor, id: string, db: Executor = deps.store.db): Promise<Account> {
  const account = await findAccount(db, id);
  if (!account || !canReadAccount(actor, account)) throw notFound('account');
  return account;
}

async function checkPeople(db: Executor, ownerId: string | null | undefined, team: { userId: string }[] | undefined): Promise<void> {
  if (ownerId) {
    await getActiveColleague(db, ownerId, 'ownerId', `ownerId ${ownerId}`);
  }
  for (const [i, m] of (team ?? []).entries()) {
    if (!(await findUser(db, m.userId))) throw invalid(`team.${i}.userId ${m.userId} is not a user`, `team.${i}.userId`);
  }
}

/** Builds the account a create request describes (no I/O; used by the API and the CSV import). */
export function newAccount(input: AccountCreate, id: string, at: string, defaultOwnerId: string | null): Account {
  return {
    id,
    name: input.name,
    segment: input.segment,
    stage: input.stage,
    deployment: input.deployment,
    productVersion: input.productVersion ?? null,
    arr: input.arr ?? null,
    renewalDate: input.renewalDate ?? null,
    contractStartDate: input.contractStartDate ?? null,
    licencesBought: input.licencesBought ?? null,
    licencesUsed: input.licencesUsed ?? null,
    ownerId: input.ownerId === undefined ? defaultOwnerId : input.ownerId,
    timezone: input.timezone ?? 'UTC',
    securityAlertsOptIn: input.securityAlertsOptIn ?? false,
    healthColour: null,
    healthScore: null,
    externalId: input.externalId ?? null,
    crmId: input.crmId ?? null,
    tags: [...new Set(input.tags ?? [])].sort(),
    team: input.team ?? [],
    archivedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Applies an update request to an account (no I/O). */
export function applyAccountUpdate(account: Account, patch: AccountUpdate, at: string): Account {
  const next: Account = { ...account, updatedAt: at };
  for (const [key, value] of Object.entries(patch) as [keyof AccountUpdate, unknown][]) {
    if (value === undefined) continue;
    if (key === 'tags') next.tags = [...new Set(value as string[])].sort();
    else (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}

export async function createAccount(deps: Deps, actor: Actor, input: AccountCreate, tx?: Executor): Promise<Account> {
  const ownerId = input.ownerId === undefined ? defaultOwnerFor(actor) : input.ownerId;
  authorize(canAssignOwner(actor, ownerId), 'you may not create an account for this owner');
  const run = async (db: Executor) => {
    await checkPeople(db, ownerId, input.team);
    // Every account gets an external id (its own id when none is given), so an export re-imports unchanged.
    const id = deps.newId();
    const account = newAccount({ ...input, ownerId, externalId: input.externalId ?? id }, id, deps.now().toISOString(), null);
    await insertAccount(db, account);
    await recordChange(db, deps, actor, {
      accountId: account.id,
      action: 'account.created',
      entityType: 'account',
      entityId: account.id,
      before: null,
      after: account,
      summary: `Account ${account.name} created`,
    });
    return account;
  };
  return tx ? run(tx) : deps.store.db.transaction().execute(run);
}

export async function updateAccount(deps: Deps, actor: Actor, id: string, patch: AccountUpdate): Promise<Account> {
  let rescore = false;
  let peopleChanged = false;
  const saved = await deps.store.db.transaction().execute(async (tx) => {
    const before = await getAccount(deps, actor, id, tx);
    authorize(canEditAccount(actor, before), 'you may not edit this account');
    if (patch.ownerId !== undefined && patch.ownerId !== before.ownerId) authorize(canAssignOwner(actor, patch.ownerId), 'you may not give this account to that owner');
    await checkPeople(tx, patch.ownerId, patch.team);
    const after = applyAccountUpdate(before, patch, deps.now().toISOString());
    // Stage (at risk is never green) and ARR (the share a risk puts at risk) feed health.
    rescore = after.stage !== before.stage || after.arr !== before.arr;
    peopleChanged = after.ownerId !== before.ownerId || JSON.stringify(after.team) !== JSON.stringify(before.team);
    return saveIfChanged(deps, actor, tx, before, after, 'account.updated');
  });
  // Health scoring and live notes (with Yjs) are imported by the edit that needs them, not with this
  // module: every command that reads accounts imports it, and `cadence due` now loads 49 of our
  // modules instead of 81 (issue #16).
  if (rescore) await (await import('../health/health.ts')).rescoreAccount(deps, saved.id, 'a stage or ARR change');
  // Someone who left the team may have the account's live notes open: they are checked again.
  if (peopleChanged) await (await import('../live-notes/access-changes.ts')).announceAccessChange(deps, { accountIds: [saved.id] });
  return saved;
}

async function saveIfChanged(deps: Deps, actor: Actor, tx: Executor, before: Account, after: Account, action: string): Promise<Account> {
  const fields = changedFields(before, after).filter((f) => f !== 'updatedAt');
  if (fields.length === 0) return before;
  await saveAccount(tx, before, after);
  await recordChange(tx, deps, actor, {
    accountId: after.id,
    action,
    entityType: 'account',
    entityId: after.id,
    before: Object.fromEntries(fields.map((f) => [f, before[f]])),
    after: Object.fromEntries(fields.map((f) => [f, after[f]])),
    summary: summariseChange(before, after, fields),
  });
  return after;
}

/** Archives (or, with `archived: false`, restores) an account; its history stays. */
export async function setAccountArchived(deps: Deps, actor: Actor, id: string, archived: boolean): Promise<Account> {
  return deps.store.db.transaction().execute(async (tx) => {
    const before = await getAccount(deps, actor, id, tx);
    authorize(canEditAccount(actor, before), 'you may not archive this account');
    const at = deps.now().toISOString();
    const after = { ...before, archivedAt: archived ? (before.archivedAt ?? at) : null, updatedAt: at };
    return saveIfChanged(deps, actor, tx, before, after, archived ? 'account.archived' : 'account.restored');
  });
}

export interface AccountListQuery {
  q?: string;
  owner?: string[];
  segment?: string[];
  stage?: string[];
  deployment?: string[];
  tag?: string[];
  renewalFrom?: string;
  renewalTo?: string;
  archived?: 'exclude' | 'include' | 'only';
  health?: string[];
  overdueMin?: number;
  risks?: 'open' | 'none';
  renewalWithinDays?: number;
  lastCallFrom?: string;
  lastCallTo?: string;
  nextCallFrom?: string;
  nextCallTo?: string;
  arrMin?: number;
  arrMax?: number;
  sort?: string;
  cursor?: string;
  limit?: number;
}

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The store's filter for a list query: `me` is the actor, a renewal window counts from today. */
export function accountFilterFor(actor: Actor, query: AccountListQuery, now: Date): AccountFilter {
  const today = now.toISOString().slice(0, 10);
  const withinTo = query.renewalWithinDays === undefined ? undefined : addDays(today, query.renewalWithinDays);
  const later = (a: string | undefined, b: string | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));
  const sooner = (a: string | undefined, b: string | undefined) => (a && b ? (a < b ? a : b) : (a ?? b));
  return {
    scope: accountScopeFor(actor),
    q: query.q?.trim() || undefined,
    ownerIds: query.owner?.map((o) => (o === 'me' ? (actor.id ?? '') : o)),
    segment: query.segment,
    stage: query.stage,
    deployment: query.deployment,
    tag: query.tag,
    renewalFrom: later(query.renewalFrom, withinTo ? today : undefined),
    renewalTo: sooner(query.renewalTo, withinTo),
    archived: query.archived,
    health: query.health,
    overdueMin: query.overdueMin,
    risks: query.risks,
    lastCallFrom: query.lastCallFrom,
    // A calendar date as the end takes in the whole day.
    lastCallBefore: query.lastCallTo ? addDays(query.lastCallTo, 1) : undefined,
    nextCallFrom: query.nextCallFrom,
    nextCallTo: query.nextCallTo,
    arrMin: query.arrMin,
    arrMax: query.arrMax,
  };
}

export function parseSort(sort: string | undefined): { key: AccountSortKey; descending: boolean } {
  const raw = sort ?? 'name';
  const descending = raw.startsWith('-');
  const key = descending ? raw.slice(1) : raw;
  if (!(ACCOUNT_SORTS as readonly string[]).includes(key)) {
    throw invalid(`sort must be one of ${ACCOUNT_SORTS.join(', ')} (prefix - for descending)`, 'sort');
  }
  return { key: key as AccountSortKey, descending };
}

/** One page of the book of business the actor may see, with the cursor of the next page. */
export async function listAccounts(deps: Deps, actor: Actor, query: AccountListQuery): Promise<{ items: Account[]; nextCursor: string | null }> {
  const { key, descending } = parseSort(query.sort);
  const limit = query.limit ?? 50;
  const filter = accountFilterFor(actor, query, deps.now());
  const after = query.cursor ? decodeCursor(query.cursor, `${key}:${descending}`) : undefined;
  const rows = await listAccountRows(deps.store.db, filter, { sort: key, descending, limit: limit + 1, after });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(`${key}:${descending}`, last.sortKey, last.id) : null;
  return { items: page.map(({ sortKey: _k, ...account }) => account), nextCursor };
}

/** The same page, each account with its last call, next call, open risks and cadence state. */
export async function listAccountsWithActivity(deps: Deps, actor: Actor, query: AccountListQuery): Promise<{ items: (Account & { activity: AccountActivity })[]; nextCursor: string | null }> {
  const page = await listAccounts(deps, actor, query);
  const activity = await activityOf(
    deps.store.db,
    page.items.map((a) => a.id),
    deps.now().toISOString(),
  );
  return { items: page.items.map((a) => ({ ...a, activity: activity.get(a.id)! })), nextCursor: page.nextCursor };
}
