import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/helpers/slow-first-sequencer.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only thrash the PostgreSQL and SQLite files.
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      {
        // The tests beside src/ are pure (no database, no server, no module mocks): worker threads
        // that keep their imports from file to file. src/ alone went from 140 s to 27–47 s (import
        // 56 s → 13–24 s), run A/B under the same load.
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts'], pool: 'threads', isolate: false },
      },
      {
        // Databases, servers, child processes and native modules: child processes (forks), each running
        // file after file with its imports kept. A fresh process per file re-imported Fastify, Kysely, zod
        // and the whole app every time: test/api alone went from 180 s to 88 s (import 115 s → 15 s) and
        // every integration file passed either way. Each file builds its own server, store and data dir,
        // and no test mocks modules, sets process.env or fakes timers, so nothing carries from file to file.
        extends: true,
        // fast-passwords: scrypt at a test cost in the test processes (test/helpers/fast-passwords.ts).
        test: { name: 'integration', include: ['test/**/*.test.ts'], pool: 'forks', isolate: false, setupFiles: ['test/helpers/fast-passwords.ts'] },
      },
    ],
  },
});
