import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Clients at once (BENCH_CONNECTIONS, 200 as issue #16 says). */
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);

/** One request of the mixed load, as bench/load-driver.mjs sends it. */
export interface MixRequest {
  method: string;
  path: string;
  body?: string;
}

/**
 * The mixed load of issue #16 (load-mixed and load-two-nodes send the same): the accounts list, My day,
 * a meeting's agenda (an account when the CSM has no meeting) and one write in four (a contact added).
 * Each is asked once first, so a broken route fails the bench instead of filling it with errors.
 */
export async function mixedLoad(base: string, headers: Record<string, string>): Promise<MixRequest[]> {
  const accounts = (await (await fetch(`${base}/api/accounts?owner=me&limit=50`, { headers })).json()) as { items: { id: string }[] };
  const account = accounts.items[0]!.id;
  const meetings = (await (await fetch(`${base}/api/meetings?accountId=${account}`, { headers })).json()) as { items?: { id: string }[] };
  const meeting = meetings.items?.[0]?.id;
  const mix: MixRequest[] = [
    { method: 'GET', path: '/api/accounts?owner=me&sort=-arr&limit=50' },
    { method: 'GET', path: '/api/my-day' },
    meeting ? { method: 'GET', path: `/api/meetings/${meeting}/agenda` } : { method: 'GET', path: `/api/accounts/${account}` },
    { method: 'POST', path: '/api/contacts', body: JSON.stringify({ accountId: account, name: 'Load Test Contact' }) },
  ];
  for (const r of mix) {
    const res = await fetch(`${base}${r.path}`, { method: r.method, headers, body: r.body });
    if (res.status >= 300) throw new Error(`${r.method} ${r.path} answered ${res.status}: ${await res.text()}`);
  }
  return mix;
}

/** What bench/load-driver.mjs reports of one run (autocannon's figures; p95 from each 2xx answer's time). */
export interface LoadResult {
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  req_per_s: number;
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Runs the load driver in a process of its own (so its work is not the server's), CONNECTIONS clients. */
export async function load(job: { url: string; seconds: number; headers: Record<string, string>; requests: unknown[] }): Promise<LoadResult> {
  const driver = path.join(import.meta.dirname, 'load-driver.mjs');
  const { stdout } = await run(process.execPath, [driver, JSON.stringify({ ...job, connections: CONNECTIONS })], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as LoadResult;
}
