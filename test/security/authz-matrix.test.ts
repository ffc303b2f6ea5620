import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { CALLERS, MATRIX, OPEN_FINDINGS, WEB_FILE, isWebFile, type Caller, type Ids, type Outcome, type RouteCase } from './authz-matrix.ts';
import { ALPHA, BRAVO, closeWorld, seedWorld, type World } from './world.ts';

const cellsChecked: Record<string, number> = {};

describe.each(await availableDialects())('the authorisation matrix: every route × every caller (%s)', (dialect) => {
  let world: World;
  let server: TestServer;
  let tokens: World['tokens'];
  let ids: Ids;
  let seq = 0;

  beforeAll(async () => {
    world = await seedWorld(dialect);
    ({ server, tokens, ids } = world);
  }, 120_000);

  afterAll(async () => closeWorld(world));

  const keyOf = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
  const entryFor = (route: TestServer['routes'][number]): RouteCase | undefined => MATRIX[keyOf(route)] ?? (isWebFile(route) ? { ...MATRIX[WEB_FILE]!, path: route.url } : undefined);

  it('every route in the route table has an entry, and every entry is a route', () => {
    const table = server.routes.map(keyOf);
    const missing = server.routes.filter((route) => !entryFor(route)).map(keyOf);
    expect(missing, `routes without an entry in test/security/authz-matrix.ts:\n${missing.join('\n')}`).toEqual([]);
    const stale = Object.keys(MATRIX).filter((key) => key !== WEB_FILE && !table.includes(key));
    expect(stale, 'entries for routes that no longer exist').toEqual([]);
  });

  it('each caller gets what the matrix says, and never the other team’s data', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const route of server.routes) {
      const key = keyOf(route);
      const entry = entryFor(route);
      if (!entry) continue;
      // Refused callers go first, all at once, so the allowed ones cannot change what they would see; then the allowed ones.
      for (const group of [CALLERS.filter((c) => entry.expect[c] !== 'ok'), CALLERS.filter((c) => entry.expect[c] === 'ok')]) {
        const problems: (string | undefined)[] = [];
        if (entry.serial) for (const caller of group) problems.push(await checkCell(route.method, entry, caller));
        else problems.push(...(await Promise.all(group.map((caller) => checkCell(route.method, entry, caller)))));
        group.forEach((caller, i) => {
          cells += 1;
          const cell = `${key} as ${caller}`;
          if (OPEN_FINDINGS[cell]) {
            if (problems[i]) console.log(`still open (#15): ${cell}: ${OPEN_FINDINGS[cell]}`);
            else failures.push(`${cell} passes now: remove it from OPEN_FINDINGS`);
          } else if (problems[i]) failures.push(`${cell}: ${problems[i]}`);
        });
      }
    }
    cellsChecked[dialect] = cells;
    expect(failures).toEqual([]);
  }, 240_000);

  async function checkCell(method: string, entry: RouteCase, caller: Caller): Promise<string | undefined> {
    seq += 1;
    const fresh = entry.fresh ? await world.fresh[entry.fresh]!() : {};
    const values: Ids = { ...ids, ...fresh, seq: String(seq) };
    const path = entry.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (values[name] === undefined) throw new Error(`the world has no ${name}`);
      return encodeURIComponent(values[name]!);
    });
    const body = typeof entry.body === 'function' ? (entry.body as (ids: Ids) => unknown)(values) : entry.body;
    const raw = entry.raw ? (typeof entry.raw.text === 'function' ? entry.raw.text(values) : entry.raw.text) : undefined;
    // The customer's link is its token in the path on the share routes, and a (refused) Bearer token elsewhere.
    const shareInPath = entry.path.includes('{shareToken}');
    const token = caller === 'unauthenticated' || (caller === 'share' && shareInPath) ? undefined : tokens[caller];
    const answer = await server.call(method, path, { body, raw, token, headers: entry.raw ? { 'content-type': entry.raw.type } : {} });
    const expected: Outcome = entry.expect[caller];
    const got = answer.status;
    const allowed = (got >= 200 && got < 400) || (entry.alsoOk ?? []).includes(got);
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    if (got >= 500) return `answered ${got}: ${text.slice(0, 200)}`;
    if (expected === 'ok' && !allowed) return `expected allowed, got ${got}: ${text.slice(0, 200)}`;
    if (expected !== 'ok' && got !== expected) return `expected ${expected}, got ${got}: ${text.slice(0, 200)}`;
    const forbidden = entry.showsTeamA ? BRAVO : ['csmOutside', 'otherManager'].includes(caller) ? ALPHA : ['viewer', 'admin'].includes(caller) ? undefined : BRAVO;
    if (forbidden && text.includes(forbidden)) return `the answer (${got}) holds the other team's data: …${text.slice(Math.max(0, text.indexOf(forbidden) - 120), text.indexOf(forbidden) + 20)}…`;
    return undefined;
  }
});

afterAll(() => {
  for (const [dialect, cells] of Object.entries(cellsChecked)) console.log(`authorisation matrix on ${dialect}: ${Object.keys(MATRIX).length} routes × ${CALLERS.length} callers = ${cells} cells checked`);
});
