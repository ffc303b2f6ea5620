import { Command, CommanderError, Help } from 'commander';
import { AppError } from '../errors.ts';
import { ReportedFailure, type CliIo } from './io.ts';

type Register = (program: Command, io: CliIo) => void;

/** One `cadence <noun>` as root help lists it: the term is what commander would print for the real command. */
interface CommandEntry {
  readonly name: string;
  readonly term: string;
  readonly description: string;
}

/** One commands module: the top-level commands it makes, the ones it adds verbs to, and how to load it. */
interface CommandModule {
  readonly commands: readonly CommandEntry[];
  readonly extends?: readonly string[];
  load(): Promise<Register>;
}

const cmd = (name: string, description: string, term = name): CommandEntry => ({ name, term, description });

/**
 * Every command of `cadence <noun> <verb>`, in help order; later features add theirs here. A
 * module is imported only when its command runs, so `--version`, `--help` and a quick `due` never
 * load the web server, the mailer or the other commands' services (issue #16).
 */
export const COMMAND_MODULES: readonly CommandModule[] = [
  {
    commands: [cmd('serve', 'migrate the database and start the web app and API', 'serve [options]')],
    load: async () => (await import('./commands/serve.ts')).registerServeCommand,
  },
  {
    commands: [cmd('db', 'database maintenance'), cmd('demo', 'demo data'), cmd('user', 'users: add, deactivate, reactivate, reset a password'), cmd('token', 'API tokens')],
    load: async () => (await import('./commands/admin.ts')).registerAdminCommands,
  },
  {
    commands: [
      cmd('backup', 'take an online, consistent backup of the database (safe while the server runs)', 'backup [options]'),
      cmd('restore', 'restore a backup into an empty database (the server must be stopped)', 'restore [options] <file>'),
    ],
    load: async () => (await import('./commands/backup.ts')).registerBackupCommands,
  },
  {
    commands: [cmd('import', 'import the book of business from CSV (all or nothing)'), cmd('export', 'export the book of business as CSV')],
    load: async () => (await import('./commands/csv.ts')).registerCsvCommands,
  },
  {
    commands: [cmd('integrations', 'trackers, CRMs, chat and recording tools Cadence talks to'), cmd('sync', 'pull changes from the trackers now')],
    extends: ['import'],
    load: async () => (await import('./commands/integrations.ts')).registerIntegrationCommands,
  },
  {
    commands: [cmd('meetings', 'cadence calls'), cmd('agenda', 'meeting agendas'), cmd('follow-up', 'follow-ups after a call')],
    load: async () => (await import('./commands/meetings.ts')).registerMeetingCommands,
  },
  {
    commands: [cmd('notes', 'AI meeting notes from transcripts (local and deterministic)')],
    load: async () => (await import('./commands/notes.ts')).registerNotesCommands,
  },
  {
    commands: [],
    extends: ['notes'],
    load: async () => (await import('./commands/meetings.ts')).registerNotesDocumentCommands,
  },
  {
    commands: [cmd('today', "a CSM's day: calls today, tasks due, agendas to send, follow-ups owed", 'today [options]')],
    load: async () => (await import('./commands/today.ts')).registerTodayCommand,
  },
  {
    commands: [cmd('health', 'account health scores')],
    load: async () => (await import('./commands/health.ts')).registerHealthCommands,
  },
  {
    commands: [cmd('review', 'review packs: MBR per CSM, internal QBR per AE, CBR per account')],
    load: async () => (await import('./commands/reviews.ts')).registerReviewCommands,
  },
  {
    commands: [cmd('due', 'accounts overdue or due this week, most overdue first', 'due [options]'), cmd('policy', 'the cadence policy, holidays and playbook rules'), cmd('playbook', 'playbook tasks')],
    load: async () => (await import('./commands/cadence.ts')).registerCadenceCommands,
  },
  {
    commands: [cmd('calendar', "two-way calendar sync: each user's CalDAV calendar (Fastmail, Nextcloud, iCloud, Radicale)")],
    load: async () => (await import('./commands/calendar.ts')).registerCalendarCommands,
  },
  {
    commands: [cmd('scim', 'SCIM 2.0 provisioning from your identity provider')],
    load: async () => (await import('./commands/scim.ts')).registerScimCommands,
  },
  {
    commands: [cmd('mail', 'customer mail captured on the accounts: the capture address and what was logged')],
    load: async () => (await import('./commands/mail.ts')).registerMailCommands,
  },
  {
    commands: [cmd('crm', 'accounts from your CRM: pull HubSpot companies or Salesforce Accounts into the book of business')],
    load: async () => (await import('./commands/crm.ts')).registerCrmCommands,
  },
  {
    commands: [cmd('handoff', 'hand accounts or a whole book to a new owner, with a handoff note and a review task', 'handoff [options]')],
    load: async () => (await import('./commands/handoff.ts')).registerHandoffCommand,
  },
  {
    commands: [cmd('outbox', 'mails waiting to go out, and the dead letters')],
    load: async () => (await import('./commands/outbox.ts')).registerOutboxCommands,
  },
];

/** The top-level command a command line runs (`help X` asks about X), or undefined for bare options. */
function commandNamed(argv: readonly string[]): string | undefined {
  const operands = argv.filter((a) => !a.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/**
 * The program for one command line: the modules that make or extend its command are loaded and
 * registered for real; every other command is only its name and description, for help and for
 * commander's "did you mean". `'all'` loads every module.
 */
export async function buildProgram(io: CliIo, argv: readonly string[] | 'all'): Promise<Command> {
  const wanted = argv === 'all' ? undefined : commandNamed(argv);
  const needed = (m: CommandModule) => argv === 'all' || (wanted !== undefined && (m.commands.some((c) => c.name === wanted) || (m.extends ?? []).includes(wanted)));
  const registers = await Promise.all(COMMAND_MODULES.map((m) => (needed(m) ? m.load() : undefined)));

  const terms = new Map<Command, string>();
  // Set before any command is added: commander copies exit and output handling to each subcommand.
  const program = new Command('cadence')
    .description('Cadence: the cadence-call workspace for customer success teams')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .configureHelp({
      subcommandTerm(this: Help, command: Command) {
        return terms.get(command) ?? Help.prototype.subcommandTerm.call(this, command);
      },
    });
  COMMAND_MODULES.forEach((m, i) => {
    const register = registers[i];
    if (register) return register(program, io);
    for (const c of m.commands) terms.set(program.command(c.name).description(c.description), c.term);
  });
  return program;
}

/**
 * Runs one `cadence …` command line and answers its exit code instead of exiting, so tests run it in
 * process: 0 on success, 1 on a user error (one line on stderr), 2 on a usage error.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await (await buildProgram(io, argv)).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return exitCodeFor(err, io);
  }
}

async function exitCodeFor(thrown: unknown, io: CliIo): Promise<number> {
  if (thrown instanceof CommanderError) {
    // Help and version are not errors; commander already printed the usage problem.
    return thrown.code === 'commander.helpDisplayed' || thrown.code === 'commander.version' || thrown.code === 'commander.help' ? 0 : 2;
  }
  if (thrown instanceof ReportedFailure) return 1;
  // Loaded only on failure: the config schema and the database's error codes are not on the path of a command that succeeds.
  const [{ ConfigError }, { conflictFromDatabaseError }] = await Promise.all([import('../config.ts'), import('../services/setup/database.ts')]);
  const err = conflictFromDatabaseError(thrown) ?? thrown;
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
