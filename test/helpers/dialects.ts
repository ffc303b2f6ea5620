import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { createDeps, type Deps } from '../../src/deps.ts';
import { migrateToLatest, openStore } from '../../src/store/database.ts';

export const PG_ADMIN_URL = process.env.CADENCE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let pgAnswer: Promise<boolean> | undefined;

/** Whether PostgreSQL answers; under CI=true a missing PostgreSQL is a failure, not a skip. */
export function postgresAvailable(): Promise<boolean> {
  pgAnswer ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (err) {
      if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI=true but did not answer at ${PG_ADMIN_URL}: ${(err as Error).message}`, { cause: err });
      console.warn(`PostgreSQL did not answer at ${PG_ADMIN_URL}: PostgreSQL tests are skipped.`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgAnswer;
}

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DIALECTS)[number];

/** The dialects this run can test (PostgreSQL when it answers; always under CI). */
export async function availableDialects(): Promise<DialectName[]> {
  return (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  return emptyDatabase(dialect, undefined);
}

/** A new database: empty, or a copy of a migrated template (a SQLite file, a PostgreSQL template database). */
async function emptyDatabase(dialect: DialectName, template: string | undefined): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cadence-test-'));
  if (dialect === 'sqlite') {
    const url = path.join(dataDir, 'cadence.db');
    if (template) {
      copyFileSync(template, url);
      chmodSync(url, 0o600);
    }
    return { url, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `cadence_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await adminQuery(`create database ${name}${template ? ` template ${template}` : ''}`, ...(process.env.CADENCE_TEST_PG_SYNC === '1' ? [] : [`alter database ${name} set synchronous_commit = off`]));
  const url = urlOf(name);
  return {
    url,
    dataDir,
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const urlOf = (database: string) => PG_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);

async function adminQuery(...statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Migrated templates. Running the 29 migrations took 60–300 ms on SQLite and 150–1,500 ms on
// PostgreSQL per test database, and loading the migration files another ~250 ms in each test file's
// fresh process; a copy of an already migrated database is the same schema and migration level in a
// few milliseconds (SQLite) or the time of a bare CREATE DATABASE (PostgreSQL). A template is named
// by a digest of the migrations' names and contents, so a changed or added migration builds a new
// one; templates a day old are removed. CADENCE_TEST_MIGRATE_EACH=1 migrates every database instead.
// ---------------------------------------------------------------------------------------------

const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/store/migrations/', import.meta.url));
const TEMPLATES_DIR = path.join(tmpdir(), 'cadence-test-templates');
const DAY_MS = 24 * 3600_000;

let digest: string | undefined;
function migrationsDigest(): string {
  if (digest) return digest;
  const hash = createHash('sha256');
  // The same files database.ts runs (a helper a migration imports would need adding here).
  for (const file of readdirSync(MIGRATIONS_DIR)
    .filter((f) => /\.(ts|js)$/.test(f) && !/\.(test|d)\.(ts|js)$/.test(f))
    .sort())
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(MIGRATIONS_DIR, file)))
      .update('\0');
  digest = hash.digest('hex').slice(0, 16);
  return digest;
}

const templates = new Map<DialectName, Promise<string>>();
function migratedTemplate(dialect: DialectName): Promise<string> {
  let made = templates.get(dialect);
  if (!made) {
    made = dialect === 'sqlite' ? sqliteTemplate() : postgresTemplate();
    templates.set(dialect, made);
    // A failed build is tried again by the next test database, not remembered.
    made.catch(() => {
      if (templates.get(dialect) === made) templates.delete(dialect);
    });
  }
  return made;
}

async function sqliteTemplate(): Promise<string> {
  const file = path.join(TEMPLATES_DIR, `sqlite-${migrationsDigest()}.db`);
  if (existsSync(file)) {
    // Last used now: only templates unused for a day are removed (by another checkout's migrations).
    utimesSync(file, new Date(), new Date());
    return file;
  }
  mkdirSync(TEMPLATES_DIR, { recursive: true, mode: 0o700 });
  const building = mkdtempSync(path.join(TEMPLATES_DIR, 'building-'));
  try {
    const store = openStore(path.join(building, 'cadence.db'));
    await migrateToLatest(store.db);
    // Closing the only connection checkpoints the WAL into the file and removes it: the file is whole.
    await store.destroy();
    if (existsSync(path.join(building, 'cadence.db-wal'))) throw new Error('the SQLite template kept its WAL after closing');
    // Atomic: another worker building the same template at the same time replaces it with the same bytes.
    renameSync(path.join(building, 'cadence.db'), file);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  for (const old of readdirSync(TEMPLATES_DIR).map((f) => path.join(TEMPLATES_DIR, f))) {
    const modified = statSync(old, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (old !== file && Date.now() - modified > DAY_MS) rmSync(old, { recursive: true, force: true });
  }
  return file;
}

async function postgresTemplate(): Promise<string> {
  const name = `cadence_tpl_${migrationsDigest()}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    // One builder at a time across every worker and test run on this server; the others wait and reuse it.
    await admin.query("select pg_advisory_lock(hashtext('cadence test template'))");
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    // Its comment says when it was last used: only templates unused for a day are removed.
    if (rowCount) await admin.query(`comment on database ${name} is '${new Date().toISOString()}'`);
    else {
      const building = `cadence_tpl_building_${process.pid}_${Date.now()}`;
      await admin.query(`create database ${building}`);
      try {
        const store = openStore(urlOf(building));
        await migrateToLatest(store.db);
        await store.destroy();
        // A pool's closed connections can linger a moment; a template must have none to be renamed and copied.
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [building]);
        await admin.query(`alter database ${building} rename to ${name}`);
      } catch (err) {
        await admin.query(`drop database if exists ${building} with (force)`);
        throw err;
      }
      await admin.query(`comment on database ${name} is '${new Date().toISOString()}'`);
      await admin.query(`alter database ${name} with is_template true`);
      const old = await admin.query<{ datname: string; made: string | null }>("select datname, shobj_description(oid, 'pg_database') as made from pg_database where datname like 'cadence\\_tpl\\_%' and datname <> $1", [name]);
      for (const row of old.rows) {
        // A build cut short (its process killed) is named with its start; one an hour old is abandoned.
        const building = /^cadence_tpl_building_\d+_(\d+)$/.exec(row.datname);
        if (building ? Date.now() - Number(building[1]) < 3600_000 : Date.now() - Date.parse(row.made ?? '') < DAY_MS) continue;
        await admin.query(`alter database ${row.datname} with is_template false`);
        await admin.query(`drop database if exists ${row.datname} with (force)`);
      }
    }
    return name;
  } finally {
    await admin.query("select pg_advisory_unlock(hashtext('cadence test template'))").catch(() => undefined);
    await admin.end();
  }
}

export interface TestDeps extends Deps {
  testDb: TestDatabase;
  /** Moves the pinned clock. */
  setNow(date: Date | string): void;
  close(): Promise<void>;
}

/** Migrated deps on a fresh database with a pinned, movable clock. */
export async function createTestDeps(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestDeps> {
  const migrateEach = process.env.CADENCE_TEST_MIGRATE_EACH === '1';
  const testDb = await emptyDatabase(dialect, migrateEach ? undefined : await migratedTemplate(dialect));
  const config = loadConfig({ LOG_LEVEL: 'silent' }, { databaseUrl: testDb.url, dataDir: testDb.dataDir, secret: 'test-secret-test-secret-test-secret-123', backToBackMinutes: 0, ...overrides });
  let now = new Date('2026-11-20T10:00:00.000Z');
  const deps = createDeps(config, { now: () => now });
  if (migrateEach) await migrateToLatest(deps.store.db);
  return {
    ...deps,
    testDb,
    setNow: (date) => {
      now = new Date(date);
    },
    close: async () => {
      await deps.store.destroy();
      await testDb.drop();
    },
  };
}
