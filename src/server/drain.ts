import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Makes `app.close()` wait for the requests still being answered, so the caller can destroy the
 * store after it without pulling the database from under them. Fastify's close stops accepting
 * and waits for the connections, but a client that gives up (a load test that ends, a browser
 * tab closed) closes its connection while its request is still running in a handler: the store
 * was then destroyed under it ("driver has already been destroyed", issue #16).
 *
 * A request counts from its arrival until its answer is handed over (onSend, which every answer
 * passes, an error's or a request's whose client left) or written (onResponse). A WebSocket
 * upgrade is left out: its connection is closed by its own route. After `waitMs` the close goes
 * on regardless, so one stuck handler cannot hold a shutdown forever.
 */
export function drainOnClose(app: FastifyInstance, waitMs = 10_000): void {
  const running = new Set<FastifyRequest>();
  let drained: (() => void) | undefined;
  const finished = (request: FastifyRequest) => {
    if (running.delete(request) && running.size === 0) drained?.();
  };
  app.addHook('onRequest', async (request) => {
    if (!request.headers.upgrade) running.add(request);
  });
  app.addHook('onSend', async (request) => finished(request));
  app.addHook('onResponse', async (request) => finished(request));
  // onClose runs once Fastify has stopped the server accepting: only these requests are left.
  app.addHook('onClose', async () => {
    if (running.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  });
}
