import type { Command } from 'commander';
import { migrateDatabase } from '../../services/setup/database.ts';
import { loadDemoData } from '../../services/setup/demo-data.ts';
import { LOCAL_OPERATOR, addUser, createApiToken, getUserByEmail } from '../../services/users/users.ts';
import { deactivateUser, reactivateUser } from '../../services/users/user-lifecycle.ts';
import { requestPasswordReset } from '../../services/users/password-reset.ts';
import { TokenCreateSchema, UserCreateSchema } from '../../domain/users.ts';
import { withDeps } from '../context.ts';
import { parseInput } from '../parse-input.ts';
import { formatTable, printJson } from '../output.ts';
import type { CliIo } from '../io.ts';

export function registerAdminCommands(program: Command, io: CliIo): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      // withDeps migrates already; report what it did from a fresh run.
      await withDeps(io, async (deps) => {
        const applied = await migrateDatabase(deps);
        io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      });
    });

  program
    .command('demo')
    .description('demo data')
    .command('load')
    .description('load the demo team and book of business into an empty database')
    .action(async () => {
      await withDeps(io, async (deps) => {
        const result = await loadDemoData(deps, LOCAL_OPERATOR);
        if (!result.loaded) throw new Error('the database already has users or accounts; demo data goes only into an empty one');
        io.stdout.write(`loaded ${result.users} users, ${result.accounts} accounts, ${result.contacts} contacts\n`);
      });
    });

  const user = program.command('user').description('users: add, deactivate, reactivate, reset a password');
  user
    .command('add')
    .description('add a user')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', 'admin, manager, csm or viewer')
    .option('--password <password>', 'password (at least 12 characters, not a common one); without it the user signs in with a token only')
    .option('--timezone <tz>', 'IANA time zone', 'UTC')
    .option('--manager <email>', "the user's manager")
    .option('--json', 'print JSON')
    .action(async (o: { email: string; name: string; role: string; password?: string; timezone: string; manager?: string; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const managerId = o.manager ? (await getUserByEmail(deps, o.manager)).id : null;
        const input = parseInput(UserCreateSchema, {
          email: o.email,
          name: o.name,
          role: o.role,
          timezone: o.timezone,
          managerId,
          ...(o.password ? { password: o.password } : {}),
        });
        const user = await addUser(deps, LOCAL_OPERATOR, input);
        if (o.json) printJson(io.stdout, user);
        else io.stdout.write(`${formatTable([{ ...user }], ['id', 'email', 'name', 'role', 'timezone'])}\n`);
      });
    });

  user
    .command('deactivate')
    .description('deactivate a user who left: they cannot sign in, their sessions and API tokens end at once')
    .requiredOption('--email <email>', 'the user')
    .action(async (o: { email: string }) => {
      await withDeps(io, async (deps) => {
        const done = await deactivateUser(deps, LOCAL_OPERATOR, (await getUserByEmail(deps, o.email)).id);
        io.stdout.write(`${done.email} is deactivated; their accounts are listed under "needs a new owner"\n`);
      });
    });

  user
    .command('reactivate')
    .description('let a deactivated user sign in again')
    .requiredOption('--email <email>', 'the user')
    .action(async (o: { email: string }) => {
      await withDeps(io, async (deps) => {
        const done = await reactivateUser(deps, LOCAL_OPERATOR, (await getUserByEmail(deps, o.email)).id);
        io.stdout.write(`${done.email} is active again\n`);
      });
    });

  user
    .command('reset-password')
    .description('make a one-time set-password link (1 hour): mailed to the user when SMTP is configured, else printed')
    .requiredOption('--email <email>', 'the user')
    .action(async (o: { email: string }) => {
      await withDeps(io, async (deps) => {
        const reset = await requestPasswordReset(deps, LOCAL_OPERATOR, (await getUserByEmail(deps, o.email)).id);
        io.stdout.write(reset.link ? `${reset.link}\n` : `a one-time link was mailed to ${o.email}; it works until ${reset.expiresAt}\n`);
      });
    });

  program
    .command('token')
    .description('API tokens')
    .command('create')
    .description('create an API token for a user; prints the token alone on stdout')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (o: { email: string; name: string }) => {
      await withDeps(io, async (deps) => {
        const user = await getUserByEmail(deps, o.email);
        const { token } = await createApiToken(deps, LOCAL_OPERATOR, user.id, parseInput(TokenCreateSchema, { name: o.name }));
        io.stdout.write(`${token}\n`);
      });
    });
}
