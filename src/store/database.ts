import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, NO_MIGRATIONS, PostgresDialect, sql, type Migration, type MigrationProvider, type MigrationResultSet, type Transaction } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';
import { FifoSqliteDialect } from './sqlite-driver.ts';

// Each driver is loaded only for its own dialect, so a SQLite install never loads pg and a short CLI
// command starts quickly (issue #16); require keeps openStore synchronous, and both drivers are CommonJS.
const require = createRequire(import.meta.url);

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
/** What a repo function takes first: the database or an open transaction, as the service decides. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface Store {
  readonly db: Db;
  readonly dialect: Dialect;
  destroy(): Promise<void>;
}

function loadPg(): typeof pg {
  const driver = require('pg') as typeof pg;
  // PostgreSQL's int8 (count(*), sums) arrives as a string by default; our counts fit in a double.
  driver.types.setTypeParser(20, (v) => Number(v));
  return driver;
}

export interface StoreOptions {
  /** PostgreSQL's application_name for the connections: a running server names its own, so restore can see it. */
  applicationName?: string;
  /** SQLite's synchronous pragma: NORMAL (the default, safe against crashes) or FULL (safe against power loss). */
  sqliteSync?: 'normal' | 'full';
}

/**
 * Opens the store for a postgres:// URL or a SQLite file path. A new SQLite file and its folder are
 * created readable by this user only (0600/0700): customer notes live in it.
 */
export function openStore(databaseUrl: string, options: StoreOptions = {}): Store {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pool = new (loadPg().Pool)({ connectionString: databaseUrl, max: 10, ...(options.applicationName ? { application_name: options.applicationName } : {}) });
    // An idle connection dropped by the server (a restart, a failover, an administrator) must not
    // crash the process: the pool discards it and the next query opens a fresh one.
    pool.on('error', () => undefined);
    // A connection dropped while a query holds it fails that query; the client's own 'error' event,
    // which no one else listens to while it is checked out, would otherwise end the process.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', destroy: () => db.destroy() };
  }
  if (databaseUrl !== ':memory:') {
    mkdirSync(path.dirname(path.resolve(databaseUrl)), { recursive: true, mode: 0o700 });
    // An empty file is an empty SQLite database; creating it first sets its mode, and SQLite gives its WAL the same.
    if (!existsSync(databaseUrl)) writeFileSync(databaseUrl, '', { mode: 0o600 });
    else tightenMode(databaseUrl);
  }
  const Sqlite = require('better-sqlite3') as typeof SqliteDatabase;
  const file = new Sqlite(databaseUrl);
  // WAL keeps readers going while a writer commits; foreign keys are off by default in SQLite.
  file.pragma('journal_mode = WAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  file.pragma(options.sqliteSync === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new FifoSqliteDialect({ database: withStatementCache(file) }) });
  return { db, dialect: 'sqlite', destroy: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 2000;

/** What Kysely's SQLite driver asks of a prepared statement. */
interface KyselyStatement {
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): SqliteDatabase.RunResult;
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
}

/**
 * A prepared statement whose rows are read as arrays and made into objects here: better-sqlite3
 * builds each row object in C++ one property at a time, which was most of the cost of reading a
 * row (the accounts page's 51 rows × 23 columns: 1.05 → 0.55 ms; issue #16). The objects are the
 * same: the same keys in the same order, and a name given twice keeps its first place and its
 * last value, as before.
 */
class KeptStatement implements KyselyStatement {
  readonly reader: boolean;
  readonly #statement: SqliteDatabase.Statement;
  #names: string[] = [];

  constructor(statement: SqliteDatabase.Statement) {
    this.#statement = statement;
    this.reader = statement.reader;
    if (this.reader) this.#readNames();
  }

  get busy(): boolean {
    return this.#statement.busy;
  }

  // A column named __proto__ would set the object's prototype: such a statement keeps better-sqlite3's objects.
  #readNames(): void {
    const names = this.#statement.columns().map((c) => c.name);
    this.#names = names.includes('__proto__') ? [] : names;
    this.#statement.raw(this.#names.length > 0);
  }

  #toObject(values: unknown[]): Record<string, unknown> {
    const names = this.#names;
    // SQLite prepares a statement again after a schema change, and `select *` may then have other columns.
    if (values.length !== names.length) {
      this.#readNames();
      if (this.#names.length === 0) throw new Error('the columns of a kept statement changed: run it again');
      return this.#toObject(values);
    }
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
    return row;
  }

  all(parameters: readonly unknown[]): unknown[] {
    const rows = this.#statement.all(parameters) as unknown[];
    if (this.#names.length === 0) return rows;
    for (let i = 0; i < rows.length; i++) rows[i] = this.#toObject(rows[i] as unknown[]);
    return rows;
  }

  run(parameters: readonly unknown[]): SqliteDatabase.RunResult {
    return this.#statement.run(parameters);
  }

  *iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    const raw = this.#names.length > 0;
    for (const values of this.#statement.iterate(parameters)) yield raw ? this.#toObject(values as unknown[]) : values;
  }
}

const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

/**
 * Kysely asks better-sqlite3 to prepare every query afresh, and preparing was a fifth of the CPU of
 * a calendar sync or a mail capture: the same SQL texts repeat, so each is prepared once and kept
 * (the least recently used dropped past 2,000). A statement still being iterated is busy and is
 * not shared: that query gets its own. SQLite re-prepares a kept statement itself after a schema
 * change; a schema change made here also drops what is kept, so column names are read afresh.
 */
function withStatementCache(file: SqliteDatabase.Database): { close(): void; prepare(sql: string): KyselyStatement } {
  const cache = new Map<string, KeptStatement>();
  return {
    close: () => {
      cache.clear();
      file.close();
    },
    prepare(text: string) {
      const kept = cache.get(text);
      if (kept && !kept.busy) {
        cache.delete(text);
        cache.set(text, kept);
        return kept;
      }
      const made = new KeptStatement(file.prepare(text));
      if (!made.reader && SCHEMA_CHANGE.test(text)) {
        cache.clear();
        return made;
      }
      if (!kept) {
        cache.set(text, made);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return made;
    },
  };
}

/** Older installs created the file world-readable; a file someone else owns is left to its owner. */
function tightenMode(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch {
    // not ours to change
  }
}

/** Every Cadence process names its PostgreSQL connections so, so a restore can tell it is not alone. */
export const APPLICATION_NAME = 'cadence';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /\.(ts|js)$/.test(f) && !/\.(test|d)\.(ts|js)$/.test(f))
    .sort();
}

