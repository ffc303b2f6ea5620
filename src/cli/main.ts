import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { AppError } from '../errors.ts';
import { fromDatabaseError } from '../store/db-errors.ts';
import { registerAdminCommands } from './commands/admin.ts';
import { registerCadenceCommands } from './commands/cadence.ts';
import { registerCsvCommands } from './commands/csv.ts';
import { registerHealthCommands } from './commands/health.ts';
import { registerIntegrationCommands } from './commands/integrations.ts';
import { registerReviewCommands } from './commands/reviews.ts';
import { registerMeetingCommands, registerNotesDocumentCommands } from './commands/meetings.ts';
import { registerNotesCommands } from './commands/notes.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerTodayCommand } from './commands/today.ts';

/** Every command of `cadence <noun> <verb>`; later features add theirs here. */
export function buildProgram(): Command {
  const program = new Command('cadence')
    .description('Cadence: the cadence-call workspace for customer success teams')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServeCommand(program);
  registerAdminCommands(program);
  registerCsvCommands(program);
  registerIntegrationCommands(program);
  registerMeetingCommands(program);
  registerNotesCommands(program);
  registerNotesDocumentCommands(program);
  registerTodayCommand(program);
  registerHealthCommands(program);
  registerReviewCommands(program);
  registerCadenceCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI: exit 0 on success, 1 on a user error (one line on stderr), 2 on a usage error. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.commands.forEach(function override(c: Command) {
    c.exitOverride();
    c.commands.forEach(override);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

function exitCodeFor(thrown: unknown): number {
  const err = fromDatabaseError(thrown) ?? thrown;
  if (err instanceof CommanderError) {
    // Help and version are not errors; commander already printed the usage problem.
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
  }
  if (err instanceof AppError || err instanceof ConfigError) {
    process.stderr.write(`cadence: ${err.message}\n`);
    return 1;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ECONNREFUSED') {
    process.stderr.write(`cadence: cannot reach the database (${e.message})\n`);
    return 1;
  }
  if (e?.code === 'EADDRINUSE') {
    process.stderr.write(`cadence: the port is already in use (${e.message}); set PORT or --port\n`);
    return 1;
  }
  if (err instanceof Error) {
    process.stderr.write(`cadence: ${err.message.split('\n')[0]}\n`);
    if (process.env.CADENCE_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
  process.stderr.write(`cadence: ${String(err)}\n`);
  return 1;
}
