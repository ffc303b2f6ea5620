import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../errors.ts';
import { CalDavConnectSchema, connectCalDav, listCalendarConnectionViews, listUnmatchedCalendarEvents, removeCalendarConnection, resolveCalendarUser, type CalendarConnectionView } from '../../services/calendar-sync/connections.ts';
import { startCalendarOAuth } from '../../services/calendar-sync/oauth.ts';
import { isOAuthCalendarProvider } from '../../services/calendar-sync/oauth-clients.ts';
import { neverCustomerDomains, setNeverCustomerDomains, syncCalendarConnection, syncCalendars, type CalendarSyncResult } from '../../services/calendar-sync/sync-calendar.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import type { CliIo } from '../io.ts';
import { formatTable, printJson } from '../output.ts';
import { parseInput } from '../parse-input.ts';

async function readPassword(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError('invalid', `--password-file ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'error'})`}`);
  }
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new AppError('invalid', `--password-file ${file}: the file is empty`);
  return password;
}

const OPTION_OF: Record<string, string> = { url: '--caldav', username: '--username', password: '--password-file', intervalMinutes: '--interval' };

/** The schema's problem, named by the option it came from ("--caldav: must be an http:// or https:// URL"). */
function parseOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof AppError && err.field && OPTION_OF[err.field]) throw new AppError('invalid', `${OPTION_OF[err.field]}: ${err.message.replace(new RegExp(`^${err.field}:?\\s*`), '')}`, { field: err.field });
    throw err;
  }
}

/** "12 seen, 1 new, 2 changed, 0 cancelled, 3 skipped (internal_only 2, malformed 1)". */
export function describeCounts(c: CalendarSyncResult['counts'] | null): string {
  if (!c) return '';
  const reasons = Object.entries(c.reasons)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  return `${c.seen} seen, ${c.created} new, ${c.updated} changed, ${c.cancelled} cancelled, ${c.unmatched} unmatched, ${c.written} written, ${c.skipped} skipped${reasons ? ` (${reasons})` : ''}`;
}

function resultRow(r: CalendarSyncResult, url: string) {
  return { connection: url, status: r.status, counts: describeCounts(r.counts), error: r.error ?? '' };
}

function statusRow(c: CalendarConnectionView) {
  return {
    user: c.userEmail ?? c.userId,
    url: c.url,
    status: c.status,
    lastSuccess: c.lastSuccessAt ?? 'never',
    nextRun: c.nextSyncAt ?? (c.status === 'needs_reauth' ? 'after you connect again' : ''),
    lastRun: describeCounts(c.lastCounts),
    lastError: c.lastError ?? '',
  };
}

/** `cadence calendar connect|sync|status|unmatched|disconnect`: two-way CalDAV calendar sync. */
export function registerCalendarCommands(program: Command, io: CliIo): void {
  const calendar = program.command('calendar').description("two-way calendar sync: each user's CalDAV calendar (Fastmail, Nextcloud, iCloud, Radicale)");
  calendar
    .command('connect')
    .description('connect (or reconnect) a user’s CalDAV calendar, then sync it once; the password is stored encrypted')
    .requiredOption('--caldav <url>', 'the CalDAV server, principal or calendar URL')
    .requiredOption('--user <email>', 'the Cadence user whose calendar it is')
    .requiredOption('--username <name>', 'the user name on the CalDAV server')
    .requiredOption('--password-file <file>', 'a file holding the password (an app password for iCloud and Fastmail)')
    .option('--interval <minutes>', 'minutes between syncs (default 15)')
    .option('--no-sync', 'connect only; the scheduled job syncs it')
    .option('--json', 'print JSON')
    .action(async (o: { caldav: string; user: string; username: string; passwordFile: string; interval?: string; sync: boolean; json?: boolean }) => {
      const password = await readPassword(o.passwordFile);
      const input = parseOptions(() => parseInput(CalDavConnectSchema, { provider: 'caldav', url: o.caldav, username: o.username, password, ...(o.interval ? { intervalMinutes: Number(o.interval) } : {}) }));
      await withDeps(io, async (deps) => {
        const userId = await resolveCalendarUser(deps, LOCAL_OPERATOR, o.user);
        const connection = await connectCalDav(deps, LOCAL_OPERATOR, userId, input);
        const result = o.sync ? await syncCalendarConnection(deps, connection.id) : null;
        if (o.json) return printJson(io.stdout, { connection, sync: result });
        io.stdout.write(
          `connected ${connection.url} for ${connection.userEmail}: ${connection.calendars.map((c) => `“${c.name}”`).join(', ')}${connection.writeCalendarUrl ? '; meetings scheduled in Cadence are written to the first' : ''}\n`,
        );
        if (result) io.stdout.write(`first sync: ${result.status}, ${describeCounts(result.counts)}${result.error ? `\n${result.error}` : ''}\n`);
      });
    });
  calendar
    .command('connect-url')
    .description('print the Google or Microsoft sign-in link that connects a user’s calendar; the user opens it in a browser signed in to Cadence (valid ten minutes)')
    .argument('<provider>', 'google or microsoft')
    .requiredOption('--user <email>', 'the Cadence user whose calendar it is')
    .action(async (provider: string, o: { user: string }) => {
      if (!isOAuthCalendarProvider(provider)) throw new AppError('invalid', `<provider>: ${provider} is not google or microsoft`);
      await withDeps(io, async (deps) => {
        const userId = await resolveCalendarUser(deps, LOCAL_OPERATOR, o.user);
        const { url } = await startCalendarOAuth(deps, LOCAL_OPERATOR, null, provider, userId);
        io.stdout.write(`${url}\n`);
      });
    });
  calendar
    .command('sync')
    .description('sync calendar connections now (every one, or one user’s)')
    .option('--user <email>', 'only this user’s connections')
    .option('--json', 'print JSON')
    .action(async (o: { user?: string; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const userId = o.user ? await resolveCalendarUser(deps, LOCAL_OPERATOR, o.user) : undefined;
        const connections = await listCalendarConnectionViews(deps, LOCAL_OPERATOR);
        const results = await syncCalendars(deps, userId ? { userId } : {});
        if (o.json) return printJson(io.stdout, results);
        const url = (id: string) => connections.find((c) => c.id === id)?.url ?? id;
        io.stdout.write(
          results.length
            ? `${formatTable(
                results.map((r) => resultRow(r, url(r.connectionId))),
                ['connection', 'status', 'counts', 'error'],
              )}\n`
            : 'no calendar connections\n',
        );
      });
    });
  calendar
    .command('status')
    .description('every calendar connection: last successful sync, next run, what the last run saw, made and skipped, the last error in words')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const items = await listCalendarConnectionViews(deps, LOCAL_OPERATOR);
        if (o.json) return printJson(io.stdout, items);
        io.stdout.write(items.length ? `${formatTable(items.map(statusRow), ['user', 'url', 'status', 'lastSuccess', 'nextRun', 'lastRun', 'lastError'])}\n` : 'no calendar connections\n');
      });
    });
  calendar
    .command('unmatched')
    .description('calendar events with outside people that no account matched (assign or ignore them in the app or the API)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const items = await listUnmatchedCalendarEvents(deps, LOCAL_OPERATOR);
        if (o.json) return printJson(io.stdout, items);
        io.stdout.write(
          items.length
            ? `${formatTable(
                items.map((e) => ({ id: e.id, startsAt: e.startsAt, title: e.title, attendees: e.attendees.join(' '), candidates: e.candidates.join(' ') })),
                ['id', 'startsAt', 'title', 'attendees', 'candidates'],
              )}\n`
            : 'no unmatched events\n',
        );
      });
    });
  calendar
    .command('never-customer')
    .description('the email domains that never decide an account (free mail, calendar systems); prints them, or sets them with --set')
    .option('--set <domains>', 'comma-separated domains, replacing the list')
    .action(async (o: { set?: string }) => {
      await withDeps(io, async (deps) => {
        const domains = o.set !== undefined ? await setNeverCustomerDomains(deps, LOCAL_OPERATOR, o.set.split(',')) : await neverCustomerDomains(deps);
        io.stdout.write(`${domains.join('\n')}\n`);
      });
    });
  calendar
    .command('disconnect <id>')
    .description('remove a calendar connection (its password and sync state); the calls it brought in stay')
    .action(async (id: string) => {
      await withDeps(io, async (deps) => {
        await removeCalendarConnection(deps, LOCAL_OPERATOR, id);
        io.stdout.write(`disconnected ${id}\n`);
      });
    });
}
