import type { User } from '../../domain/model.ts';
import { invalid } from '../../errors.ts';
import type { Executor } from '../../store/database.ts';
import { findUser } from '../../store/users.repo.ts';

/**
 * The colleague a record is given to (an account's owner, a risk's or an action item's owner, a
 * shadowing pair): an active user, or a 400 naming the field. `label` is how the message names it.
 */
export async function getActiveColleague(db: Executor, userId: string, field: string, label = field): Promise<User> {
  const user = await findUser(db, userId);
  if (!user || !user.active) throw invalid(`${label} is not an active user`, field);
  return user;
}
