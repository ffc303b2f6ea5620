/**
 * `cadence backup` and `cadence restore`: an online, consistent copy of the whole database in one
 * archive file, and its way back into an empty database.
 *
 * The archive is a header line, a JSON manifest line (dialect, migration level, checksum, how the
 * payload is packed), then the payload: a gzipped SQLite file (VACUUM INTO) or a pg_dump in custom
 * format. With a passphrase the payload is AES-256-GCM encrypted under a scrypt key, the manifest is
 * bound to it as associated data, and the 16-byte tag ends the file.
 */
import { spawn } from 'node:child_process';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scryptSync } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Config } from '../../config.ts';
import { backupsToDelete } from '../../domain/operations/backup-retention.ts';
import { AppError } from '../../errors.ts';
import { appliedMigrations, copySqliteInto, serverConnections, userTables } from '../../store/backup.repo.ts';
import { APPLICATION_NAME, knownMigrations, migrateToLatest, openStore } from '../../store/database.ts';
import { attachmentsDir } from '../../integrations/object-storage/object-storage.ts';
import { diskStorage } from '../../integrations/object-storage/disk.ts';

const MAGIC = 'CADENCE-BACKUP/1';
const TAG_BYTES = 16;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface BackupManifest {
  format: 1;
  dialect: 'sqlite' | 'postgres';
  createdAt: string;
  /** The newest migration the data was at: a restore refuses data newer than its code. */
  migration: string | null;
  /** SHA-256 of the data itself (the SQLite file or the pg_dump archive), before packing. */
  sha256: string;
  bytes: number;
  packing: 'gzip' | 'none';
  encryption: null | { cipher: 'aes-256-gcm'; kdf: 'scrypt'; salt: string; iv: string; N: number; r: number; p: number; keyCheck: string };
  /**
   * Attachment files on disk, appended to the data in this order (`sha256` and `bytes` above cover
   * the whole): the database is the first `dataBytes` bytes. Absent when there were none (and in
   * backups taken before attachments, or with S3 storage, whose bucket is backed up on its own).
   */
  attachments?: { dataBytes: number; files: { key: string; bytes: number }[] };
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
}

/** Where a backup goes when the caller names no file: the backup folder, named by its time. */
export function defaultBackupFile(config: Config, now: Date): string {
  return path.join(config.backups.dir, `cadence-${now.toISOString().replace(/[:.]/g, '-')}.cadence-backup`);
}

/**
 * Takes a backup of the configured database into `file` while the server may be running. Written
 * to a temporary name first and renamed, so a half-written archive never looks like a backup.
 */
