import type { Command } from 'commander';
import { AppError } from '../../errors.ts';
import { listAccounts } from '../../services/accounts/accounts.ts';
import { createHandoffs } from '../../services/handoffs/handoffs.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import type { CliIo } from '../io.ts';
import { formatTable, printJson } from '../output.ts';
import { resolveAccountRef, resolveUserEmail } from '../resolve.ts';

const MAX_ACCOUNTS = 1000;

export function registerHandoffCommand(program: Command, io: CliIo): void {
  program
    .command('handoff')
    .description('hand accounts or a whole book to a new owner, with a handoff note and a review task')
    .option('--account <refs>', 'accounts by id, external id or exact name, comma-separated')
    .option('--book-of <email>', 'every account this user owns')
    .requiredOption('--to <email>', 'the new owner')
    .option('--reason <text>', 'why (on the timeline and in the note)')
    .option('--dry-run', 'check and draft everything, change nothing')
    .option('--json', 'print JSON')
    .action(async (o: { account?: string; bookOf?: string; to: string; reason?: string; dryRun?: boolean; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        if (!o.account === !o.bookOf) throw new AppError('invalid', 'give either --account or --book-of');
        const to = await resolveUserEmail(deps, o.to, '--to');
        let accountIds: string[] = [];
        if (o.account) {
          for (const ref of o.account
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean))
            accountIds.push(await resolveAccountRef(deps, ref));
        } else {
          const from = await resolveUserEmail(deps, o.bookOf!, '--book-of');
          let cursor: string | undefined;
          do {
            const page = await listAccounts(deps, LOCAL_OPERATOR, { owner: [from.id], limit: 500, ...(cursor ? { cursor } : {}) });
            accountIds.push(...page.items.map((a) => a.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor && accountIds.length <= MAX_ACCOUNTS);
          if (accountIds.length === 0) throw new AppError('invalid', `--book-of ${o.bookOf} owns no account`);
        }
        accountIds = [...new Set(accountIds)];
        if (accountIds.length > MAX_ACCOUNTS) throw new AppError('invalid', `at most ${MAX_ACCOUNTS} accounts at once (${accountIds.length} given): hand the book off in parts with --account`);
        const result = await createHandoffs(deps, LOCAL_OPERATOR, { accountIds, toUserId: to.id, ...(o.reason ? { reason: o.reason } : {}) }, { dryRun: o.dryRun === true });
        if (o.json) return printJson(io.stdout, { dryRun: o.dryRun === true, ...result });
        io.stdout.write(`${formatTable(result.handoffs.map((h) => ({ account: h.accountName, to: to.email, status: o.dryRun ? 'would be handed off' : h.status, handoff: o.dryRun ? '' : h.id })))}\n`);
        io.stdout.write(`${o.dryRun ? 'Dry run: nothing changed; ' : ''}${result.handoffs.length} account${result.handoffs.length === 1 ? '' : 's'} ${o.dryRun ? 'would go' : 'handed'} to ${to.name}\n`);
      });
    });
}
