import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../errors.ts';
import { getCadenceSettings, listDueAccounts, runPlaybook, saveCadenceSettings, setAccountCadenceOverride } from '../../services/team/cadence-engine.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { parseInput } from '../parse-input.ts';
import { CadenceOverrideSchema } from '../../domain/cadence/cadence.ts';
import { withDeps } from '../context.ts';
import { formatTable, printJson } from '../output.ts';
import type { CliIo } from '../io.ts';

export function registerCadenceCommands(program: Command, io: CliIo): void {
  program
    .command('due')
    .description('accounts overdue or due this week, most overdue first')
    .option('--within <days>', 'how far ahead counts as due', '7')
    .option('--json', 'print JSON')
    .action(async (o: { within: string; json?: boolean }) => {
      const within = Number(o.within);
      if (!Number.isInteger(within) || within < 0 || within > 90) throw new AppError('invalid', `--within '${o.within}' must be a whole number of days from 0 to 90`);
      await withDeps(io, async (deps) => {
        const due = await listDueAccounts(deps, LOCAL_OPERATOR, within);
        if (o.json) return printJson(io.stdout, due);
        io.stdout.write(
          `${formatTable(
            due.map((a) => ({
              account: a.name,
              cadence: a.due.frequency,
              'last call': a.due.lastCallOn ?? 'never',
              'next call due': a.due.nextCallDue ?? '-',
              'next touch due': a.due.nextTouchDue,
              overdue: Math.max(a.due.callOverdueDays, a.due.touchOverdueDays) ? `${Math.max(a.due.callOverdueDays, a.due.touchOverdueDays)} days` : '',
            })),
          )}\n`,
        );
      });
    });

  const policy = program.command('policy').description('the cadence policy, holidays and playbook rules');
  policy
    .command('show')
    .description('print the current settings as JSON')
    .action(async () => withDeps(io, async (deps) => printJson(io.stdout, await getCadenceSettings(deps))));
  policy
    .command('set <file>')
    .description('apply a JSON file with any of { "policy", "holidays", "playbook" }')
    .action(async (file: string) => {
      let body: unknown;
      try {
        body = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        throw new AppError('invalid', `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(err as Error).message})`}`);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('invalid', `${file}: expected an object with policy, holidays or playbook`);
      const unknown = Object.keys(body).filter((k) => !['policy', 'holidays', 'playbook'].includes(k));
      if (unknown.length) throw new AppError('invalid', `${file}: unknown key ${unknown.join(', ')}`);
      await withDeps(io, async (deps) => {
        await saveCadenceSettings(deps, LOCAL_OPERATOR, body as Record<string, unknown>);
        io.stdout.write('cadence settings saved\n');
      });
    });
  policy
    .command('override <account>')
    .description("override one account's cadence (or --clear)")
    .option('--frequency <f>', 'weekly, biweekly, monthly, quarterly or none')
    .option('--reason <text>', 'why (required with --frequency)')
    .option('--clear', 'remove the override')
    .action(async (ref: string, o: { frequency?: string; reason?: string; clear?: boolean }) => {
      if (!o.clear && !o.frequency) throw new AppError('invalid', 'give --frequency and --reason, or --clear');
      // Loaded here: resolving an account loads the accounts service, which `cadence due` does without (issue #16).
      const { resolveAccountRef } = await import('../resolve.ts');
      await withDeps(io, async (deps) => {
        const id = await resolveAccountRef(deps, ref, 'account');
        const override = o.clear ? null : parseInput(CadenceOverrideSchema, { frequency: o.frequency, reason: o.reason ?? '' });
        const result = await setAccountCadenceOverride(deps, LOCAL_OPERATOR, id, override);
        io.stdout.write(`${result.frequency} (${result.because}); next call due ${result.nextCallDue ?? '-'}\n`);
      });
    });

  program
    .command('playbook')
    .description('playbook tasks')
    .command('run')
    .description('compute due dates and make the playbook tasks now')
    .action(async () =>
      withDeps(io, async (deps) => {
        const r = await runPlaybook(deps);
        io.stdout.write(`${r.accounts} accounts: ${r.cadenceRowsChanged} due dates changed, ${r.tasksCreated} tasks created, ${r.tasksClosed} closed\n`);
      }),
    );
}
