import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/helpers/slow-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only thrash the PostgreSQL and SQLite files.
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
