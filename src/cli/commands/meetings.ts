import type { Command } from 'commander';
import { renderAgendaHtml, renderAgendaMarkdown, renderAgendaText } from '../../domain/agenda/agenda-render.ts';
import { AppError } from '../../errors.ts';
import { getFollowUp, previewFollowUp, sendFollowUp, type FollowUpPreview } from '../../services/meetings/follow-ups.ts';
import { getAgenda } from '../../services/meetings/agenda.ts';
import { getMeeting, listMeetings } from '../../services/meetings/meetings.ts';
import { scheduleMeeting } from '../../services/meetings/schedule-meeting.ts';
import { updateMeeting } from '../../services/meetings/move-meeting.ts';
import { cancelMeeting } from '../../services/meetings/calendar.ts';
import { formatCallTimeFor } from '../../domain/calendar/call-time.ts';
import { exportNotesTree } from '../../services/meetings/notes-document.ts';
import { searchNotes } from '../../services/meetings/notes-search.ts';
import { previewAgenda, sendAgenda } from '../../services/meetings/send-agenda.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { MeetingCreateSchema, MeetingUpdateSchema } from '../../domain/meeting/meeting-input.ts';
import { parseInput } from '../parse-input.ts';
import { resolveAccountRef } from '../resolve.ts';
import { withDeps } from '../context.ts';
import { formatTable, printJson } from '../output.ts';
import type { CliIo } from '../io.ts';

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** A call outside working hours or back to back with another needs the CSM's yes; the API's wording names its flag, the CLI's names --yes. */
async function askingYes<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && (err.field === 'acknowledgeOutOfHours' || err.field === 'acknowledgeBackToBack'))
      throw new AppError('conflict', err.message.replace(/Book it anyway with acknowledge\w+$/, 'Run again with --yes to book it anyway'));
    throw err;
  }
}

