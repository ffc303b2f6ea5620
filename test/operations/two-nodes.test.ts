/**
 * Two Cadence nodes (`cadence serve`, each its own process) on one PostgreSQL database behind a
 * real HAProxy: round robin, no stickiness, `option httpchk GET /readyz`. Everything a user does
 * goes through the balancer; the database is read directly to check what was kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../src/jobs/jobs.ts';
import { cadence } from '../helpers/cli.ts';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/dialects.ts';
import { startFakeZendesk, type FakeZendesk } from '../helpers/fake-trackers.ts';
import { freePort, haproxyAvailable, readiness, startHaproxy, startNode, startRelay, until, waitUntilReady, type Balancer, type Node, type Relay } from '../helpers/two-nodes.ts';

const ready = (await postgresAvailable()) && haproxyAvailable();
const SECRET = 'two-nodes-secret-two-nodes-secret-0123';
const EMAIL = 'ann@vendor.example';
const PASSWORD = 'a long shared-nothing passphrase 42';

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several shapes
  body: any;
  node: string | null;
  headers: Headers;
}

describe.skipIf(!ready)('two nodes on one PostgreSQL behind HAProxy', () => {
  let dir: string;
  let database: TestDatabase;
  let zendesk: FakeZendesk;
  let relay: Relay;
  let nodes: Node[] = [];
  let balancer: Balancer;
  let client: pg.Client;
  let token: string;
  let accountId: string;
  let nodesStartedAt: number;

  /** One request through the balancer, as a script would send it. */
  async function call(method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${balancer.url}${url}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(20_000) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, node: res.headers.get('x-cadence-node'), headers: res.headers };
  }
  const bearer = () => ({ authorization: `Bearer ${token}` });
  /** Sends the request until the other node answers it (round robin gets there on the next one). */
  async function onOtherNode(node: string | null, send: () => Promise<Answer>): Promise<Answer> {
    for (let i = 0; i < 6; i++) {
      const answer = await send();
      if (answer.node !== node) return answer;
    }
    throw new Error(`node ${node} answered six requests in a row: the balancer is not round robin`);
  }
  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> => (await client.query<T>(text, values)).rows;
  const describeNodes = () => nodes.map((n) => `--- node ${n.name} ---\n${n.output().slice(-3000)}`).join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-two-nodes-'));
    database = await createTestDatabase('postgres');
    zendesk = await startFakeZendesk();
    zendesk.put({ id: 1, subject: 'SSO login loops', status: 'open' });
    const env = { DATABASE_URL: database.url, CADENCE_SECRET: SECRET };
    const run = async (args: string[]) => {
      const r = await cadence(database.dataDir, args, env);
      expect(r.stderr, args.join(' ')).toBe('');
      return r.stdout;
    };
    // The operator's steps: migrate once, then a user, a book of business and a tracker.
    await run(['db', 'migrate']);
    await run(['user', 'add', '--email', EMAIL, '--name', 'Ann Admin', '--role', 'admin', '--password', PASSWORD]);
    token = (await run(['token', 'create', '--email', EMAIL])).trim();
    writeFileSync(path.join(dir, 'accounts.csv'), 'external_id,name,segment,stage\nSF-GLOBEX,Globex,enterprise,steady\n');
    await run(['import', 'accounts', path.join(dir, 'accounts.csv')]);
    writeFileSync(path.join(dir, 'zendesk.json'), JSON.stringify({ baseUrl: zendesk.url, email: 'ann@vendor.example', apiToken: 'good-token' }));
    await run(['integrations', 'add', 'support', '--kind', 'zendesk', '--settings', path.join(dir, 'zendesk.json')]);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();

    // Node b reaches the database through a relay the test can cut.
    relay = await startRelay(Number(new URL(database.url).port || 5432));
    const viaRelay = new URL(database.url);
    viaRelay.port = String(relay.port);
    const common = { CADENCE_SECRET: SECRET, CADENCE_BACKUP_SCHEDULE: 'off', CADENCE_JOBS: 'on' };
    nodesStartedAt = Date.now();
    nodes = [
      startNode('a', await freePort(), { ...common, DATABASE_URL: database.url, CADENCE_DATA_DIR: path.join(dir, 'a') }),
      startNode('b', await freePort(), { ...common, DATABASE_URL: viaRelay.toString(), CADENCE_DATA_DIR: path.join(dir, 'b') }),
    ];
    await Promise.all(nodes.map((node) => waitUntilReady(node)));
    balancer = await startHaproxy(dir, nodes);
    await until(async () => Object.values(await balancer.states()).join() === 'UP,UP', 'HAProxy to see both nodes up', 30_000);
    accountId = (await call('GET', '/api/accounts', { headers: bearer() })).body.items[0].id;
  }, 180_000);

  afterAll(async () => {
    for (const node of nodes) await node.kill('SIGKILL');
    await balancer?.stop();
    await relay?.close();
    await client?.end();
    await zendesk?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /readyz 200 naming the database and the job queue as up on each node', async () => {
    for (const node of nodes) {
      expect(await readiness(node.url)).toEqual({ status: 200, body: { status: 'ready', database: 'up', jobs: 'up', problems: [] } });
    }
  });

  it('keeps a sign-in made on one node valid on the other, and a sign-out on one ends it on both', async () => {
    const signIn = await call('POST', '/api/session', { body: { email: EMAIL, password: PASSWORD } });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const userId = (await query<{ id: string }>('select id from users where email = $1', [EMAIL]))[0]!.id;
    expect(await query('select id from sessions where user_id = $1', [userId])).toHaveLength(1);

    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const me = await call('GET', '/api/session', { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(me.body.user.email).toBe(EMAIL);
      seen.add(me.node!);
    }
    // Round robin: the same cookie was honoured by both nodes.
    expect([...seen].sort()).toEqual(['a', 'b']);

    const signOut = await call('DELETE', '/api/session', { headers: { cookie } });
    expect(signOut.status).toBe(204);
    expect(await query('select id from sessions where user_id = $1', [userId])).toHaveLength(0);
    const after = new Map<string, number>();
    for (let i = 0; i < 4; i++) {
      const me = await call('GET', '/api/session', { headers: { cookie } });
      after.set(me.node!, me.status);
    }
    expect(Object.fromEntries(after)).toEqual({ a: 401, b: 401 });
  });

  it('reads on one node the notes saved through the other, and refuses a stale save made on the other', async () => {
    const meeting = await call('POST', '/api/meetings', { headers: bearer(), body: { accountId, startsAt: '2026-12-10T15:00:00Z', acknowledgeOutOfHours: true } });
    expect(meeting.status).toBe(201);
    const saved = await call('PUT', `/api/meetings/${meeting.body.id}/notes`, { headers: bearer(), body: { version: meeting.body.notesVersion, notes: 'Globex wants SSO by January.' } });
    expect(saved.status).toBe(200);
    const read = await onOtherNode(saved.node, () => call('GET', `/api/meetings/${meeting.body.id}`, { headers: bearer() }));
    expect(read.body.notes).toBe('Globex wants SSO by January.');
    expect(read.body.notesVersion).toBe(saved.body.version);

    // A save based on the version before it, made on the other node, is refused: no lost update.
    const stale = await onOtherNode(saved.node, () => call('PUT', `/api/meetings/${meeting.body.id}/notes`, { headers: bearer(), body: { version: meeting.body.notesVersion, notes: 'an older draft' } }));
    expect(stale.status).toBe(409);
    expect((await call('GET', `/api/meetings/${meeting.body.id}`, { headers: bearer() })).body.notes).toBe('Globex wants SSO by January.');
  });

  it('runs each scheduled job once across both nodes', async () => {
    // Both nodes queued a first run of every job at start-up; wait until the queue has none left to do.
    const pending = async () => (await query<{ n: number }>(`select count(*)::int as n from cadence_jobs.job where name not like '\\_\\_%' and state in ('created', 'retry', 'active')`))[0]!.n;
    await until(async () => (await pending()) === 0, 'the start-up runs to finish', 60_000);
    const finishedAt = Date.now();
    /** The periods of a job the nodes have been up in: once in each at most (the schedule may not have fired yet in the last). */
    const periods = (everyMs: number) => Math.floor(finishedAt / everyMs) - Math.floor(nodesStartedAt / everyMs) + 1;

    // The tracker sync's own record: one run row per run, one incremental export asked of Zendesk.
    const syncEvery = JOBS.find((j) => j.name === 'sync-trackers')!.everyMs;
    const runs = await query<{ status: string }>('select status from integration_sync_runs');
    expect(runs.length).toBeGreaterThanOrEqual(1);
    // Almost always exactly one; two only when the nodes started just before a quarter hour.
    expect(runs.length).toBeLessThanOrEqual(periods(syncEvery));
    expect(runs.every((r) => r.status === 'ok')).toBe(true);
    expect(zendesk.exportRequests()).toBe(runs.length);
    expect(await query('select id from support_tickets')).toHaveLength(1);

    // Every job, as the queue kept it: one completed run per period, never one per node.
    const done = await query<{ name: string; period: string | null; n: number }>(`select name, singleton_on::text as period, count(*)::int as n from cadence_jobs.job where state = 'completed' group by name, singleton_on`);
    // (Jobs that run on every node, as the outbox does, go through no queue.)
    for (const job of JOBS.filter((j) => !j.everyNode)) {
      const mine = done.filter((d) => d.name === job.name);
      expect(mine.length, job.name).toBeGreaterThanOrEqual(1);
      expect(mine.length, job.name).toBeLessThanOrEqual(periods(job.everyMs));
      expect(
        mine.map((d) => d.n),
        `${job.name} runs in one period`,
      ).toEqual(mine.map(() => 1));
    }
  }, 90_000);

  it('drains a node whose database is unreachable: its /readyz answers 503 naming the database, HAProxy takes it out and back in', async () => {
    const [a, b] = nodes as [Node, Node];
    relay.cut();
    try {
      await until(
        async () => (await readiness(b.url))?.status === 503,
        () => `node b to report not ready\n${describeNodes()}`,
        20_000,
      );
      const answer = await readiness(b.url);
      expect(answer).toMatchObject({ status: 503, body: { status: 'not ready', database: 'down' } });
      expect(answer!.body.problems).toContain('database: unreachable');
      expect(await readiness(a.url)).toMatchObject({ status: 200, body: { database: 'up', jobs: 'up' } });
      await until(async () => (await balancer.states()).b === 'DOWN', 'HAProxy to take node b out', 20_000);
      for (let i = 0; i < 4; i++) {
        const list = await call('GET', '/api/accounts', { headers: bearer() });
        expect([list.status, list.node]).toEqual([200, 'a']);
      }
    } finally {
      relay.restore();
    }
    await waitUntilReady(b, 30_000);
    expect(await readiness(b.url)).toEqual({ status: 200, body: { status: 'ready', database: 'up', jobs: 'up', problems: [] } });
    await until(async () => (await balancer.states()).b === 'UP', 'HAProxy to put node b back', 20_000);
  }, 120_000);

  it('loses no acknowledged write when a node is killed mid-load', async () => {
    const b = nodes[1]!;
    const TOTAL = 200;
    const acknowledged = new Set<string>();
    const servedBy: Record<string, number> = {};
    let retries = 0;
    let next = 0;
    let killed: Promise<void> | undefined;

    /** A client behind a balancer: a refused or broken connection, or the balancer's 502/503, is tried again. */
    const write = async (text: string): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        try {
          const answer = await call('POST', '/api/action-items', { headers: bearer(), body: { accountId, text, side: 'vendor', owner: { name: 'Ann' } } });
          if (answer.status === 201) {
            acknowledged.add(text);
            servedBy[answer.node!] = (servedBy[answer.node!] ?? 0) + 1;
            return;
          }
          if (![502, 503, 504].includes(answer.status)) throw new Error(`${text}: ${answer.status} ${JSON.stringify(answer.body)}`);
        } catch (err) {
          if ((err as Error).message.startsWith(text)) throw err;
        }
        if (attempt === 20) throw new Error(`${text}: no answer after 20 attempts`);
        retries++;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    };
    const worker = async () => {
      while (next < TOTAL) {
        const i = next++;
        // Mid-load: once a quarter of the writes are in, node b dies without a chance to finish anything.
        if (i === TOTAL / 4) killed = b.kill('SIGKILL');
        await write(`write ${i}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await killed;

    expect(b.process.signalCode).toBe('SIGKILL');
    expect(servedBy.a).toBeGreaterThan(0);
    expect(servedBy.b).toBeGreaterThan(0);
    expect(acknowledged.size).toBe(TOTAL);
    const stored = new Set((await query<{ text: string }>('select text from action_items where account_id = $1', [accountId])).map((r) => r.text));
    const lost = [...acknowledged].filter((t) => !stored.has(t));
    expect(lost, `retried ${retries} times`).toEqual([]);
  }, 120_000);
});
