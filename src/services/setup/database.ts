import type { Deps } from '../../deps.ts';
import type { AppError } from '../../errors.ts';
import { isReachable, migrateToLatest } from '../../store/database.ts';
import { fromDatabaseError } from '../../store/db-errors.ts';

/**
 * The database's own life cycle, for the server's start, `/readyz` and the CLI, which never reach
 * the store themselves.
 */

/** Brings the schema up to date; answers the names of the migrations it applied. */
export async function migrateDatabase(deps: Pick<Deps, 'store'>): Promise<string[]> {
  return migrateToLatest(deps.store.db);
}

/** Whether the database answers, for the readiness probe. */
export async function isDatabaseReady(deps: Pick<Deps, 'store'>): Promise<boolean> {
  return isReachable(deps.store.db);
}

/** A clash a user caused (a unique value taken, perhaps by a concurrent writer) as a 409; else undefined. */
export function conflictFromDatabaseError(err: unknown): AppError | undefined {
  return fromDatabaseError(err);
}
