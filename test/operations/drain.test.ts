import Fastify from 'fastify';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { drainOnClose } from '../../src/server/drain.ts';

/**
 * A client that gives up (a load test ending, a tab closed) leaves its request running in a
 * handler; closing the server must wait for it before the store is destroyed under it.
 */
async function closeWhileAClientLeft(drain: boolean): Promise<string[]> {
  const events: string[] = [];
  const app = Fastify();
  if (drain) drainOnClose(app, 5_000);
  let arrived!: () => void;
  const inHandler = new Promise<void>((resolve) => (arrived = resolve));
  app.get('/slow', async () => {
    arrived();
    await new Promise((r) => setTimeout(r, 1_500));
    events.push('handler used the store');
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const client = request({ host: '127.0.0.1', port, path: '/slow' });
  client.on('error', () => undefined);
  client.end();
  await inHandler;
  client.destroy(); // the client leaves while its request is still being answered
  await app.close();
  events.push('store destroyed');
  await new Promise((r) => setTimeout(r, 1_700));
  return events;
}

describe('closing the server', () => {
  it('destroys the store only after the requests still running were answered, though their clients left', async () => {
    expect(await closeWhileAClientLeft(true)).toEqual(['handler used the store', 'store destroyed']);
  });

  it('(the same without drainOnClose: the store went first, which is what it prevents)', async () => {
    expect(await closeWhileAClientLeft(false)).toEqual(['store destroyed', 'handler used the store']);
  });
});
