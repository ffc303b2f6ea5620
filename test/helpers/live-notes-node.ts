import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { createDeps, type Deps } from '../../src/deps.ts';
import { buildApp } from '../../src/server/build-app.ts';
import type { TestServer } from './test-server.ts';

export interface LiveNotesNode {
  deps: Deps;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/**
 * Another Cadence node, in this process, on the test server's database (or the same one after a
 * restart); `config` adds what the node shares with the first, such as its `redisUrl`.
 */
export async function nodeOn(server: TestServer, config: Partial<Config> = {}): Promise<LiveNotesNode> {
  const ownConfig = loadConfig({ LOG_LEVEL: 'silent' }, { databaseUrl: server.deps.testDb.url, dataDir: server.deps.testDb.dataDir, secret: server.deps.config.secret, loginRateLimit: 5, ...config });
  const deps = createDeps(ownConfig, { now: () => server.deps.now() });
  const app = await buildApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    deps,
    app,
    url,
    close: async () => {
      await app.close();
      await deps.store.destroy();
    },
  };
}
