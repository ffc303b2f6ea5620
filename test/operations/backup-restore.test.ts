/**
 * `cadence backup` while writes run, then `cadence restore` into an empty database: every row comes
 * back identical, and the copy is of one moment (the rows written during the backup form an unbroken
 * prefix). Real SQLite (VACUUM INTO) and real PostgreSQL (pg_dump/pg_restore).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/services/setup/demo-data.ts';
import { uploadAttachment } from '../../src/services/attachments/attachments.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { cadence } from '../helpers/cli.ts';
import { availableDialects, createTestDatabase, createTestDeps, type DialectName, type TestDatabase } from '../helpers/dialects.ts';

const dialects = await availableDialects();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

type Row = Record<string, unknown>;

/** Every table's rows, each table sorted, so two databases compare as values. */
async function dump(dialect: DialectName, url: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (dialect === 'sqlite') {
    // A restore that was refused leaves no file behind: nothing written.
    if (!existsSync(url)) return out;
    const db = new Database(url, { readonly: true });
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%fts%'`).all() as { name: string }[];
    for (const { name } of tables) out[name] = (db.prepare(`select * from "${name}"`).all() as Row[]).map((r) => JSON.stringify(r)).sort();
    db.close();
    return out;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tables = await client.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  for (const { name } of tables.rows) out[name] = (await client.query<Row>(`select * from "${name}"`)).rows.map((r) => JSON.stringify(r)).sort();
  await client.end();
  return out;
}

/** A second process writing one numbered row per transaction, as a busy server would. */
function startWriter(dialect: DialectName, url: string): ChildProcess {
  const code =
    dialect === 'sqlite'
      ? `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(url)}); db.pragma('busy_timeout = 5000');
         const ins = db.prepare('insert into backup_probe (seq, note) values (?, ?)'); let i = 0;
         const tick = () => { for (let k = 0; k < 5; k++) { i++; ins.run(i, 'row ' + i); } setImmediate(tick); }; tick();`
      : `const pg = require('pg'); const c = new pg.Client({ connectionString: ${JSON.stringify(url)} });
         c.connect().then(async () => { for (let i = 1; ; i++) await c.query('insert into backup_probe (seq, note) values ($1, $2)', [i, 'row ' + i]); });`;
  return spawn(process.execPath, ['-e', code], { cwd: process.cwd(), stdio: 'ignore' });
}

async function probeCount(dialect: DialectName, url: string): Promise<number> {
  if (dialect === 'sqlite') {
    const db = new Database(url, { readonly: true });
    const n = (db.prepare('select count(*) as n from backup_probe').get() as { n: number }).n;
    db.close();
    return n;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const n = Number((await c.query('select count(*) as n from backup_probe')).rows[0].n);
  await c.end();
  return n;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
}

describe.each(dialects)('backup and restore on %s', (dialect) => {
  it('restores, into an empty database, every row as it was at one moment of a backup taken under writes', async () => {
    const source = await createTestDeps(dialect);
    cleanups.push(() => source.close());
    await loadDemoData(source, LOCAL_OPERATOR);
    // An attachment kept on disk goes into the archive with the database and comes back with it.
    const someAccount = (await source.store.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow()).id;
    const plan = Buffer.from('# Rollout plan\n\n1. Pilot team\n');
    const attached = await uploadAttachment(source, LOCAL_OPERATOR, { accountId: someAccount }, { fileName: 'plan.md', bytes: plan });
    const { sql } = await import('kysely');
    await sql`create table backup_probe (seq integer primary key, note text not null)`.execute(source.store.db);
    await source.store.destroy();
    const url = source.testDb.url;
    const env = { DATABASE_URL: url };

    const writer = startWriter(dialect, url);
    cleanups.push(async () => void writer.kill('SIGKILL'));
    await until(async () => (await probeCount(dialect, url)) > 50);
    const before = await probeCount(dialect, url);
    const file = path.join(source.testDb.dataDir, 'under-load.cadence-backup');
    const backup = await cadence(source.testDb.dataDir, ['backup', '--to', file], env);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/^backup written: .*under-load\.cadence-backup \((SQLite|PostgreSQL), schema \d{4}-/);
    const after = await probeCount(dialect, url);
    writer.kill('SIGKILL');
    await new Promise((r) => writer.once('exit', r));
    // The backup was taken while the other process kept writing.
    expect(after).toBeGreaterThan(before);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const target = await createTestDatabase(dialect);
    cleanups.push(() => target.drop());
    const restore = await cadence(target.dataDir, ['restore', file], { DATABASE_URL: target.url });
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toMatch(/^restored the backup of /);
    expect(readFileSync(path.join(target.dataDir, 'attachments', attached.id.slice(-2), attached.id)).equals(plan)).toBe(true);
    expect(statSync(path.join(target.dataDir, 'attachments', attached.id.slice(-2), attached.id)).mode & 0o777).toBe(0o600);

    const original = await dump(dialect, url);
    const restored = await dump(dialect, target.url);
    const { backup_probe: originalProbe, ...originalRest } = original;
    const { backup_probe: restoredProbe, ...restoredRest } = restored;
    // Every table but the one written during the backup is identical, row for row.
    expect(Object.keys(restoredRest).sort()).toEqual(Object.keys(originalRest).sort());
    for (const table of Object.keys(originalRest)) expect(restoredRest[table], table).toEqual(originalRest[table]);
    expect(originalRest.accounts!.length).toBe(40);
    // The written rows are those up to one moment: 1..k, nothing missing in between, each one identical.
    const seqs = restoredProbe!.map((r) => (JSON.parse(r) as { seq: number }).seq).sort((a, b) => a - b);
    expect(seqs.length).toBeGreaterThanOrEqual(before);
    expect(seqs.length).toBeLessThanOrEqual(after);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const originalById = new Set(originalProbe);
    for (const row of restoredProbe!) expect(originalById.has(row)).toBe(true);
  }, 120_000);

  it('refuses a damaged backup, a newer schema, a wrong passphrase, a database in use and one that is not empty, writing nothing', async () => {
    const source = await createTestDeps(dialect);
    cleanups.push(() => source.close());
    await loadDemoData(source, LOCAL_OPERATOR);
    const dir = source.testDb.dataDir;
    const env = { DATABASE_URL: source.testDb.url };
    const passFile = path.join(dir, 'passphrase');
    writeFileSync(passFile, 'a long and secret passphrase\n');
    const plain = path.join(dir, 'plain.cadence-backup');
    const sealed = path.join(dir, 'sealed.cadence-backup');
    expect((await cadence(dir, ['backup', '--to', plain], env)).code).toBe(0);
    expect((await cadence(dir, ['backup', '--to', sealed, '--passphrase-file', passFile], env)).code).toBe(0);
    // The encrypted archive does not carry the data in the clear.
    expect(readFileSync(sealed).includes(Buffer.from('Globex'))).toBe(false);

    const fresh = async (): Promise<TestDatabase> => {
      const t = await createTestDatabase(dialect);
      cleanups.push(() => t.drop());
      return t;
    };
    const restoreInto = async (t: TestDatabase, file: string, extra: string[] = []) => cadence(t.dataDir, ['restore', file, ...extra], { DATABASE_URL: t.url });
    const expectEmpty = async (t: TestDatabase) => expect(Object.keys(await dump(dialect, t.url))).toEqual([]);

    const bytes = readFileSync(plain);
    const damaged = path.join(dir, 'damaged.cadence-backup');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 0xff;
    writeFileSync(damaged, flipped);
    const t = await fresh();
    let r = await restoreInto(t, damaged);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/damaged|could not be unpacked|checksum/);
    await expectEmpty(t);

    const text = bytes.toString('latin1');
    const newer = path.join(dir, 'newer.cadence-backup');
    writeFileSync(newer, Buffer.from(text.replace(/"migration":"[^"]+"/, '"migration":"2999-01-01-999-from-the-future"'), 'latin1'));
    r = await restoreInto(t, newer);
    expect(r.stderr).toMatch(/newer Cadence \(schema 2999-01-01-999-from-the-future\); upgrade Cadence first/);
    await expectEmpty(t);

    r = await restoreInto(t, sealed);
    expect(r.stderr).toMatch(/encrypted: give its passphrase/);
    const wrongPass = path.join(dir, 'wrong');
    writeFileSync(wrongPass, 'not the passphrase at all\n');
    r = await restoreInto(t, sealed, ['--passphrase-file', wrongPass]);
    expect(r.stderr).toMatch(/passphrase is wrong/);
    await expectEmpty(t);

    // In use: a server holds the database.
    let holder: pg.Pool | ChildProcess;
    if (dialect === 'postgres') {
      holder = new pg.Pool({ connectionString: t.url, application_name: 'cadence' });
      await holder.query('select 1');
    } else {
      holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      writeFileSync(`${t.url}.server-pid`, `${holder.pid}\n`);
    }
    r = await restoreInto(t, sealed, ['--passphrase-file', passFile]);
    expect(r.stderr).toMatch(/Cadence is running on this database .*stop the server before restoring/);
    if (holder instanceof pg.Pool) await holder.end();
    else holder.kill('SIGKILL');
    await expectEmpty(t);

    // And the right passphrase, once nothing holds it, restores.
    r = await restoreInto(t, sealed, ['--passphrase-file', passFile]);
    expect(r.stderr).toBe('');
    expect((await dump(dialect, t.url)).accounts!.length).toBe(40);

    // Not empty: restoring a second time over what the first restore brought back.
    r = await restoreInto(t, plain);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not empty .*restore into an empty database/);
    expect((await dump(dialect, t.url)).accounts!.length).toBe(40);
  }, 120_000);
});
