import type { Role, User } from '../domain/model.ts';
import { compiledOnce } from './compiled-once.ts';
import type { Executor } from './database.ts';
import type { UsersTable } from './schema.ts';

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    timezone: row.timezone,
    managerId: row.manager_id,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertUser(db: Executor, user: User, passwordHash: string | null): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      timezone: user.timezone,
      manager_id: user.managerId,
      password_hash: passwordHash,
      active: user.active ? 1 : 0,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    })
    .execute();
}

// My day and every service that checks a user ask it: built and compiled once (issue #16).
const userQuery = compiledOnce((db: Executor, ids: readonly string[]) => db.selectFrom('users').selectAll().where('id', '=', ids[0]!));

export async function findUser(db: Executor, id: string): Promise<User | undefined> {
  const [row] = await userQuery(db, [id]);
  return row ? toUser(row) : undefined;
}

export async function findUserByEmail(db: Executor, email: string): Promise<(User & { passwordHash: string | null }) | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
}

export async function findUsersByEmails(db: Executor, emails: string[]): Promise<Map<string, User>> {
  if (emails.length === 0) return new Map();
  const rows = await db.selectFrom('users').selectAll().where('email', 'in', emails).execute();
  return new Map(rows.map((r) => [r.email, toUser(r)]));
}

export async function listUsers(db: Executor): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('name').execute();
  return rows.map(toUser);
}

export async function listReportIds(db: Executor, managerId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('manager_id', '=', managerId).execute();
  return rows.map((r) => r.id);
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updatePasswordHash(db: Executor, userId: string, hash: string, at: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash, updated_at: at }).where('id', '=', userId).execute();
}

export async function setUserActive(db: Executor, userId: string, active: boolean, at: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ active: active ? 1 : 0, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

/** Live accounts whose owner is deactivated: the "needs a new owner" list. */
export async function listAccountsOwnedByInactiveUsers(db: Executor) {
  return db
    .selectFrom('accounts')
    .innerJoin('users', 'users.id', 'accounts.owner_id')
    .select(['accounts.id as accountId', 'accounts.name as accountName', 'users.id as ownerId', 'users.email as ownerEmail', 'users.name as ownerName'])
    .where('users.active', '=', 0)
    .where('accounts.archived_at', 'is', null)
    .orderBy('accounts.name')
    .execute();
}

export async function updateUserProfile(db: Executor, userId: string, changes: { name: string; role: Role }, at: string): Promise<void> {
  await db.updateTable('users').set({ name: changes.name, role: changes.role, updated_at: at }).where('id', '=', userId).execute();
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
