import Fastify from 'fastify';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startOnePerTurn } from '../../src/server/fair-turns.ts';

const BUSY = 20;
const LATE = 20;
const CLIENTS = fileURLToPath(new URL('../helpers/busy-clients.mjs', import.meta.url));

/**
 * A server kept busy by BUSY clients (each request costs 4 ms of CPU) while LATE clients connect:
 * for each late client, how many answers the server gave between its connecting and its own answer.
 * Answered in turn, a client waits for about the requests already queued (BUSY + LATE at most).
 */
async function answersBeforeALateClient(onePerTurn: boolean): Promise<number[]> {
  const app = Fastify();
  if (onePerTurn) startOnePerTurn(app);
  let served = 0;
  app.get('/spin', async () => {
    const start = performance.now();
    while (performance.now() - start < 4);
    served += 1;
    return { served };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address() as AddressInfo;
    const { stdout } = await promisify(execFile)(process.execPath, [CLIENTS, String(port), String(BUSY), String(LATE)]);
    return JSON.parse(stdout) as number[];
  } finally {
    await app.close();
  }
}

describe('a busy server', () => {
  it('answers a client that connects while others keep it busy in its turn, behind the requests already waiting, not after many rounds of them', async () => {
    const waits = await answersBeforeALateClient(true);
    expect(waits).toHaveLength(LATE);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2 * (BUSY + LATE));
  });

  it('(the same without one request per turn: Node accepts one connection per turn, and each turn answered every busy client first)', async () => {
    const waits = await answersBeforeALateClient(false);
    expect(Math.max(...waits)).toBeGreaterThan(2 * (BUSY + LATE));
  });
});
