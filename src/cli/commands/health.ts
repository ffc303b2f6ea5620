import type { Command } from 'commander';
import { recomputeHealth } from '../../services/health.ts';
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
}