export function registerMeetingCommands(program: Command, io: CliIo): void {
  const meetings = program.command('meetings').description('cadence calls');
  meetings
    .command('list')
    .description('meetings, soonest first')
    .option('--account <ref>', 'only this account (id, external id or name)')
    .option('--from <iso>', 'from this time (default: now)')
    .option('--json', 'print JSON')
    .action(async (o: { account?: string; from?: string; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const accountId = o.account ? await resolveAccountRef(deps, o.account) : undefined;
        const from = o.from ?? deps.now().toISOString();
        if (Number.isNaN(Date.parse(from))) throw new AppError('invalid', `--from '${from}' is not a time`);
        const { items } = await listMeetings(deps, LOCAL_OPERATOR, { accountId, from: new Date(from).toISOString(), limit: 200 });
        if (o.json) printJson(io.stdout, items);
        else io.stdout.write(`${formatTable(items.map((m) => ({ id: m.id, starts: when(m.startsAt), title: m.title, state: m.state })))}\n`);
      });
    });
  meetings
    .command('schedule')
    .description('schedule a call; its agenda is prepared at once')
    .requiredOption('--account <ref>', 'account id, external id or name')
    .requiredOption('--at <iso>', 'start, e.g. 2026-12-01T15:00:00Z')
    .option('--duration <minutes>', 'length in minutes', '30')
    .option('--type <type>', 'kickoff, cadence, cbr, training, troubleshooting, internal_review', 'cadence')
    .option('--every <frequency>', 'a series: weekly, biweekly, monthly or quarterly (with --count)')
    .option('--count <calls>', 'how many calls the series has')
    .option('--yes', 'book it although it is outside 08:00-18:00 for the customer or the CSM, or back to back with another of your calls')
    .option('--json', 'print JSON')
    .action(async (o: { account: string; at: string; duration: string; type: string; every?: string; count?: string; yes?: boolean; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const duration = Number(o.duration);
        const recurrence = o.every ? { frequency: o.every, count: o.count === undefined ? undefined : Number(o.count) } : undefined;
        const input = parseInput(MeetingCreateSchema, { accountId: await resolveAccountRef(deps, o.account), startsAt: o.at, durationMinutes: duration, type: o.type, recurrence, acknowledgeOutOfHours: o.yes, acknowledgeBackToBack: o.yes });
        const meeting = await askingYes(() => scheduleMeeting(deps, LOCAL_OPERATOR, input));
        if (o.json) printJson(io.stdout, meeting);
        else
          io.stdout.write(
            `scheduled ${meeting.title} at ${formatCallTimeFor(meeting.startsAt, { zone: meeting.timezone, otherZone: 'UTC' })}${meeting.seriesMeetingIds ? `, ${meeting.seriesMeetingIds.length} calls` : ''} (${meeting.id})\n`,
          );
      });
    });
  meetings
    .command('move <meeting>')
    .description('move a call (or with --series every call of its series); attendees get the updated invite')
    .requiredOption('--at <iso>', 'new start, e.g. 2026-12-01T15:00:00Z')
    .option('--series', 'move every call of the series by the same local shift')
    .option('--yes', 'move it although it is outside 08:00-18:00 for the customer or the CSM, or back to back with another of your calls')
    .action(async (id: string, o: { at: string; series?: boolean; yes?: boolean }) => {
      await withDeps(io, async (deps) => {
        const patch = parseInput(MeetingUpdateSchema, { startsAt: o.at, scope: o.series ? 'series' : undefined, acknowledgeOutOfHours: o.yes, acknowledgeBackToBack: o.yes });
        const meeting = await askingYes(() => updateMeeting(deps, LOCAL_OPERATOR, id, patch));
        io.stdout.write(`moved ${meeting.title} to ${formatCallTimeFor(meeting.startsAt, { zone: meeting.timezone, otherZone: 'UTC' })}\n`);
      });
    });
  meetings
    .command('cancel <meeting>')
    .description('cancel a call (or with --series every call of its series still to come); attendees get a cancellation')
    .option('--series', 'every call of the series still to come')
    .action(async (id: string, o: { series?: boolean }) => {
      await withDeps(io, async (deps) => {
        const done = await cancelMeeting(deps, LOCAL_OPERATOR, id, o.series ? 'series' : 'occurrence');
        io.stdout.write(`cancelled ${done.cancelledMeetingIds.length} call${done.cancelledMeetingIds.length === 1 ? '' : 's'} of ${done.meeting.title}; ${done.notified.length} attendees notified\n`);
      });
    });

  const agenda = program.command('agenda').description('meeting agendas');
  agenda
    .command('show <meeting>')
    .description('print the agenda (the customer version unless --team)')
    .option('--format <format>', 'md, html or text', 'md')
    .option('--team', 'include internal items (never send this version to the customer)')
    .action(async (id: string, o: { format: string; team?: boolean }) => {
      if (!['md', 'html', 'text'].includes(o.format)) throw new AppError('invalid', `--format must be md, html or text, not '${o.format}'`);
      await withDeps(io, async (deps) => {
        const { meeting } = await getMeeting(deps, LOCAL_OPERATOR, id);
        const a = await getAgenda(deps, LOCAL_OPERATOR, id);
        const options = { title: meeting.title, startsAt: meeting.startsAt, timezone: meeting.timezone, audience: o.team ? ('team' as const) : ('customer' as const) };
        const render = o.format === 'html' ? renderAgendaHtml : o.format === 'text' ? renderAgendaText : renderAgendaMarkdown;
        io.stdout.write(`${render(a, options).trimEnd()}\n`);
      });
    });
  agenda
    .command('send <meeting>')
    .description('email the agenda to the attendees with a share link (needs SMTP_URL); --dry-run shows each mail and sends nothing')
    .option('--dry-run', 'print exactly what each recipient would get (To, Cc, subject, text, attachments) and send nothing')
    .action(async (id: string, o: { dryRun?: boolean }) => {
      await withDeps(io, async (deps) => {
        if (o.dryRun) {
          const preview = await previewAgenda(deps, LOCAL_OPERATOR, id);
          for (const m of preview.messages) {
            const head = [
              `To: ${m.to.join(', ')}`,
              ...(m.cc.length ? [`Cc: ${m.cc.join(', ')}`] : []),
              ...(m.bcc.length ? [`Bcc: ${m.bcc.join(', ')}`] : []),
              `Subject: ${m.subject}`,
              `Attachments: ${m.attachments.map((a) => `${a.filename} (${a.contentType})`).join(', ') || 'none'}`,
            ];
            io.stdout.write(`${head.join('\n')}\n\n${m.text}\n`);
          }
          io.stdout.write(`(dry run: nothing sent; the share link ${preview.shareUrlPlaceholder} is created when you send)\n`);
          return;
        }
        // Typing the command is the confirmation; --dry-run is the preview.
        const result = await sendAgenda(deps, LOCAL_OPERATOR, id, { confirm: true });
        io.stdout.write(`agenda sent to ${result.recipients.join(', ')}\nshare link: ${result.shareUrl}\n`);
      });
    });

  const followUp = program.command('follow-up').description('follow-ups after a call');
  followUp
    .command('show <meeting>')
    .description('print the follow-up draft')
    .action(async (id: string) => {
      await withDeps(io, async (deps) => {
        const f = await getFollowUp(deps, LOCAL_OPERATOR, id);
        io.stdout.write(`To: ${f.recipients.join(', ')}\nSubject: ${f.subject}\nDue: ${f.dueAt}${f.sentAt ? `\nSent: ${f.sentAt}` : ''}\n\n${f.text}\n`);
      });
    });
  followUp
    .command('send <meeting>')
    .description('send the follow-up (BCC to CADENCE_CRM_BCC); refuses while an action item is not addressed')
    .option('--dry-run', 'print exactly what each recipient would get, and send nothing')
    .option('--send-anyway', 'send even with action items not addressed')
    .action(async (id: string, o: { dryRun?: boolean; sendAnyway?: boolean }) => {
      await withDeps(io, async (deps) => {
        const preview = await previewFollowUp(deps, LOCAL_OPERATOR, id);
        if (o.dryRun) {
          io.stdout.write(formatFollowUpPreview(preview));
          return;
        }
        // Typing the command is the confirmation; the fingerprint still holds it to what was just composed.
        const r = await sendFollowUp(deps, LOCAL_OPERATOR, id, { fingerprint: preview.fingerprint, sendWithUnaddressed: o.sendAnyway === true });
        const gaps = r.engagement.gaps.map((g) => (g.kind === 'request_not_opened' ? `open or dismiss "${g.title}"` : g.kind.replace(/_/g, ' ')));
        io.stdout.write(`follow-up sent to ${r.followUp.recipients.join(', ')}; meeting is ${r.meeting.state}${gaps.length ? `; still to do: ${gaps.join('; ')}` : ''}\n`);
      });
    });
}

