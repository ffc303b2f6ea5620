import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { round, withRatios, type BenchResult, type BenchRow } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(root, 'bin', 'cadence.js');
/**
 * What bin/cadence.js runs in a built checkout, without its "is any source newer than the build"
 * check: in a shared checkout someone's edit mid-run would send bin/cadence.js to tsx and this
 * would measure the wrong thing.
 */
const BUILT_SERVE = `const m = await import(${JSON.stringify(path.join(root, 'dist', 'cli', 'main.js'))}); process.exitCode = await m.runCli(['serve'], process);`;
const RUNS = 8;
/** Issue #16: the server answers within 1.5 s of start. */
const TARGET_MS = 1500;

/** The baseline: a bare Fastify that answers one route, started the same way. */
const BARE_FASTIFY = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/readyz', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns the process and polls /readyz every 5 ms: the time from spawn to the first 200. */
async function timeToReady(args: string[], env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`node ${args.join(' ')} exited ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return Number(process.hrtime.bigint() - start) / 1e6;
      if (Number(process.hrtime.bigint() - start) > 30e9) throw new Error(`no 200 from /readyz within 30 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
  }
}

const quantile = (sorted: number[], q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0, 1);

/**
 * Time from `cadence serve` to its first ready answer, on the built server over the demo data in
 * SQLite, against a bare Fastify started the same way; the two are interleaved so a busy machine
 * slows both alike.
 */
export default async function runBench(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-server-ready-'));
  try {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build:server failed');
    const env = { CADENCE_DATA_DIR: dir, DATABASE_URL: path.join(dir, 'demo.db'), LOG_LEVEL: 'silent' };
    const loaded = spawnSync(process.execPath, [BIN, 'demo', 'load'], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    if (loaded.status !== 0) throw new Error(`cadence demo load failed: ${loaded.stderr}`);
    const cases: [string, string[]][] = [
      ['bare Fastify', ['--input-type=module', '-e', BARE_FASTIFY]],
      ['cadence serve (demo data, SQLite)', ['--input-type=module', '-e', BUILT_SERVE]],
    ];
    const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    for (let i = 0; i < RUNS + 1; i += 1) {
      for (const [name, args] of cases) {
        const ms = await timeToReady(args, env);
        if (i > 0) samples.get(name)?.push(ms);
      }
    }
    const rows: BenchRow[] = cases.map(([name]) => {
      const sorted = (samples.get(name) ?? []).sort((a, b) => a - b);
      return { case: name, p50_ms: quantile(sorted, 0.5), p95_ms: quantile(sorted, 0.95), ...(name === 'bare Fastify' ? {} : { baseline_case: 'bare Fastify' }) };
    });
    return {
      benchmark: 'server-ready',
      db: 'sqlite',
      rows: withRatios(rows).map((r) => (r.baseline_case ? { ...r, target_ms: TARGET_MS, meets_target: r.p95_ms <= TARGET_MS ? 'yes' : 'no' } : r)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
