import type { FastifyInstance } from 'fastify';

/**
 * Starts at most one request per turn of the event loop, in the order they arrived.
 *
 * Node 20's libuv accepts one new connection per turn. Before this, a turn ran every request that had
 * arrived, so with 200 busy clients a turn lasted a few hundred milliseconds and a client still
 * connecting waited turn after turn: under load, one request in a few hundred got no answer within
 * 10 s, while every request the server had started finished within 25 ms (issue #16). Started one
 * per turn, the turns stay short, a new connection is accepted within a request's time, and the
 * requests are answered first come, first served.
 *
 * The hook only waits for its turn: a request that awaits a vendor lets the next one start meanwhile.
 * (On SQLite only, see build-app.ts: a PostgreSQL request's work is spread over many turns.)
 */
export function startOnePerTurn(app: FastifyInstance): void {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const startNext = () => {
    waiting.shift()?.();
    // Scheduled from inside this turn's immediates, the next start comes after the next poll for I/O.
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(startNext);
  };
  app.addHook('onRequest', (_request, _reply, done) => {
    waiting.push(done);
    if (!scheduled) {
      scheduled = true;
      setImmediate(startNext);
    }
  });
}