/** The migrations this version of Cadence knows, oldest first: data past the last one is from a newer Cadence. */
export function knownMigrations(): string[] {
  return migrationFiles().map((f) => f.replace(/\.(ts|js)$/, ''));
}

/** Every file in store/migrations, in name order (dated names sort in time). */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = migrationFiles();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, '')] = mod;
    }
    return migrations;
  }
}

function migratorFor(db: Db): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider() });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/**
 * Whether the database has applied exactly the migrations this version knows. One query, so every
 * CLI command and server start on an up-to-date database skips importing each migration file and
 * the migrator's locking (issue #16); anything else (a new database, a migration to apply, data
 * from a newer Cadence) goes through the migrator, which applies or refuses as before.
 */
async function isUpToDate(db: Db): Promise<boolean> {
  let applied: string[];
  try {
    applied = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name).sort();
  } catch {
    return false; // no migration table yet
  }
  const known = knownMigrations();
  return applied.length === known.length && applied.every((name, i) => name === known[i]);
}

/** Brings the schema up to date; returns the names of the migrations applied now. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await isUpToDate(db)) return [];
  return check(await migratorFor(db).migrateToLatest());
}

/** Undoes every migration (used by tests that prove the down path). */
export async function migrateDownAll(db: Db): Promise<string[]> {
  return check(await migratorFor(db).migrateTo(NO_MIGRATIONS));
}

/** True when the database answers a trivial query (readiness probe). */
export async function isReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
