import { sql } from 'kysely';
import type { Store } from './database.ts';

/**
 * The SQL behind backup and restore: an online copy of a SQLite file, the schema level, whether a
 * database is empty, and whether a Cadence server is connected to it.
 */

/**
 * A consistent copy of a live SQLite database into `file`, including writes still in the WAL.
 * VACUUM INTO reads inside one transaction, so writers carry on and the copy is of one moment.
 */
export async function copySqliteInto(store: Store, file: string): Promise<void> {
  await sql`VACUUM INTO ${file}`.execute(store.db);
}

/** The migrations applied to a database, oldest first (empty when none, or no migration table). */
export async function appliedMigrations(store: Store): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    return rows.rows.map((r) => r.name);
  } catch {
    return [];
  }
}

/** The tables a restore would write over: any at all in the target means it is not empty. */
export async function userTables(store: Store): Promise<string[]> {
  const rows =
    store.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(store.db)
      : await sql<{ name: string }>`select table_schema || '.' || table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`.execute(store.db);
  return rows.rows.map((r) => r.name);
}

/** Connections a running Cadence server holds on this PostgreSQL database (it names them). */
export async function serverConnections(store: Store, applicationName: string): Promise<number> {
  if (store.dialect !== 'postgres') return 0;
  const rows = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = ${applicationName} and pid <> pg_backend_pid()`.execute(store.db);
  return rows.rows[0]?.n ?? 0;
}
