import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { AppError } from '../errors.ts';
import { conflictFromDatabaseError } from '../services/setup/database.ts';
import { registerAdminCommands } from './commands/admin.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerCadenceCommands } from './commands/cadence.ts';
import { registerCsvCommands } from './commands/csv.ts';
import { registerHealthCommands } from './commands/health.ts';
import { registerIntegrationCommands } from './commands/integrations.ts';
import { registerReviewCommands } from './commands/reviews.ts';
import { registerScimCommands } from './commands/scim.ts';
import { registerMeetingCommands, registerNotesDocumentCommands } from './commands/meetings.ts';
import { registerNotesCommands } from './commands/notes.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerTodayCommand } from './commands/today.ts';
import { ReportedFailure, type CliIo } from './io.ts';

/** Every command of `cadence <noun> <verb>`, writing to `io`; later features add theirs here. */
export function buildProgram(io: CliIo): Command {
  // Set before any command is added: commander copies exit and output handling to each subcommand.
  const program = new Command('cadence')
    .description('Cadence: the cadence-call workspace for customer success teams')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  registerServeCommand(program, io);
  registerAdminCommands(program, io);
  registerBackupCommands(program, io);
  registerCsvCommands(program, io);
  registerIntegrationCommands(program, io);
  registerMeetingCommands(program, io);
  registerNotesCommands(program, io);
  registerNotesDocumentCommands(program, io);
  registerTodayCommand(program, io);
  registerHealthCommands(program, io);
  registerReviewCommands(program, io);
  registerCadenceCommands(program, io);
  registerScimCommands(program, io);
  return program;
}

/**
 * Runs one `cadence …` command line and answers its exit code instead of exiting, so tests run it in
 * process: 0 on success, 1 on a user error (one line on stderr), 2 on a usage error.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return exitCodeFor(err, io);
  }
}

function exitCodeFor(thrown: unknown, io: CliIo): number {
  const err = conflictFromDatabaseError(thrown) ?? thrown;
  if (err instanceof CommanderError) {
    // Help and version are not errors; commander already printed the usage problem.
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
  }
  if (err instanceof ReportedFailure) return 1;
  if (err instanceof AppError || err instanceof ConfigError) {
    io.stderr.write(`cadence: ${err.message}\n`);
    return 1;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ECONNREFUSED') {
    io.stderr.write(`cadence: cannot reach the database (${e.message})\n`);
    return 1;
  }
  if (e?.code === 'EADDRINUSE') {
    io.stderr.write(`cadence: the port is already in use (${e.message}); set PORT or --port\n`);
    return 1;
  }
  if (err instanceof Error) {
    io.stderr.write(`cadence: ${err.message.split('\n')[0]}\n`);
    if (io.env.CADENCE_DEBUG) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
  io.stderr.write(`cadence: ${String(err)}\n`);
  return 1;
}