/** Each message as its recipients get it, then how the follow-up answers the action items. */
function formatFollowUpPreview(p: FollowUpPreview): string {
  const out: string[] = ['(dry run: nothing sent)'];
  for (const m of p.messages) {
    out.push('', `To: ${m.to.join(', ')}`, `Cc: ${m.cc.join(', ')}`, `Bcc: ${m.bcc.join(', ')}`, `Subject: ${m.subject}`, `Attachments: ${m.attachments.map((a) => a.filename).join(', ') || 'none'}`, '', m.text.trimEnd());
  }
  if (p.unaddressed.length) out.push('', `Not addressed (sending refuses without --send-anyway):`, ...p.unaddressed.map((r) => `  - ${r.text}: ${r.reason}`));
  out.push(...[...p.warnings, ...p.notices].map((w) => `Note: ${w}`));
  return `${out.join('\n')}\n`;
}

/** `notes search` and `notes export`, added to the `notes` command if another module made it. */
export function registerNotesDocumentCommands(program: Command, io: CliIo): void {
  const notes = program.commands.find((c) => c.name() === 'notes') ?? program.command('notes').description('meeting notes');
  notes
    .command('search <query>')
    .description('full-text search across meeting notes')
    .option('--json', 'print JSON')
    .action(async (query: string, o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const { items } = await searchNotes(deps, LOCAL_OPERATOR, query, 50);
        if (o.json) printJson(io.stdout, items);
        else io.stdout.write(`${formatTable(items.map((h) => ({ starts: when(h.startsAt), account: h.accountName, meeting: h.meetingId, snippet: h.snippet.replace(/\s+/g, ' ') })))}\n`);
      });
    });
  notes
    .command('export <dir>')
    .description('write "<Account> - Meeting Notes.md" for every account into DIR/Customers/<letter>/<Account>/ (a namesake gets "<Account> (<end of its id>)")')
    .action(async (dir: string) => {
      await withDeps(io, async (deps) => {
        const tty = io.stderr.isTTY;
        const { files } = await exportNotesTree(deps, LOCAL_OPERATOR, dir, (done, total) => {
          if (tty && (done === total || done % 25 === 0)) io.stderr.write(`\r${done}/${total} accounts`);
        });
        if (tty) io.stderr.write('\n');
        io.stdout.write(`wrote ${files} notes document${files === 1 ? '' : 's'} under ${dir}\n`);
      });
    });
}