export async function takeBackup(config: Config, options: { file: string; passphrase?: string | null; now?: Date }): Promise<BackupResult> {
  const file = path.resolve(options.file);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  const store = openStore(config.databaseUrl, { applicationName: `${APPLICATION_NAME}-backup` });
  const workDir = path.join(path.dirname(file), `.backup-${process.pid}-${Date.now()}`);
  try {
    const migrations = await appliedMigrations(store);
    if (migrations.length === 0) throw new AppError('invalid', `the database ${describe(config)} has no Cadence data to back up`);
    mkdirSync(workDir, { recursive: true, mode: 0o700 });
    const dataFile = path.join(workDir, 'data');
    if (store.dialect === 'sqlite') await copySqliteInto(store, dataFile);
    else await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dataFile}`, `--dbname=${config.databaseUrl}`]);
    const attachments = await appendAttachments(config, dataFile);
    const { sha256, bytes } = await digest(dataFile);
    const passphrase = options.passphrase ?? null;
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const key = passphrase ? scryptSync(passphrase, salt, 32, SCRYPT) : null;
    const manifest: BackupManifest = {
      format: 1,
      dialect: store.dialect,
      createdAt: (options.now ?? new Date()).toISOString(),
      migration: migrations[migrations.length - 1] ?? null,
      sha256,
      bytes,
      // pg_dump's custom format is compressed already.
      packing: store.dialect === 'sqlite' ? 'gzip' : 'none',
      encryption: passphrase ? { cipher: 'aes-256-gcm', kdf: 'scrypt', salt: salt.toString('base64'), iv: iv.toString('base64'), N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, keyCheck: keyCheck(key!) } : null,
      ...(attachments ? { attachments } : {}),
    };
    const manifestLine = JSON.stringify(manifest);
    const stages: (Readable | Transform)[] = [createReadStream(dataFile)];
    if (manifest.packing === 'gzip') stages.push(createGzip());
    const cipher = key ? createCipheriv('aes-256-gcm', key, iv) : null;
    if (cipher) {
      cipher.setAAD(Buffer.from(manifestLine));
      stages.push(cipher);
    }
    stages.push(framed(`${MAGIC}\n${manifestLine}\n`, () => (cipher ? cipher.getAuthTag() : null)));
    await pipeline([...stages, createWriteStream(partial, { mode: 0o600 })]);
    renameSync(partial, file);
    return { file, manifest };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    rmSync(partial, { force: true });
    await store.destroy();
  }
}

/** Reads an archive's manifest without unpacking it (for `cadence restore --check` and errors). */
export function readManifest(file: string): { manifest: BackupManifest; manifestLine: string; payloadStart: number } {
  if (!existsSync(file)) throw new AppError('invalid', `${file} does not exist`, { field: 'file' });
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(8192);
    const read = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, read).toString('latin1');
    const first = text.indexOf('\n');
    const second = text.indexOf('\n', first + 1);
    if (text.slice(0, first) !== MAGIC || second < 0) throw new AppError('invalid', `${file} is not a Cadence backup`, { field: 'file' });
    const manifestLine = head.subarray(first + 1, second).toString('utf8');
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(manifestLine) as BackupManifest;
    } catch {
      throw new AppError('invalid', `${file}: the backup's manifest is damaged`, { field: 'file' });
    }
    if (manifest.format !== 1) throw new AppError('invalid', `${file} is a backup format this version of Cadence does not know (${String(manifest.format)})`, { field: 'file' });
    return { manifest, manifestLine, payloadStart: second + 1 };
  } finally {
    closeSync(fd);
  }
}

/**
 * Restores an archive into the configured database, which must be empty and not in use. The data
 * is unpacked and its checksum checked before anything is written; data from an older Cadence is
 * migrated up afterwards, data from a newer one is refused.
 */
