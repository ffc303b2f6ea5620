import type { Command } from 'commander';
import { AppError } from '../../errors.ts';
import { myDay } from '../../services/team/my-day.ts';
import { actorFor, getUserByEmail } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { formatTable, printJson } from '../output.ts';
import type { CliIo } from '../io.ts';

function local(iso: string, timezone: string): string {
  return new Date(iso).toLocaleString('en-GB', { timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function registerTodayCommand(program: Command, io: CliIo): void {
  program
    .command('today')
    .description("a CSM's day: calls today, tasks due, agendas to send, follow-ups owed")
    .requiredOption('--as <email>', 'whose day (the CLI runs on the server, so say who you are)')
    .option('--json', 'print JSON')
    .action(async (o: { as: string; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const user = await getUserByEmail(deps, o.as).catch(() => {
          throw new AppError('invalid', `--as ${o.as} is not a user`);
        });
        const day = await myDay(deps, await actorFor(deps, user));
        if (o.json) return printJson(io.stdout, day);
        const tz = day.timezone;
        const out: string[] = [`My day, ${day.date} (${tz})`, ''];
        out.push('CALLS TODAY', formatTable(day.callsToday.map((c) => ({ time: local(c.startsAt, tz), account: c.accountName, title: c.title, agenda: c.agendaSent ? 'sent' : 'NOT SENT' }))), '');
        out.push('TASKS DUE', formatTable(day.tasksDue.map((t) => ({ due: local(t.dueAt, tz), task: t.title, overdue: t.overdue ? 'OVERDUE' : '' }))), '');
        out.push('AGENDAS TO SEND', formatTable(day.agendasToSend.map((a) => ({ 'send by': local(a.sendBy, tz), call: local(a.startsAt, tz), account: a.accountName, late: a.late ? 'LATE' : '' }))), '');
        out.push('FOLLOW-UPS OWED', formatTable(day.followUpsOwed.map((f) => ({ due: local(f.dueAt, tz), account: f.accountName, title: f.title, left: f.late ? `${-f.hoursLeft} h late` : `${f.hoursLeft} h left` }))));
        io.stdout.write(`${out.join('\n')}\n`);
      });
    });
}
