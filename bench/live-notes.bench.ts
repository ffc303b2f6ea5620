import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import * as Y from 'yjs';
import { cadence } from '../test/helpers/cli.ts';
import { createTestDatabase, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { connectEditor, type ProviderEditor } from '../test/helpers/live-notes-provider.ts';
import { freePort, startNode, until, waitUntilReady } from '../test/helpers/two-nodes.ts';
import { round, type BenchResult, type BenchRow } from './harness.ts';

/**
 * `npm run bench -- live-notes` (issue #20, "Must show"): 50 meetings' live notes, 5 editors on
 * each typing 5 keystrokes a second for 60 s, on loopback, against `cadence serve` in a process of
 * its own (SQLite; PostgreSQL too when it answers). Delivery latency is from the keystroke on one
 * editor to its arrival on each of the other four (a keystroke is known by its Yjs id: client and
 * clock). The baseline is the same editors through a bare `ws` relay (bench/ws-relay.mjs): no auth,
 * no document, no database. Also: the server's memory before, at its peak and after, and what is
 * stored once the documents were compacted. Target: p99 under 150 ms.
 * LIVE_NOTES_BENCH_SECONDS shortens the typing for a quick try; LIVE_NOTES_BENCH_DB=sqlite (or postgres)
 * runs one database only; LIVE_NOTES_BENCH_PROFILE=DIR writes the server's CPU profile there (it is then
 * stopped with SIGTERM, so the profile is written).
 */

// Each provider listens for the process's exit: 250 of them are expected here.
process.setMaxListeners(0);
const DOCS = 50;
const WRITERS = 5;
const KEYS_PER_SECOND = 5;
const SECONDS = Number(process.env.LIVE_NOTES_BENCH_SECONDS ?? 60);
const ONLY_DB = process.env.LIVE_NOTES_BENCH_DB as DialectName | undefined;
const PROFILE_DIR = process.env.LIVE_NOTES_BENCH_PROFILE;
const SECRET = 'live-notes-bench-secret-0123456789abcdef';
const EMAIL = 'bench@vendor.example';
const WORDS = 'globex wants sso by january budget approved renewal in march needs legal review '.split('');

function percentiles(samples: number[]) {
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0, 1);
  return { p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), max_ms: round(s.at(-1) ?? 0, 1) };
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return round(Number(line?.match(/\d+/)?.[0] ?? 0) / 1024, 0);
}

interface Load {
  latencies: number[];
  sent: number;
  expected: number;
  delivered: number;
  peakRssMb: number;
}

/**
 * Types on every editor at the rate for the duration and counts each keystroke's arrival on the
 * others. Keystrokes are known by (client, clock): one character is one clock tick of its editor.
 */
async function typeFor(groups: ProviderEditor[][], serverPid: number): Promise<Load> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let delivered = 0;
  for (const group of groups) {
    for (const client of group) {
      client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== client.provider) return;
        const now = performance.now();
        const { from, to } = Y.parseUpdateMeta(update);
        for (const [id, start] of from) {
          for (let clock = start; clock < (to.get(id) ?? start); clock++) {
            const t = sentAt.get(`${id}:${clock}`);
            if (t === undefined) continue;
            latencies.push(now - t);
            delivered++;
          }
        }
      });
    }
  }
  let sent = 0;
  let peakRssMb = rssMb(serverPid);
  const timers: NodeJS.Timeout[] = [];
  const starts: NodeJS.Timeout[] = [];
  const everyone = groups.flat();
  everyone.forEach((client, n) => {
    // Spread over the first interval, so 250 editors do not all type in the same millisecond.
    starts.push(
      setTimeout(
        () =>
          timers.push(
            setInterval(() => {
              const text = client.doc.getText('notes');
              const clock = Y.getState(client.doc.store, client.doc.clientID);
              sentAt.set(`${client.doc.clientID}:${clock}`, performance.now());
              text.insert(text.length, WORDS[(sent + n) % WORDS.length]!);
              sent++;
            }, 1000 / KEYS_PER_SECOND),
          ),
        Math.random() * (1000 / KEYS_PER_SECOND),
      ),
    );
  });
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(serverPid))), 1000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const t of [...starts, ...timers]) clearTimeout(t);
  const expected = sent * (WRITERS - 1);
  // The last keystrokes are still on their way: give them a while, then count what never came.
  await until(
    () => delivered >= expected,
    () => `every keystroke delivered (${delivered} of ${expected})`,
    20_000,
  ).catch(() => undefined);
  clearInterval(sampler);
  return { latencies, sent, expected, delivered, peakRssMb };
}

function loadRow(name: string, load: Load, extra: Record<string, string | number> = {}): BenchRow {
  return {
    case: name,
    ...percentiles(load.latencies),
    keystrokes: load.sent,
    deliveries: load.delivered,
    lost: load.expected - load.delivered,
    ...extra,
  };
}

export async function baseline(): Promise<BenchRow> {
  const relay: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, 'ws-relay.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) => relay.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    const url = `http://127.0.0.1:${port}`;
    const groups = Array.from({ length: DOCS }, (_, d) => Array.from({ length: WRITERS }, (_, w) => connectEditor(url, `doc-${d}`, 'none', { name: `d${d}w${w}` })));
    // The relay has no document to sync with: connected is as far as it goes.
    await until(() => groups.flat().every((c) => c.provider.wsconnected), 'every editor connected to the relay', 60_000);
    const before = rssMb(relay.pid!);
    const load = await typeFor(groups, relay.pid!);
    for (const c of groups.flat()) c.destroy();
    return loadRow('bare ws relay (baseline)', load, { server_rss_before_mb: before, server_rss_peak_mb: load.peakRssMb, server_rss_after_mb: rssMb(relay.pid!) });
  } finally {
    relay.kill('SIGKILL');
  }
}