export async function restoreBackup(config: Config, options: { file: string; passphrase?: string | null }): Promise<{ manifest: BackupManifest; migrated: string[] }> {
  const file = path.resolve(options.file);
  const { manifest, manifestLine, payloadStart } = readManifest(file);
  if (manifest.dialect !== config.dialect) {
    throw new AppError('invalid', `this backup is of a ${manifest.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database; DATABASE_URL points at ${config.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, { field: 'file' });
  }
  const known = knownMigrations();
  if (manifest.migration && !known.includes(manifest.migration)) {
    throw new AppError('conflict', `this backup comes from a newer Cadence (schema ${manifest.migration}); upgrade Cadence first, then restore`);
  }
  if (manifest.encryption && !options.passphrase) throw new AppError('invalid', 'this backup is encrypted: give its passphrase (--passphrase-file)', { field: 'passphrase' });

  const workDir = path.join(config.dialect === 'sqlite' ? path.dirname(path.resolve(config.databaseUrl)) : config.dataDir, `.restore-${process.pid}-${Date.now()}`);
  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  const dataFile = path.join(workDir, 'data');
  try {
    await unpack(file, payloadStart, manifest, manifestLine, options.passphrase ?? null, dataFile);
    const { sha256 } = await digest(dataFile);
    if (sha256 !== manifest.sha256) throw new AppError('invalid', `${file}: the checksum does not match; the backup is damaged and was not restored`, { field: 'file' });
    // Keys are ids: a file put back is the same file, whatever happens to the rest of the restore.
    if (manifest.attachments) await splitAttachments(dataFile, manifest.attachments, config);

    const target = openStore(config.databaseUrl, { applicationName: `${APPLICATION_NAME}-restore` });
    try {
      const others = await serverConnections(target, APPLICATION_NAME);
      if (others > 0) throw new AppError('conflict', `Cadence is running on this database (${others} connection${others > 1 ? 's' : ''}); stop the server before restoring`);
      const pid = config.dialect === 'sqlite' ? sqliteServerPid(config.databaseUrl) : null;
      if (pid) throw new AppError('conflict', `Cadence is running on this database (process ${pid}); stop the server before restoring (if none runs, delete ${path.resolve(config.databaseUrl)}.server-pid)`);
      const tables = await userTables(target);
      if (tables.length) throw new AppError('conflict', `the database ${describe(config)} is not empty (${tables.length} table${tables.length > 1 ? 's' : ''}); restore into an empty database`);
    } finally {
      await target.destroy();
    }
    if (config.dialect === 'sqlite') {
      const dbFile = path.resolve(config.databaseUrl);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
      renameSync(dataFile, dbFile);
    } else {
      await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${config.databaseUrl}`, dataFile]);
    }
    const restored = openStore(config.databaseUrl, { applicationName: `${APPLICATION_NAME}-restore` });
    try {
      return { manifest, migrated: await migrateToLatest(restored.db) };
    } finally {
      await restored.destroy();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The scheduled backup: one archive into the backup folder, then the retention rule applied. */
export async function scheduledBackup(config: Config, now: Date): Promise<{ file: string; deleted: string[] }> {
  const { file } = await takeBackup(config, { file: defaultBackupFile(config, now), passphrase: config.backups.passphrase, now });
  const backups = readdirSync(config.backups.dir)
    .filter((name) => name.endsWith('.cadence-backup'))
    .map((name) => ({ name, takenAt: statSync(path.join(config.backups.dir, name)).mtime }));
  const deleted = backupsToDelete(backups, now, config.backups);
  for (const name of deleted) rmSync(path.join(config.backups.dir, name), { force: true });
  return { file, deleted };
}

/** The pid a running server on a SQLite file left beside it (see markServerRunning), if that process lives. */
function sqliteServerPid(dbFile: string): number | null {
  const pidFile = `${path.resolve(dbFile)}.server-pid`;
  if (!existsSync(pidFile)) return null;
  const fd = openSync(pidFile, 'r');
  const buf = Buffer.alloc(32);
  const n = readSync(fd, buf, 0, 32, 0);
  closeSync(fd);
  const pid = Number(buf.subarray(0, n).toString().trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Puts the header before the payload and, once the payload has ended, the tag after it. */
function framed(header: string, trailer: () => Buffer | null): Transform {
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!started) this.push(header);
      started = true;
      done(null, chunk);
    },
    flush(done) {
      if (!started) this.push(header);
      const tag = trailer();
      if (tag) this.push(tag);
      done();
    },
  });
}

/** A value derived from the key that tells a wrong passphrase apart from a damaged archive, and reveals nothing of the key. */
function keyCheck(key: Buffer): string {
  return createHmac('sha256', key).update('cadence-backup-key-check').digest('base64');
}

async function unpack(file: string, start: number, manifest: BackupManifest, manifestLine: string, passphrase: string | null, to: string): Promise<void> {
  const size = statSync(file).size;
  const stages: (Readable | Writable | Transform)[] = [];
  if (manifest.encryption) {
    const e = manifest.encryption;
    const tagBuf = Buffer.alloc(TAG_BYTES);
    const fd = openSync(file, 'r');
    readSync(fd, tagBuf, 0, TAG_BYTES, size - TAG_BYTES);
    closeSync(fd);
    const key = scryptSync(passphrase!, Buffer.from(e.salt, 'base64'), 32, { N: e.N, r: e.r, p: e.p, maxmem: SCRYPT.maxmem });
    // Checked before decrypting: a wrong passphrase would otherwise surface as garbage the unpacker chokes on.
    if (keyCheck(key) !== e.keyCheck) throw new AppError('invalid', 'the passphrase is wrong; nothing was restored', { field: 'passphrase' });
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(e.iv, 'base64'));
    decipher.setAAD(Buffer.from(manifestLine));
    decipher.setAuthTag(tagBuf);
    stages.push(createReadStream(file, { start, end: size - TAG_BYTES - 1 }), decipher);
  } else {
    stages.push(createReadStream(file, { start }));
  }
  if (manifest.packing === 'gzip') stages.push(createGunzip());
  stages.push(createWriteStream(to, { mode: 0o600 }));
  try {
    await pipeline(stages);
  } catch (err) {
    const message = (err as Error).message;
    if (manifest.encryption && /auth|decrypt/i.test(message)) throw new AppError('invalid', 'the passphrase is wrong, or the backup was changed after it was taken; nothing was restored', { field: 'passphrase' });
    throw new AppError('invalid', `${file}: the backup could not be unpacked (${message}); nothing was restored`, { field: 'file' });
  }
}

