import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { createDeps, type Deps } from '../../src/deps.ts';
import { migrateToLatest } from '../../src/store/database.ts';

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
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cadence-test-'));
  if (dialect === 'sqlite') {
    return { url: path.join(dataDir, 'cadence.db'), dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `cadence_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestDeps extends Deps {
  testDb: TestDatabase;
  /** Moves the pinned clock. */
  setNow(date: Date | string): void;
  close(): Promise<void>;
}

/** Migrated deps on a fresh database with a pinned, movable clock. */
export async function createTestDeps(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestDeps> {
  const testDb = await createTestDatabase(dialect);
  const config = loadConfig({ LOG_LEVEL: 'silent' }, { databaseUrl: testDb.url, dataDir: testDb.dataDir, secret: 'test-secret-test-secret-test-secret-123', backToBackMinutes: 0, ...overrides });
  let now = new Date('2026-11-20T10:00:00.000Z');
  const deps = createDeps(config, { now: () => now });
  await migrateToLatest(deps.store.db);
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
