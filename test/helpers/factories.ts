import type { Actor, Contact, Role, User } from '../../src/domain/model.ts';
import type { Deps } from '../../src/deps.ts';
import { AccountCreateSchema } from '../../src/domain/account/accounts.ts';
import { UserCreateSchema } from '../../src/domain/users.ts';
import { createAccount } from '../../src/services/accounts/accounts.ts';
import { LOCAL_OPERATOR, actorFor, addUser } from '../../src/services/users/users.ts';
import { insertContact } from '../../src/store/contacts.repo.ts';

let counter = 0;

/** A user of the role, with a password, and the actor they act as. */
export async function makeUser(deps: Deps, role: Role, extra: { managerId?: string; email?: string } = {}): Promise<{ user: User; actor: Actor; password: string }> {
  counter += 1;
  const password = 'correct horse battery';
  const user = await addUser(
    deps,
    LOCAL_OPERATOR,
    UserCreateSchema.parse({
      email: extra.email ?? `${role}${counter}@example.com`,
      name: `${role[0]?.toUpperCase()}${role.slice(1)} ${counter}`,
      role,
      managerId: extra.managerId ?? null,
      password,
    }),
  );
  return { user, actor: await actorFor(deps, user), password };
}

export async function makeAccount(deps: Deps, fields: Record<string, unknown> = {}) {
  counter += 1;
  // Parsed as the API would, so a test's fields get the same defaults and checks.
  return createAccount(deps, LOCAL_OPERATOR, AccountCreateSchema.parse({ name: `Account ${counter}`, segment: 'enterprise', stage: 'steady', ...fields }));
}

/**
 * A contact put straight into the store, as an import or the demo data would: no timeline entry and
 * no health rescore, for tests that set an account up before the thing they measure.
 */
export async function makeContact(deps: Deps, accountId: string, fields: Partial<Contact> & Pick<Contact, 'name' | 'role'>): Promise<Contact> {
  const at = deps.now().toISOString();
  const contact: Contact = { id: deps.newId(), accountId, email: null, title: null, status: 'active', phone: null, externalId: null, archivedAt: null, createdAt: at, updatedAt: at, ...fields };
  await insertContact(deps.store.db, contact);
  return contact;
}