/** What the database holds for the live notes: bytes of snapshots and of updates not yet compacted. */
async function storedSize(dialect: DialectName, url: string): Promise<{ snapshot_bytes: number; update_bytes: number; update_rows: number }> {
  const q = ['select coalesce(sum(length(snapshot)), 0) as s from live_note_docs', 'select coalesce(sum(length(data)), 0) as s, count(*) as n from live_note_updates'];
  if (dialect === 'sqlite') {
    const db = new Database(url, { readonly: true });
    try {
      const snap = db.prepare(q[0]!).get() as { s: number };
      const upd = db.prepare(q[1]!).get() as { s: number; n: number };
      return { snapshot_bytes: Number(snap.s), update_bytes: Number(upd.s), update_rows: Number(upd.n) };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const snap = (await client.query<{ s: string }>(q[0]!)).rows[0]!;
    const upd = (await client.query<{ s: string; n: string }>(q[1]!)).rows[0]!;
    return { snapshot_bytes: Number(snap.s), update_bytes: Number(upd.s), update_rows: Number(upd.n) };
  } finally {
    await client.end();
  }
}

async function onCadence(dialect: DialectName, base: BenchRow): Promise<BenchResult> {
  const database = await createTestDatabase(dialect);
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-live-bench-'));
  const env = { DATABASE_URL: database.url, CADENCE_SECRET: SECRET };
  const run = async (args: string[]) => {
    const r = await cadence(database.dataDir, args, env);
    if (r.code !== 0) throw new Error(`cadence ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await run(['db', 'migrate']);
  await run(['user', 'add', '--email', EMAIL, '--name', 'Bench Admin', '--role', 'admin', '--password', 'a long bench passphrase 42']);
  const token = (await run(['token', 'create', '--email', EMAIL])).trim();
  writeFileSync(path.join(dir, 'accounts.csv'), 'external_id,name,segment,stage\nSF-GLOBEX,Globex,enterprise,steady\n');
  await run(['import', 'accounts', path.join(dir, 'accounts.csv')]);
  const node = startNode('bench', await freePort(), {
    DATABASE_URL: database.url,
    CADENCE_SECRET: SECRET,
    CADENCE_DATA_DIR: database.dataDir,
    CADENCE_BACKUP_SCHEDULE: 'off',
    CADENCE_JOBS: 'off',
    LOG_LEVEL: 'warn',
    ...(PROFILE_DIR ? { NODE_OPTIONS: `--require ${path.join(import.meta.dirname, 'cpu-profile.cjs')}`, CPU_PROFILE_DIR: PROFILE_DIR } : {}),
  });
  const clients: ProviderEditor[] = [];
  try {
    await waitUntilReady(node);
    const api = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${node.url}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const accountId = ((await api('GET', '/api/accounts')).items as { id: string }[])[0]!.id;
    const meetings: string[] = [];
    for (let d = 0; d < DOCS; d++)
      meetings.push(String((await api('POST', '/api/meetings', { accountId, startsAt: new Date(Date.UTC(2026, 11, 14 + (d % 10), 15, d)).toISOString(), acknowledgeOutOfHours: true, acknowledgeBackToBack: true })).id));
    const before = rssMb(node.process.pid!);
    const groups = meetings.map((id, d) => Array.from({ length: WRITERS }, (_, w) => connectEditor(node.url, id, token, { name: `d${d}w${w}` })));
    clients.push(...groups.flat());
    await Promise.all(clients.map((c) => c.synced(120_000)));
    const connected = rssMb(node.process.pid!);
    const load = await typeFor(groups, node.process.pid!);
    const closedByServer = clients.filter((c) => c.closes.length > 0).length;
    const textBytes = groups.reduce((n, g) => n + Buffer.byteLength(g[0]!.text()), 0);
    for (const c of clients) c.destroy();
    // The last editor gone compacts each document: wait for the updates table to empty out.
    let stored = await storedSize(dialect, database.url);
    await until(
      async () => (stored = await storedSize(dialect, database.url)).update_rows === 0,
      () => `every document compacted (${stored.update_rows} update rows left)`,
      60_000,
    ).catch(() => undefined);
    const after = rssMb(node.process.pid!);
    const row = loadRow(`cadence serve (${dialect}), ${DOCS} documents × ${WRITERS} editors`, load, {
      baseline_case: String(base.case),
      ratio_p99: round(Number(percentiles(load.latencies).p99_ms) / Math.max(1, Number(base.p99_ms)), 2),
      target_p99_ms: 150,
      seconds: SECONDS,
      closed_by_server: closedByServer,
      server_rss_before_mb: before,
      server_rss_connected_mb: connected,
      server_rss_peak_mb: load.peakRssMb,
      server_rss_after_mb: after,
      text_bytes: textBytes,
      ...stored,
      stored_bytes_per_text_byte: round((stored.snapshot_bytes + stored.update_bytes) / Math.max(1, textBytes), 2),
    });
    const withRatio = { ...row, ratio_p95: round(row.p95_ms / Math.max(0.1, base.p95_ms), 2) };
    return { benchmark: 'live-notes', db: dialect, rows: [base, withRatio] };
  } finally {
    for (const c of clients) c.destroy();
    await node.kill(PROFILE_DIR ? 'SIGTERM' : 'SIGKILL');
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<BenchResult[]> {
  const base = await baseline();
  const results: BenchResult[] = [];
  if (ONLY_DB !== 'postgres') results.push(await onCadence('sqlite', base));
  if (ONLY_DB !== 'sqlite' && (await postgresAvailable())) results.push(await onCadence('postgres', base));
  return results;
}
