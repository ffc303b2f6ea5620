import type { Command } from 'commander';
import { getOutboxStatus, retryDeadLetter } from '../../services/outbox/dead-letters.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import type { CliIo } from '../io.ts';
import { formatTable, printJson } from '../output.ts';

export function registerOutboxCommands(program: Command, io: CliIo): void {
  const outbox = program.command('outbox').description('mails waiting to go out, and the dead letters');
  outbox
    .command('status')
    .description('how many sends wait, and every dead letter with its last error')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const status = await getOutboxStatus(deps, LOCAL_OPERATOR);
        if (o.json) return printJson(io.stdout, status);
        io.stdout.write(`${status.pending} pending, ${status.delivered} delivered, ${status.dead} dead letter${status.dead === 1 ? '' : 's'}\n`);
        if (status.deadLetters.length) {
          const rows = status.deadLetters.map((d) => ({ id: d.id, kind: d.kind, to: d.summary, attempts: d.attempts, 'last error': d.lastError ?? '' }));
          io.stdout.write(`${formatTable(rows, ['id', 'kind', 'to', 'attempts', 'last error'])}\n`);
          io.stdout.write('Retry one with: cadence outbox retry ID\n');
        }
      });
    });
  outbox
    .command('retry <id>')
    .description('try a dead letter again now, with a fresh set of attempts')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const entry = await retryDeadLetter(deps, LOCAL_OPERATOR, id);
        if (o.json) return printJson(io.stdout, entry);
        io.stdout.write(entry.status === 'delivered' ? `Delivered: ${entry.summary}\n` : `Not delivered yet (${entry.lastError ?? 'no error given'}); it is retried from ${entry.nextAttemptAt ?? 'now'}.\n`);
      });
    });
}
