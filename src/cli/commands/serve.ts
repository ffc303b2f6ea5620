import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createDeps } from '../../deps.ts';
import { startServer } from '../../server/start.ts';
import type { CliIo } from '../io.ts';

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('migrate the database and start the web app and API')
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--demo-if-empty', 'load the demo team and book of business when the database is empty')
    .action(async (options: { port?: string; host?: string; demoIfEmpty?: boolean }) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        throw new Error(`--port '${options.port}' is not a port number`);
      }
      const config = loadConfig(io.env, { ...(port !== undefined ? { port } : {}), ...(options.host ? { host: options.host } : {}) });
      const deps = createDeps(config);
      await startServer(deps, { demoIfEmpty: options.demoIfEmpty ?? false, announce: (line) => io.stdout.write(`${line}\n`) });
    });
}
