import type { JobDefinition } from './runner.ts';

/**
 * Every scheduled job of Cadence. Each feature adds its own (the playbook run, health recompute,
 * ticket sync …); the runner gives them an in-process timer on SQLite and a queue on PostgreSQL.
 */
export const JOBS: JobDefinition[] = [];
