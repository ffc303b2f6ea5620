import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';
import { markServerRunning } from '../services/setup/backup.ts';
import { migrateDatabase } from '../services/setup/database.ts';
import { DEMO_CSM_LOGIN, DEMO_LOGIN, DEMO_PASSWORD, isDemoUser, loadDemoData } from '../services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../services/users/users.ts';
import { JOBS } from '../jobs/jobs.ts';
import { startJobs, type JobRunner } from '../jobs/runner.ts';
import type { JobQueueHealth } from '../services/setup/readiness.ts';
import { buildApp, type RoutePlugin } from './build-app.ts';
import { drainOnClose } from './drain.ts';

export interface StartOptions {
  demoIfEmpty: boolean;
  announce: (line: string) => void;
  plugins?: RoutePlugin[];
}

/** Migrates, optionally seeds the demo, listens, and shuts down cleanly on SIGINT/SIGTERM. */
export async function startServer(deps: Deps, options: StartOptions): Promise<FastifyInstance> {
  const applied = await migrateDatabase(deps);
  if (applied.length) options.announce(`Database migrated (${applied.length} migration${applied.length > 1 ? 's' : ''} applied).`);
  if (options.demoIfEmpty) {
    const demo = await loadDemoData(deps, LOCAL_OPERATOR);
    if (demo.loaded) options.announce(`Demo data loaded: ${demo.users} users, ${demo.accounts} accounts, ${demo.contacts} contacts.`);
  }
  const started: { jobs?: JobRunner } = {};
  // Not ready until the job queue is up, so a balancer sends no traffic to a node still starting.
  const jobHealth = async (): Promise<JobQueueHealth> => (!deps.config.jobs ? { state: 'off' } : started.jobs ? started.jobs.health() : { state: 'down', problem: 'the job runner is starting' });
  const app = await buildApp(deps, options.plugins, { jobHealth });
  // On SIGTERM the store is destroyed only once the requests still running have been answered.
  drainOnClose(app);
  await app.listen({ port: deps.config.port, host: deps.config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.port;
  options.announce(`Cadence is running at http://${deps.config.host}:${port}/ (${deps.config.dialect === 'sqlite' ? `SQLite ${deps.config.databaseUrl}` : 'PostgreSQL'})`);
  options.announce(`API docs: http://${deps.config.host}:${port}/docs`);
  if (await isDemoUser(deps)) {
    options.announce(`Demo login: ${DEMO_LOGIN} / ${DEMO_PASSWORD}`);
    options.announce(`(a CSM with calls and tasks: ${DEMO_CSM_LOGIN}, same password)`);
  }

  const unmark = markServerRunning(deps.config);
  process.once('exit', unmark);
  const jobs = deps.config.jobs ? await startJobs(deps, JOBS) : undefined;
  started.jobs = jobs;
  if (jobs && JOBS.length) options.announce(`Scheduled jobs: ${JOBS.map((j) => j.name).join(', ')} (${deps.config.dialect === 'postgres' ? 'queued on PostgreSQL' : 'in process'}).`);

  // Loaded only when configured: a node without a capture port never loads the SMTP server or the mail parser.
  const capture = deps.config.mailCapture.smtp ? await (await import('../services/mail-capture/mail-capture-receiver.ts')).startMailCapture(deps) : undefined;
  if (capture) options.announce(`Mail capture: SMTP on ${deps.config.mailCapture.smtp?.host}:${capture.port} takes mail to ${deps.config.mailCapture.address}.`);

  const stop = async () => {
    await capture?.close();
    await jobs?.stop();
    await app.close();
    await deps.store.destroy();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return app;
}
