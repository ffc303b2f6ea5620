import { loadConfig, type Config } from '../config.ts';
import { createDeps, type Deps } from '../deps.ts';
import type { CliIo } from './io.ts';
import { migrateDatabase } from '../services/setup/database.ts';

/**
 * Opens the configured database (migrated to the latest schema) for one CLI command and always
 * closes it, so the process exits on its own.
 */
export async function withDeps<T>(io: CliIo, run: (deps: Deps) => Promise<T>, overrides: Partial<Config> = {}): Promise<T> {
  const config = loadConfig(io.env, overrides);
  const deps = createDeps(config);
  try {
    await migrateDatabase(deps);
    return await run(deps);
  } finally {
    await deps.store.destroy();
  }
}
