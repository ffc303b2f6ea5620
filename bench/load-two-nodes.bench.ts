import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadDemoData } from '../src/services/setup/demo-data.ts';
import { createApiToken, LOCAL_OPERATOR } from '../src/services/users/users.ts';
import { createTestDeps, postgresAvailable } from '../test/helpers/dialects.ts';
import { freePort, haproxyAvailable, startHaproxy, startNode, until, waitUntilReady, type Balancer, type Node } from '../test/helpers/two-nodes.ts';
import { generateBookOfBusiness } from './generate.ts';
import { round, type BenchResult, type BenchRow } from './harness.ts';
import { CONNECTIONS, load, mixedLoad } from './load-mix.ts';

/**
 * `npm run bench -- load-two-nodes`: the load-mixed mix (the accounts list, My day, a meeting's
 * agenda, and adding a contact: one write in four) from BENCH_CONNECTIONS clients (200) for
 * BENCH_SECONDS (60) on one PostgreSQL database with load-mixed's 20,000-account book, against
 * (a) one node directly, (b) the same node behind HAProxy (what the balancer itself costs) and
 * (c) two nodes behind HAProxy, round robin without stickiness, as the README sets it up.
 * Nodes are `cadence serve` processes; the load comes from bench/load-driver.mjs, a process of its own.
 * Target (issue #16): 0 errors, p99 under 300 ms, (c) at least 1.6× the throughput of (a); memory
 * flat within 20% after warm-up. Every process here shares the machine's cores, so the ratio is
 * bounded by them: the rows say how many there were and how loaded.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARM_UP_SECONDS = Math.max(5, Math.round(SECONDS / 6));
const TARGET_RATIO = 1.6;
const TARGET_P99_MS = 300;
const SECRET = 'load-two-nodes-secret-load-two-nodes-0123';

interface Job {
  url: string;
  seconds: number;
  headers: Record<string, string>;
  requests: unknown[];
}

/** A node's resident memory in MB, from /proc (the node is another process). */
function rssMb(node: Node): number {
  const status = readFileSync(`/proc/${node.process.pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  return round(kb / 1024, 1);
}

const loadAverage = () => round(loadavg()[0]!, 1);

/** A node's CPU time so far in seconds (user + system, /proc/PID/stat; the kernel counts in 1/100 s). */
function cpuSeconds(node: Node): number {
  const fields = readFileSync(`/proc/${node.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The whole machine's busy and total CPU time so far (/proc/stat), to tell whether the cores were the limit. */
function machineCpu(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/** Warm-up, then the measured run; each node's memory after each. */
async function measureCase(name: string, url: string, nodes: Node[], job: Omit<Job, 'url' | 'seconds'>): Promise<BenchRow & { req_per_s: number }> {
  await load({ ...job, url, seconds: WARM_UP_SECONDS });
  const warm = nodes.map(rssMb);
  const loadBefore = loadAverage();
  const [cpuBefore, machineBefore] = [nodes.map(cpuSeconds), machineCpu()];
  const loaded = await load({ ...job, url, seconds: SECONDS });
  const [cpuAfter, machineAfter] = [nodes.map(cpuSeconds), machineCpu()];
  const loadAfter = loadAverage();
  const end = nodes.map(rssMb);
  const row: BenchRow & { req_per_s: number } = {
    case: name,
    p50_ms: loaded.p50_ms,
    p95_ms: loaded.p95_ms,
    p99_ms: loaded.p99_ms,
    max_ms: loaded.max_ms,
    req_per_s: round(loaded.req_per_s, 0),
    requests: loaded.total,
    errors: loaded.errors,
    timeouts: loaded.timeouts,
    non2xx: loaded.non2xx,
    target_p99_ms: TARGET_P99_MS,
  };
  nodes.forEach((node, i) => {
    row[`rss_${node.name}_warm_mb`] = warm[i];
    row[`rss_${node.name}_end_mb`] = end[i];
    row[`rss_${node.name}_growth_pct`] = round(((end[i]! - warm[i]!) / warm[i]!) * 100, 1);
    // Share of one core the node used while measured: near 100 means its event loop was the limit.
    row[`cpu_${node.name}_pct_of_core`] = round(((cpuAfter[i]! - cpuBefore[i]!) / SECONDS) * 100, 0);
  });
  // Everything on the machine (PostgreSQL, HAProxy, the driver, other work): near 100 means the cores were the limit.
  row.machine_cpu_busy_pct = round(((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100, 0);
  row.cores = availableParallelism();
  row.load_average_1m = `${loadBefore} → ${loadAfter}`;
  return row;
}

export default async function loadTwoNodes(): Promise<BenchResult[]> {
  if (!(await postgresAvailable()) || !haproxyAvailable()) {
    console.warn('load-two-nodes needs PostgreSQL and HAProxy: skipped.');
    return [];
  }
  const deps = await createTestDeps('postgres');
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-load-two-nodes-'));
  const nodes: Node[] = [];
  let balancer: Balancer | undefined;
  try {
    // The same data as load-mixed: the demo, then the generated book, read by the bench CSM's token.
    const demo = await loadDemoData(deps, LOCAL_OPERATOR);
    const book = await generateBookOfBusiness(deps.store.db);
    const { token } = await createApiToken(deps, LOCAL_OPERATOR, book.benchCsmId, { name: 'bench' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // Jobs off: a playbook run falling on a 15-minute mark during one case and not another would
    // be measured as that case's cost. LOG_LEVEL warn: no line per request on either node.
    const env = { DATABASE_URL: deps.testDb.url, CADENCE_SECRET: SECRET, CADENCE_JOBS: 'off', CADENCE_BACKUP_SCHEDULE: 'off', LOG_LEVEL: 'warn' };
    const start = async (name: string) => {
      const node = startNode(name, await freePort(), { ...env, CADENCE_DATA_DIR: path.join(dir, name) });
      nodes.push(node);
      await waitUntilReady(node);
      return node;
    };
    const a = await start('a');

    const mix = await mixedLoad(a.url, headers);
    const job = { headers, requests: mix };

    const direct = await measureCase(`(a) one node directly, ${CONNECTIONS} clients × ${SECONDS} s, 1 write in 4`, a.url, [a], job);

    balancer = await startHaproxy(dir, [a]);
    await until(async () => Object.values(await balancer!.states()).join() === 'UP', 'HAProxy to see node a up', 30_000);
    const proxied = await measureCase('(b) one node behind HAProxy', balancer.url, [a], job);
    await balancer.stop();

    const b = await start('b');
    balancer = await startHaproxy(dir, [a, b]);
    await until(async () => Object.values(await balancer!.states()).join() === 'UP,UP', 'HAProxy to see both nodes up', 30_000);
    const two = await measureCase('(c) two nodes behind HAProxy, round robin', balancer.url, [a, b], job);
    two.baseline_case = direct.case;
    two.ratio_throughput_to_a = round(two.req_per_s / Math.max(1, direct.req_per_s), 2);
    two.ratio_throughput_to_b = round(two.req_per_s / Math.max(1, proxied.req_per_s), 2);
    two.target_ratio_throughput = TARGET_RATIO;
    proxied.baseline_case = direct.case;
    proxied.ratio_throughput_to_a = round(proxied.req_per_s / Math.max(1, direct.req_per_s), 2);
    direct.accounts = book.accounts;
    direct.demo_accounts = demo.accounts;

    return [{ benchmark: 'load-two-nodes', db: 'postgres', rows: [direct, proxied, two] }];
  } finally {
    await balancer?.stop();
    for (const node of nodes) await node.kill('SIGKILL');
    await deps.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
