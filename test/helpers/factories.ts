import type { Actor, Role, User } from '../../src/domain/model.ts';
import type { Deps } from '../../src/deps.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { LOCAL_OPERATOR, actorFor, addUser } from '../../src/services/users.ts';

let counter = 0;

/** A user of the role, with a password, and the actor they act as. */
export async function makeUser(deps: Deps, role: Role, extra: { managerId?: string; email?: string } = {}): Promise<{ user: User; actor: Actor; password: string }> {
  counter += 1;
  const password = 'correct horse battery';
  const user = await addUser(deps, LOCAL_OPERATOR, {
    email: extra.email ?? `${role}${counter}@example.com`,
    name: `${role[0]?.toUpperCase()}${role.slice(1)} ${counter}`,
    role,
    managerId: extra.managerId ?? null,
    password,
  });
  return { user, actor: await actorFor(deps, user), password };
}

export async function makeAccount(deps: Deps, fields: Record<string, unknown> = {}) {
  counter += 1;
  return createAccount(deps, LOCAL_OPERATOR, { name: `Account ${counter}`, segment: 'enterprise', stage: 'steady', ...fields });
}
