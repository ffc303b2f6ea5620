import { createRequire } from 'node:module';
import type * as IoRedis from 'ioredis';

// ioredis is loaded only when REDIS_URL is set: every process that can serve live notes imports this
// module, and loading ioredis was a sixth of a short CLI command's start-up (issue #16). It is CommonJS,
// so require keeps redisPubSub synchronous.
const require = createRequire(import.meta.url);

/** Messages between app nodes through Redis pub/sub (REDIS_URL): live notes' fan-out. */
export interface PubSub {
  /** Settles once the subscription is in place. */
  ready: Promise<void>;
  publish(message: Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * Two connections, as Redis wants: a subscribed connection can do nothing else. ioredis reconnects
 * on its own and subscribes again; `onReconnect` lets the caller catch up on what passed meanwhile.
 */
export function redisPubSub(url: string, channel: string, onMessage: (message: Buffer) => void, onReconnect: () => void, onError: (err: Error) => void): PubSub {
  const { Redis } = require('ioredis') as typeof IoRedis;
  const publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: false });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  let subscribedOnce = false;
  subscriber.on('ready', () => {
    if (subscribedOnce) onReconnect();
  });
  subscriber.on('messageBuffer', (ch: Buffer, message: Buffer) => {
    if (ch.toString() === channel) onMessage(message);
  });
  const ready = subscriber.subscribe(channel).then(
    () => {
      subscribedOnce = true;
    },
    (err: Error) => onError(err),
  );
  return {
    ready,
    async publish(message) {
      await publisher.publish(channel, message);
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
