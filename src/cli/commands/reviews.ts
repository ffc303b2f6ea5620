import type { Command } from 'commander';
import { AppError } from '../../errors.ts';
import { cbrReview, mbrReview, qbrReview, type ReviewAnswer } from '../../services/team/reviews.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { printJson } from '../output.ts';
import { resolveAccountRef } from '../resolve.ts';
import type { CliIo } from '../io.ts';

interface FormatOption {
  format: string;
  json?: boolean;
}

function print(io: CliIo, answer: ReviewAnswer<unknown>, o: FormatOption): void {
  if (o.json) return printJson(io.stdout, answer.pack);
  io.stdout.write(`${o.format === 'html' ? answer.html : answer.markdown}\n`);
}

function checkFormat(o: FormatOption): void {
  if (o.format !== 'md' && o.format !== 'html') throw new AppError('invalid', `--format must be md or html, got "${o.format}"`);
}

export function registerReviewCommands(program: Command, io: CliIo): void {
  const review = program.command('review').description('review packs: MBR per CSM, internal QBR per AE, CBR per account');
  const withFormat = (c: Command) => c.option('--format <format>', 'md or html', 'md').option('--json', 'print the pack as JSON');

  withFormat(review.command('mbr').description("a CSM's monthly business review pack"))
    .requiredOption('--csm <email>', "the CSM's email")
    .requiredOption('--month <YYYY-MM>', 'the month, e.g. 2026-12')
    .action(async (o: FormatOption & { csm: string; month: string }) => {
      checkFormat(o);
      await withDeps(io, async (deps) => print(io, await mbrReview(deps, LOCAL_OPERATOR, { csm: o.csm, month: o.month }).catch(renameField), o));
    });

  withFormat(review.command('qbr').description("an AE's internal quarterly business review pack"))
    .requiredOption('--ae <email>', "the AE's email")
    .requiredOption('--quarter <YYYY-MM>', 'any month of the fiscal quarter, e.g. 2027-01')
    .option('--account <ref...>', 'only these accounts (as chosen by leadership)')
    .action(async (o: FormatOption & { ae: string; quarter: string; account?: string[] }) => {
      checkFormat(o);
      await withDeps(io, async (deps) => {
        const accountIds = o.account ? await Promise.all(o.account.map((a) => resolveAccountRef(deps, a))) : undefined;
        print(io, await qbrReview(deps, LOCAL_OPERATOR, { ae: o.ae, quarter: o.quarter, accountIds }).catch(renameField), o);
      });
    });

  withFormat(review.command('cbr').description("an account's customer business review pack (customer-safe)"))
    .requiredOption('--account <ref>', 'account id, external id or name')
    .option('--from <date>', 'period start (default: 90 days before --to)')
    .option('--to <date>', 'period end (default: today)')
    .action(async (o: FormatOption & { account: string; from?: string; to?: string }) => {
      checkFormat(o);
      await withDeps(io, async (deps) => print(io, await cbrReview(deps, LOCAL_OPERATOR, { accountId: await resolveAccountRef(deps, o.account), from: o.from, to: o.to }).catch(renameField), o));
    });
}

/** On the command line the parameter is an option: "--month …" reads better than "month …". */
function renameField(err: unknown): never {
  if (err instanceof AppError && err.field) {
    const own = err.message.startsWith(`${err.field}:`) || err.message.startsWith(`${err.field} `);
    const message = own ? `--${err.field}${err.message.slice(err.field.length)}` : `--${err.field}: ${err.message}`;
    throw new AppError(err.code, message, { field: err.field });
  }
  throw err;
}