async function digest(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new PassThrough();
  counter.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  await pipeline(createReadStream(file), counter);
  return { sha256: hash.digest('hex'), bytes };
}

/** Runs pg_dump or pg_restore, saying in words when it is missing or fails. */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new AppError('invalid', `${tool} is not installed; backups of PostgreSQL need it (Debian: apt-get install postgresql-client)`) : err);
    });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new AppError('internal', `${tool} failed: ${stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`}`))));
  });
}

function describe(config: Config): string {
  return config.dialect === 'sqlite' ? path.resolve(config.databaseUrl) : new URL(config.databaseUrl).pathname.slice(1) || 'postgres';
}

/**
 * The scheduled job's step: a backup unless today's (UTC) is there already, so a restart or a
 * second node does not take another.
 */
export async function dailyBackupIfDue(config: Config, now: Date): Promise<string> {
  if (config.backups.schedule === 'off') return 'backup: scheduled backups are off (CADENCE_BACKUP_SCHEDULE=off)';
  const today = now.toISOString().slice(0, 10);
  const taken = existsSync(config.backups.dir) ? readdirSync(config.backups.dir).filter((n) => n.endsWith('.cadence-backup') && statSync(path.join(config.backups.dir, n)).mtime.toISOString().slice(0, 10) === today) : [];
  if (taken.length) return `backup: today's backup exists (${taken[0]})`;
  const { file, deleted } = await scheduledBackup(config, now);
  return `backup: wrote ${file}${deleted.length ? `, removed ${deleted.length} past the retention (${config.backups.keepDaily} daily, ${config.backups.keepWeekly} weekly)` : ''}`;
}

/**
 * A server on a SQLite file leaves its pid beside the file while it runs, so `cadence restore`
 * refuses to pull the database from under it. Answers the function that removes the mark.
 */
export function markServerRunning(config: Config): () => void {
  if (config.dialect !== 'sqlite' || config.databaseUrl === ':memory:') return () => undefined;
  const pidFile = `${path.resolve(config.databaseUrl)}.server-pid`;
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(pidFile, { force: true });
}

/**
 * Appends the attachment files kept on disk to the data file, in key order, and says where each
 * one is; undefined when there are none (or the files live in an S3 bucket).
 */
async function appendAttachments(config: Config, dataFile: string): Promise<BackupManifest['attachments']> {
  if (config.attachments?.s3) return undefined;
  const storage = diskStorage(attachmentsDir(config));
  const keys = await storage.listKeys();
  if (keys.length === 0) return undefined;
  const dataBytes = statSync(dataFile).size;
  const out = createWriteStream(dataFile, { flags: 'a' });
  const files: { key: string; bytes: number }[] = [];
  try {
    for (const key of keys) {
      const bytes = await storage.get(key);
      if (!bytes) continue;
      if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      files.push({ key, bytes: bytes.length });
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return { dataBytes, files };
}

/** Puts the attachment files back from the end of the unpacked data, one at a time, leaving the database alone in it. */
async function splitAttachments(dataFile: string, attachments: NonNullable<BackupManifest['attachments']>, config: Config): Promise<void> {
  const storage = diskStorage(attachmentsDir(config));
  let at = attachments.dataBytes;
  for (const f of attachments.files) {
    const chunks: Buffer[] = [];
    if (f.bytes > 0) for await (const chunk of createReadStream(dataFile, { start: at, end: at + f.bytes - 1 })) chunks.push(chunk as Buffer);
    await storage.put(f.key, Buffer.concat(chunks), 'application/octet-stream');
    at += f.bytes;
  }
  truncateSync(dataFile, attachments.dataBytes);
}
