/**
 * Real processes for the several-nodes tests: Cadence nodes started as `cadence serve`, a Debian
 * HAProxy in front of them, and a TCP relay that can cut one node off its database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const HAPROXY = '/usr/sbin/haproxy';

/** Whether Debian's HAProxy is installed; under CI=true a missing one is a failure, not a skip. */
export function haproxyAvailable(): boolean {
  if (existsSync(HAPROXY)) return true;
  if (process.env.CI === 'true') throw new Error(`HAProxy is required under CI=true but ${HAPROXY} is missing (apt-get install haproxy)`);
  console.warn(`${HAPROXY} is missing: the several-nodes tests are skipped.`);
  return false;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until check() is true; the message says what never happened. */
export async function until(check: () => Promise<boolean> | boolean, message: string | (() => string), timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s: ${typeof message === 'string' ? message : message()}`);
    // 20 ms: a 100 ms poll waited 50 ms on average past each start and each first send, 50 of each in the crash test.
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Node {
  name: string;
  port: number;
  url: string;
  process: ChildProcess;
  /** Everything it printed, for a failing test's message. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

const BIN = path.resolve('bin/cadence.js');

/** `cadence serve` in a process of its own, as an operator starts each node (`bin`: another build of the CLI, see quick-build.ts). */
export function startNode(name: string, port: number, env: Record<string, string>, bin = BIN): Node {
  // From source: a dist/ built before this checkout's last change would be another Cadence.
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port)], {
    env: { PATH: process.env.PATH ?? '', CADENCE_FROM_SOURCE: '1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** GET /readyz of one node: its status and body, or null when nothing answers. */
export async function readiness(url: string): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** Polls the node's /readyz until it answers 200; a node that exits meanwhile fails at once, with what it printed. */
export async function waitUntilReady(node: Node, timeoutMs = 90_000): Promise<void> {
  await until(
    async () => {
      if (node.process.exitCode !== null || node.process.signalCode !== null) throw new Error(`node ${node.name} exited:\n${node.output()}`);
      return (await readiness(node.url))?.status === 200;
    },
    () => `node ${node.name} to be ready\n${node.output()}`,
    timeoutMs,
  );
}

export interface Balancer {
  url: string;
  /** Each server's state as HAProxy sees it: 'UP', 'DOWN', 'UP 1/2' … */
  states(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * The README's HAProxy set-up: round robin, no stickiness, a node is taken out when its /readyz
 * fails twice and back in when it passes twice. Each answer names the node that gave it
 * (x-cadence-node), so a test can tell the two apart.
 */
export async function startHaproxy(dir: string, nodes: { name: string; port: number }[]): Promise<Balancer> {
  const [port, statsPort] = [await freePort(), await freePort()];
  const config = [
    'global',
    '  maxconn 256',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout check 3s',
    '  retries 2',
    '  option redispatch',
    'frontend cadence',
    `  bind 127.0.0.1:${port}`,
    '  default_backend nodes',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  http-response set-header x-cadence-node %s',
    '  default-server inter 500ms fall 2 rise 2',
    ...nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check`),
    'listen stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '',
  ].join('\n');
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child = spawn(HAPROXY, ['-f', file, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const states = async (): Promise<Record<string, string>> => {
    const res = await fetch(`http://127.0.0.1:${statsPort}/stats;csv`);
    const [header, ...rows] = (await res.text()).trim().split('\n');
    const columns = header!.replace(/^# /, '').split(',');
    const [px, sv, status] = ['pxname', 'svname', 'status'].map((c) => columns.indexOf(c));
    const out: Record<string, string> = {};
    for (const row of rows.map((r) => r.split(','))) if (row[px!] === 'nodes' && !['FRONTEND', 'BACKEND'].includes(row[sv!]!)) out[row[sv!]!] = row[status!]!;
    return out;
  };
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`haproxy exited: ${output}`);
      return states().then(
        () => true,
        () => false,
      );
    },
    `haproxy to listen (${output})`,
    20_000,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    states,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Relay {
  port: number;
  /** Ends every connection through it and refuses new ones: the database is gone for whoever uses it. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A TCP relay to a port, for a node whose network to the database can be cut and restored. */
export async function startRelay(targetPort: number): Promise<Relay> {
  let open = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const cut = () => {
    open = false;
    for (const s of sockets) s.destroy();
  };
  return {
    port,
    cut,
    restore() {
      open = true;
    },
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
