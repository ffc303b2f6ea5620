import type { Command } from 'commander';
import { formatHealthScore } from '../../domain/health/score.ts';
import { getAccountHealth } from '../../services/accounts/account-health.ts';
import { recomputeHealth } from '../../services/health/health.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { printJson } from '../output.ts';
import { resolveAccountRef } from '../resolve.ts';
import type { CliIo } from '../io.ts';

export function registerHealthCommands(program: Command, io: CliIo): void {
  const health = program.command('health').description('account health scores');
  health
    .command('recompute')
    .description('rescore health (every live account, or one); writes history only where something changed')
    .option('--account <ref>', 'only this account (id, external id or name)')
    .option('--json', 'print JSON')
    .action(async (o: { account?: string; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const ids = o.account ? [await resolveAccountRef(deps, o.account)] : undefined;
        const started = Date.now();
        // A progress line on stderr, rewritten in place on a terminal, so stdout stays clean for --json.
        const tty = io.stderr.isTTY;
        let last = 0;
        const summary = await recomputeHealth(deps, ids, {
          onProgress: (done, total) => {
            if (total < 1000 || (Date.now() - last < 1000 && done < total)) return;
            last = Date.now();
            io.stderr.write(`${tty ? '\r' : ''}scored ${done} of ${total} accounts${tty && done < total ? '' : '\n'}`);
          },
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (o.json) return printJson(io.stdout, { ...summary, seconds: Number(seconds) });
        io.stdout.write(`Scored ${summary.scored} account${summary.scored === 1 ? '' : 's'} in ${seconds} s: ${summary.changed} changed, ${summary.colourChanged} changed colour.\n`);
      });
    });
  health
    .command('show <account>')
    .description("an account's health as every screen shows it: score, colour, override and 30-day trend")
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const h = await getAccountHealth(deps, LOCAL_OPERATOR, await resolveAccountRef(deps, ref, 'account'));
        if (o.json) return printJson(io.stdout, h);
        const current = h.current;
        const score = current?.score === null || current?.score === undefined ? '' : ` ${formatHealthScore(current.score)}`;
        const override = h.override ? ` (overridden until ${h.override.expiresAt.slice(0, 10)}: ${h.override.reason})` : '';
        io.stdout.write(current ? `Health ${current.colour ?? 'unscored'}${score}${override}, ${h.trend.direction}\n` : 'Not scored yet.\n');
        // What the open risks and the stage did to it, in the words the API answers (risk-measure.ts).
        if (current?.riskLines?.length) io.stdout.write(`Open risks: ${current.riskLines.join('; ')}\n`);
        if (current?.capReason) io.stdout.write(`Capped: ${current.capReason}\n`);
      });
    });
}
