import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Account, HealthColour, TeamMember, TeamRole } from '../domain/model.ts';
import type { AccountScope } from '../policies/access.ts';
import { compiledOnce, compiledPerShape } from './compiled-once.ts';
import type { Dialect, Executor } from './database.ts';
import type { AccountsTable } from './schema.ts';

export type AccountRow = AccountsTable;

export function toAccount(row: AccountRow, tags: string[], team: TeamMember[]): Account {
  return {
    id: row.id,
    name: row.name,
    segment: row.segment as Account['segment'],
    stage: row.stage as Account['stage'],
    deployment: row.deployment as Account['deployment'],
    productVersion: row.product_version,
    arr: row.arr === null ? null : Number(row.arr),
    renewalDate: row.renewal_date,
    contractStartDate: row.contract_start_date,
    licencesBought: row.licences_bought,
    licencesUsed: row.licences_used,
    ownerId: row.owner_id,
    timezone: row.timezone,
    securityAlertsOptIn: row.security_alerts_opt_in === 1,
    healthColour: row.health_colour as HealthColour | null,
    healthScore: row.health_score === null ? null : Number(row.health_score),
    externalId: row.external_id,
    crmId: row.crm_id,
    tags,
    team,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns of an account, from its domain shape (tags and team live in their own tables). */
export function toAccountRow(a: Account): AccountRow {
  return {
    id: a.id,
    name: a.name,
    segment: a.segment,
    stage: a.stage,
    deployment: a.deployment,
    product_version: a.productVersion,
    arr: a.arr,
    renewal_date: a.renewalDate,
    contract_start_date: a.contractStartDate,
    licences_bought: a.licencesBought,
    licences_used: a.licencesUsed,
    owner_id: a.ownerId,
    timezone: a.timezone,
    security_alerts_opt_in: a.securityAlertsOptIn ? 1 : 0,
    health_colour: a.healthColour,
    health_score: a.healthScore,
    external_id: a.externalId,
    crm_id: a.crmId,
    archived_at: a.archivedAt,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

// Asked for every page of accounts and every account read: the same SQL for each count of ids, built once.
const tagsQuery = compiledOnce((db: Executor, ids: readonly string[]) => db.selectFrom('account_tags').select(['account_id', 'tag']).where('account_id', 'in', ids).orderBy('tag'));
const teamQuery = compiledOnce((db: Executor, ids: readonly string[]) => db.selectFrom('account_team_members').select(['account_id', 'user_id', 'role']).where('account_id', 'in', ids).orderBy('role').orderBy('user_id'));

async function attachPeopleAndTags(db: Executor, rows: AccountRow[]): Promise<Account[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [tags, team] = await Promise.all([tagsQuery(db, ids), teamQuery(db, ids)]);
  const tagsBy = new Map<string, string[]>();
  for (const t of tags) {
    const list = tagsBy.get(t.account_id);
    if (list) list.push(t.tag);
    else tagsBy.set(t.account_id, [t.tag]);
  }
  const teamBy = new Map<string, TeamMember[]>();
  for (const m of team) {
    const member = { userId: m.user_id, role: m.role as TeamRole };
    const list = teamBy.get(m.account_id);
    if (list) list.push(member);
    else teamBy.set(m.account_id, [member]);
  }
  return rows.map((r) => toAccount(r, tagsBy.get(r.id) ?? [], teamBy.get(r.id) ?? []));
}

const accountQuery = compiledOnce((db: Executor, ids: readonly string[]) => db.selectFrom('accounts').selectAll().where('id', '=', ids[0]!));

export async function findAccount(db: Executor, id: string): Promise<Account | undefined> {
  const [row] = await accountQuery(db, [id]);
  return row ? (await attachPeopleAndTags(db, [row]))[0] : undefined;
}

/** Many accounts by id at once (a CRM pull's page), in chunks SQLite's parameter cap allows. */
export async function findAccountsByIds(db: Executor, ids: readonly string[]): Promise<Map<string, Account>> {
  const found = new Map<string, Account>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const a of await attachPeopleAndTags(db, rows)) found.set(a.id, a);
  }
  return found;
}

export async function findAccountsByExternalIds(db: Executor, externalIds: string[]): Promise<Map<string, Account>> {
  const found = new Map<string, Account>();
  // Chunked: SQLite caps bound parameters, and an import can carry thousands of lines.
  for (let i = 0; i < externalIds.length; i += 500) {
    const chunk = externalIds.slice(i, i + 500);
    const rows = await db.selectFrom('accounts').selectAll().where('external_id', 'in', chunk).execute();
    for (const a of await attachPeopleAndTags(db, rows)) if (a.externalId) found.set(a.externalId, a);
  }
  return found;
}

export async function insertAccount(db: Executor, account: Account): Promise<void> {
  await db.insertInto('accounts').values(toAccountRow(account)).execute();
  await replaceTags(db, account.id, account.tags);
  await replaceTeam(db, account.id, account.team);
}

/** Writes every column of the account, and its tags and team when they changed. */
export async function saveAccount(db: Executor, before: Account, after: Account): Promise<void> {
  const { id, ...columns } = toAccountRow(after);
  await db.updateTable('accounts').set(columns).where('id', '=', id).execute();
  if (JSON.stringify(before.tags) !== JSON.stringify(after.tags)) await replaceTags(db, id, after.tags);
  if (JSON.stringify(before.team) !== JSON.stringify(after.team)) await replaceTeam(db, id, after.team);
}

async function replaceTags(db: Executor, accountId: string, tags: string[]): Promise<void> {
  await db.deleteFrom('account_tags').where('account_id', '=', accountId).execute();
  const unique = [...new Set(tags)];
  if (unique.length)
    await db
      .insertInto('account_tags')
      .values(unique.map((tag) => ({ account_id: accountId, tag })))
      .execute();
}

async function replaceTeam(db: Executor, accountId: string, team: TeamMember[]): Promise<void> {
  await db.deleteFrom('account_team_members').where('account_id', '=', accountId).execute();
  const unique = [...new Map(team.map((m) => [`${m.userId}:${m.role}`, m])).values()];
  if (unique.length) {
    await db
      .insertInto('account_team_members')
      .values(unique.map((m) => ({ account_id: accountId, user_id: m.userId, role: m.role })))
      .execute();
  }
}

export const ACCOUNT_SORTS = ['name', 'arr', 'renewal', 'updated', 'created', 'next_call', 'last_call', 'overdue', 'health', 'risks', 'segment', 'stage', 'owner', 'tags', 'deployment', 'external_id'] as const;
export type AccountSortKey = (typeof ACCOUNT_SORTS)[number];

export interface AccountFilter {
  scope: AccountScope;
  q?: string;
  ownerIds?: string[];
  segment?: string[];
  stage?: string[];
  deployment?: string[];
  tag?: string[];
  renewalFrom?: string;
  renewalTo?: string;
  archived?: 'exclude' | 'include' | 'only';
  /** Health colours; `unknown` for accounts not scored yet. */
  health?: string[];
  /** Only accounts whose next call is at least this many days late (1: every overdue account). */
  overdueMin?: number;
  /** `open`: accounts with an open risk; `none`: without. */
  risks?: 'open' | 'none';
  /** Held on or after this instant. */
  lastCallFrom?: string;
  /** Held before this instant. */
  lastCallBefore?: string;
  nextCallFrom?: string;
  nextCallTo?: string;
  arrMin?: number;
  arrMax?: number;
}

export interface AccountPageRequest {
  sort: AccountSortKey;
  descending: boolean;
  limit: number;
  /** The sort value and id of the last row of the previous page. */
  after?: { value: string | number; id: string };
}

/**
 * Null-safe sort expressions: nulls sort last in either direction, and the same expression is
 * used for ORDER BY and for the keyset cursor, so pages never skip or repeat a row.
 */
function sortExpression(sort: AccountSortKey, descending: boolean): RawBuilder<string | number> {
  switch (sort) {
    case 'name':
      return sql<string>`lower(accounts.name)`;
    case 'arr':
      return descending ? sql<number>`coalesce(accounts.arr, -1)` : sql<number>`coalesce(accounts.arr, 1e15)`;
    case 'renewal':
      return descending ? sql<string>`coalesce(accounts.renewal_date, '0000-00-00')` : sql<string>`coalesce(accounts.renewal_date, '9999-12-31')`;
    case 'updated':
      return sql<string>`accounts.updated_at`;
    case 'created':
      return sql<string>`accounts.created_at`;
    case 'next_call':
      // Accounts with no recurring calls (or not computed yet) sort last either way.
      return descending
        ? sql<string>`coalesce((select next_call_due from account_cadence c where c.account_id = accounts.id), '0000-00-00')`
        : sql<string>`coalesce((select next_call_due from account_cadence c where c.account_id = accounts.id), '9999-12-31')`;
    case 'last_call':
      // The cadence store's denormalised last held call; never called sorts last either way.
      return descending
        ? sql<string>`coalesce((select last_call_at from account_cadence c where c.account_id = accounts.id), '0000')`
        : sql<string>`coalesce((select last_call_at from account_cadence c where c.account_id = accounts.id), '9999')`;
    case 'overdue':
      return sql<number>`coalesce((select overdue_days from account_cadence c where c.account_id = accounts.id), 0)`;
    case 'health':
      return descending ? sql<number>`coalesce(accounts.health_score, -1)` : sql<number>`coalesce(accounts.health_score, 1000)`;
    case 'risks':
      return sql<number>`(select count(*) from risks r where r.account_id = accounts.id and r.status <> 'closed')`;
    case 'segment':
      return sql<string>`accounts.segment`;
    case 'stage':
      return sql<string>`accounts.stage`;
    case 'deployment':
      return sql<string>`accounts.deployment`;
    case 'external_id':
      return sql<string>`coalesce(accounts.external_id, '')`;
    case 'owner':
      // By the owner's name; unassigned accounts sort last either way.
      return descending ? sql<string>`coalesce((select lower(u.name) from users u where u.id = accounts.owner_id), '')` : sql<string>`coalesce((select lower(u.name) from users u where u.id = accounts.owner_id), '~~~~')`;
    case 'tags':
      // By the first tag in alphabetical order; untagged accounts sort last either way.
      return descending ? sql<string>`coalesce((select min(t.tag) from account_tags t where t.account_id = accounts.id), '')` : sql<string>`coalesce((select min(t.tag) from account_tags t where t.account_id = accounts.id), '~~~~')`;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Ids of the accounts these users own or sit on the team of. */
export function scopedAccountIds(db: Executor, userIds: string[]) {
  return db
    .selectFrom('accounts')
    .select('id as account_id')
    .where('owner_id', 'in', userIds)
    .union(db.selectFrom('account_team_members').select('account_id').where('user_id', 'in', userIds));
}

export async function listScopedAccountIds(db: Executor, userIds: string[]): Promise<string[]> {
  return (await scopedAccountIds(db, userIds).execute()).map((r) => r.account_id);
}

/**
 * What decides the SQL of a page of accounts: the sort, and which filters are given with how many
 * values each. The accounts page asks the same few shapes all day (issue #16), so each is built and
 * compiled by Kysely once and then run with the request's values.
 */
interface AccountPageShape {
  sort: AccountSortKey;
  descending: boolean;
  /** Users in scope when the scope needs the owner-or-team look-up. */
  scope: number | null;
  archived: 'exclude' | 'include' | 'only';
  owners: number;
  segments: number;
  stages: number;
  deployments: number;
  renewalFrom: boolean;
  renewalTo: boolean;
  tags: number;
  colours: number;
  unknownHealth: boolean;
  arrMin: boolean;
  arrMax: boolean;
  overdueMin: boolean;
  lastCallFrom: boolean;
  lastCallBefore: boolean;
  nextCallFrom: boolean;
  nextCallTo: boolean;
  risks: 'open' | 'none' | null;
  q: boolean;
  after: boolean;
}

const pageShapeKey = (s: AccountPageShape): string => Object.values(s).join('|');

// Values in the order of the shape's fields: the scope's users, owners, segments, stages,
// deployments, renewal from and to, tags, colours, ARR min and max, overdue days, last call from
// and before, next call from and to, the search (its text, then its LIKE pattern), the cursor's value and id, the limit.
const accountPageQuery = compiledPerShape(pageShapeKey, (db: Executor, shape: AccountPageShape, values: readonly unknown[]) => {
  let at = 0;
  const take = <T = string>(n: number) => values.slice(at, (at += n)) as T[];
  const one = <T = string>() => values[at++] as T;
  const order = sortExpression(shape.sort, shape.descending);
  const direction = shape.descending ? 'desc' : 'asc';
  let query = db
    .selectFrom('accounts')
    .selectAll('accounts')
    .select(order.as('sort_key') as never);
  // A UNION of two indexed look-ups: an OR across owner and team makes PostgreSQL scan every account.
  if (shape.scope !== null) query = query.where('accounts.id', 'in', scopedAccountIds(db, take(shape.scope)));
  if (shape.archived === 'exclude') query = query.where('accounts.archived_at', 'is', null);
  if (shape.archived === 'only') query = query.where('accounts.archived_at', 'is not', null);
  if (shape.owners) query = query.where('accounts.owner_id', 'in', take(shape.owners));
  if (shape.segments) query = query.where('accounts.segment', 'in', take(shape.segments));
  if (shape.stages) query = query.where('accounts.stage', 'in', take(shape.stages));
  if (shape.deployments) query = query.where('accounts.deployment', 'in', take(shape.deployments));
  if (shape.renewalFrom) query = query.where('accounts.renewal_date', '>=', one());
  if (shape.renewalTo) query = query.where('accounts.renewal_date', '<=', one());
  if (shape.tags) query = query.where('accounts.id', 'in', db.selectFrom('account_tags').select('account_id').where('tag', 'in', take(shape.tags)));
  if (shape.colours || shape.unknownHealth) {
    const colours = take(shape.colours);
    query = query.where((eb) => eb.or([...(colours.length ? [eb('accounts.health_colour', 'in', colours)] : []), ...(shape.unknownHealth ? [eb('accounts.health_colour', 'is', null)] : [])]));
  }
  if (shape.arrMin) query = query.where('accounts.arr', '>=', one<number>());
  if (shape.arrMax) query = query.where('accounts.arr', '<=', one<number>());
  if (shape.overdueMin) query = query.where('accounts.id', 'in', db.selectFrom('account_cadence').select('account_id').where('overdue_days', '>=', one<number>()));
  if (shape.lastCallFrom || shape.lastCallBefore) {
    let cadence = db.selectFrom('account_cadence').select('account_id').where('last_call_at', 'is not', null);
    if (shape.lastCallFrom) cadence = cadence.where('last_call_at', '>=', one());
    if (shape.lastCallBefore) cadence = cadence.where('last_call_at', '<', one());
    query = query.where('accounts.id', 'in', cadence);
  }
  if (shape.nextCallFrom || shape.nextCallTo) {
    let cadence = db.selectFrom('account_cadence').select('account_id').where('next_call_due', 'is not', null);
    if (shape.nextCallFrom) cadence = cadence.where('next_call_due', '>=', one());
    if (shape.nextCallTo) cadence = cadence.where('next_call_due', '<=', one());
    query = query.where('accounts.id', 'in', cadence);
  }
  if (shape.risks) {
    const withOpen = db.selectFrom('risks').select('account_id').where('status', '!=', 'closed');
    query = query.where('accounts.id', shape.risks === 'open' ? 'in' : 'not in', withOpen);
  }
  if (shape.q) {
    const q = one();
    const pattern = one();
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(accounts.name)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(coalesce(accounts.external_id, ''))`, 'like', sql`${pattern} escape '\\'`),
        eb('accounts.id', 'in', eb.selectFrom('account_tags').select('account_id').where('tag', '=', q)),
        // The people too: a contact's name or e-mail finds their account.
        eb(
          'accounts.id',
          'in',
          eb
            .selectFrom('contacts')
            .select('contacts.account_id')
            .where((c) => c.or([c(sql`lower(contacts.name)`, 'like', sql`${pattern} escape '\\'`), c(sql`lower(coalesce(contacts.email, ''))`, 'like', sql`${pattern} escape '\\'`)])),
        ),
      ]),
    );
  }
  if (shape.after) {
    const value = one<string | number>();
    const id = one();
    const cmp = shape.descending ? '<' : '>';
    query = query.where((eb) => eb.or([eb(order, cmp, value), eb.and([eb(order, '=', value), eb('accounts.id', cmp, id)])]) as Expression<SqlBool>);
  }
  return query.orderBy(order, direction).orderBy('accounts.id', direction).limit(one<number>());
});

/** One page of the book of business, filtered by what the actor may see and asked for. */
export async function listAccounts(db: Executor, filter: AccountFilter, page: AccountPageRequest): Promise<(Account & { sortKey: string | number })[]> {
  const scope = filter.scope;
  // Owned by someone in scope is already in scope (owner=me, a manager's report): the UNION would
  // only repeat the owner filter, and cost a third of the page's SQL (issue #16).
  const ownersInScope = scope.kind === 'users' && !!filter.ownerIds?.length && filter.ownerIds.every((id) => scope.userIds.includes(id));
  const scopeIds = scope.kind === 'users' && !ownersInScope ? scope.userIds : null;
  const tags = (filter.tag ?? []).map((t) => t.toLowerCase());
  const colours = (filter.health ?? []).filter((h) => h !== 'unknown');
  const q = filter.q?.toLowerCase();
  const shape: AccountPageShape = {
    sort: page.sort,
    descending: page.descending,
    scope: scopeIds ? scopeIds.length : null,
    archived: filter.archived ?? 'exclude',
    owners: filter.ownerIds?.length ?? 0,
    segments: filter.segment?.length ?? 0,
    stages: filter.stage?.length ?? 0,
    deployments: filter.deployment?.length ?? 0,
    renewalFrom: !!filter.renewalFrom,
    renewalTo: !!filter.renewalTo,
    tags: tags.length,
    colours: colours.length,
    unknownHealth: !!filter.health?.includes('unknown'),
    arrMin: filter.arrMin !== undefined,
    arrMax: filter.arrMax !== undefined,
    overdueMin: filter.overdueMin !== undefined,
    lastCallFrom: !!filter.lastCallFrom,
    lastCallBefore: !!filter.lastCallBefore,
    nextCallFrom: !!filter.nextCallFrom,
    nextCallTo: !!filter.nextCallTo,
    risks: filter.risks ?? null,
    q: !!q,
    after: !!page.after,
  };
  const values: unknown[] = [...(scopeIds ?? []), ...(filter.ownerIds ?? []), ...(filter.segment ?? []), ...(filter.stage ?? []), ...(filter.deployment ?? [])];
  if (shape.renewalFrom) values.push(filter.renewalFrom);
  if (shape.renewalTo) values.push(filter.renewalTo);
  values.push(...tags, ...colours);
  if (shape.arrMin) values.push(filter.arrMin);
  if (shape.arrMax) values.push(filter.arrMax);
  if (shape.overdueMin) values.push(filter.overdueMin);
  if (shape.lastCallFrom) values.push(filter.lastCallFrom);
  if (shape.lastCallBefore) values.push(filter.lastCallBefore);
  if (shape.nextCallFrom) values.push(filter.nextCallFrom);
  if (shape.nextCallTo) values.push(filter.nextCallTo);
  if (q) values.push(q, `%${escapeLike(q)}%`);
  if (page.after) values.push(page.after.value, page.after.id);
  values.push(page.limit);
  const rows = (await accountPageQuery(db, shape, values)) as (AccountRow & { sort_key: string | number })[];
  const keys = new Map(rows.map((r) => [r.id, typeof r.sort_key === 'string' ? r.sort_key : Number(r.sort_key)]));
  const accounts = await attachPeopleAndTags(
    db,
    rows.map(({ sort_key: _k, ...row }) => row),
  );
  // The cursor carries the value the database sorted by, so the next page starts exactly after it.
  return accounts.map((a) => ({ ...a, sortKey: keys.get(a.id)! }));
}

export async function countAccounts(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every account's name, archived ones too, whoever asks: what an export's file names are decided over. */
export async function listAccountNames(db: Executor): Promise<{ id: string; name: string; createdAt: string }[]> {
  return db.selectFrom('accounts').select(['id', 'name', 'created_at as createdAt']).orderBy('created_at').orderBy('id').execute();
}

/**
 * Holds accounts for the rest of the transaction on PostgreSQL (SQLite's one writer serialises
 * already), in id order so two holders never wait on each other: two handoffs of one account, or
 * a customer ticking off several of their items at once, run one after the other.
 */
export async function lockAccounts(db: Executor, dialect: Dialect, ids: readonly string[]): Promise<void> {
  if (dialect !== 'postgres' || ids.length === 0) return;
  const sorted = [...ids].sort();
  for (let i = 0; i < sorted.length; i += 500) {
    await sql`select id from accounts where id in (${sql.join(sorted.slice(i, i + 500))}) order by id for update`.execute(db);
  }
}
