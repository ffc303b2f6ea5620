import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { getAccount, listAccounts } from '../services/accounts/accounts.ts';
import { LOCAL_OPERATOR, getUserByEmail } from '../services/users/users.ts';
import type { User } from '../domain/model.ts';

/** An account by id, external id or exact name, as people type it on a command line. */
export async function resolveAccountRef(deps: Deps, ref: string, option = '--account'): Promise<string> {
  const byId = await getAccount(deps, LOCAL_OPERATOR, ref).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  });
  if (byId) return byId.id;
  const page = await listAccounts(deps, LOCAL_OPERATOR, { q: ref, limit: 50, archived: 'include' });
  const match = page.items.find((a) => a.externalId === ref) ?? page.items.find((a) => a.name.toLowerCase() === ref.toLowerCase());
  if (match) return match.id;
  throw new AppError('invalid', `${option}: no account '${ref}' (give its id, external id or exact name)`);
}

/** A user by email; a wrong address names the option it came from. */
export async function resolveUserEmail(deps: Deps, email: string, option: string): Promise<User> {
  return getUserByEmail(deps, email).catch(() => {
    throw new AppError('invalid', `${option} ${email} is not a user`);
  });
}
