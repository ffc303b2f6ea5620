import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { extractNotes } from '../../domain/notes-extraction/extract-notes.ts';
import type { NotesAttendee, NotesSuggestions } from '../../domain/notes-extraction/schema.ts';
import { SIDES, type Side } from '../../domain/model.ts';
import { parseTranscript } from '../../domain/transcripts/parse-transcript.ts';
import { formatClock } from '../../domain/transcripts/timestamps.ts';
import { AppError } from '../../errors.ts';
import type { CliIo } from '../io.ts';

interface ExtractOptions {
  date?: string;
  attendees?: string;
  timezone: string;
  json?: boolean;
}

/** "Dana O'Brien=vendor, Sam Patel <sam@acme.com>" → attendees; customer side unless said. */
export function parseAttendeesOption(value: string): NotesAttendee[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry) => {
      const sideMatch = /=\s*(\w+)\s*$/.exec(entry);
      const side = (sideMatch?.[1] ?? 'customer').toLowerCase();
      if (!SIDES.includes(side as Side)) throw new AppError('invalid', `--attendees: side '${side}' is not vendor or customer`, { field: 'attendees' });
      const rest = sideMatch ? entry.slice(0, sideMatch.index).trim() : entry;
      const email = /<([^>]+)>/.exec(rest)?.[1]?.trim();
      const name = rest.replace(/<[^>]*>/, '').trim() || (email ?? '');
      return email ? { name, email, side: side as Side } : { name, side: side as Side };
    });
}

function readable(notes: NotesSuggestions): string {
  const at = (s: number | null) => (s === null ? '' : `[${formatClock(s)}] `);
  const out: string[] = [];
  const section = (title: string, lines: string[]) => out.push(title, ...(lines.length ? lines : ['  (none)']), '');
  section(
    'SUMMARY',
    notes.summary.flatMap((s) => [`  ${s.heading}`, ...s.points.map((p) => `    - ${at(p.at)}${p.text}`)]),
  );
  section(
    'ACTION ITEMS',
    // Only what is shown at once; the rest waits under "show more" (in --json, `shown: false`).
    notes.actionItems.filter((a) => a.shown !== false).map((a) => `  - ${at(a.at)}${a.text} (owner: ${a.owner ?? 'unassigned'}${a.side ? `, ${a.side}` : ''}${a.due ? `, due ${a.due}` : ''})`),
  );
  section(
    'DECISIONS',
    notes.decisions.filter((d) => d.shown !== false).map((d) => `  - ${at(d.at)}${d.text}`),
  );
  section(
    'RISKS',
    notes.risks.map((r) => `  - ${at(r.at)}${r.type} (${r.severity}): ${r.text}`),
  );
  section(
    'REQUESTS',
    notes.requests.map((r) => `  - ${at(r.at)}${r.kind === 'feature_request' ? 'feature' : 'support'}: ${r.text}${r.matchedId ? ` (matches ${r.matchedId}: ${r.matchedTitle})` : ''}`),
  );
  section(
    'OPEN QUESTIONS',
    notes.questions.map((q) => `  - ${at(q.at)}${q.askedBy}: ${q.text}`),
  );
  return out.join('\n');
}

/** `cadence notes extract FILE`: suggestions from a transcript, without touching the database. */
export function registerNotesCommands(program: Command, io: CliIo): void {
  const notes = program.command('notes').description('AI meeting notes from transcripts (local and deterministic)');
  notes
    .command('extract')
    .description('suggest a summary, action items, decisions, risks, requests and open questions from a transcript (WebVTT, SRT, Gong JSON or "Speaker: text")')
    .argument('<file>', 'the transcript file')
    .option('--date <YYYY-MM-DD>', 'the meeting\'s date, for due dates like "by Friday" (default: today in --timezone)')
    .option('--attendees <list>', 'comma-separated attendees: "Name", "Name <email>", "Name=vendor" (customer side unless said)')
    .option('--timezone <tz>', 'the time zone the meeting was held in', 'UTC')
    .option('--json', 'print JSON')
    .action((file: string, o: ExtractOptions) => {
      if (!DateTime.local().setZone(o.timezone).isValid) throw new AppError('invalid', `--timezone '${o.timezone}' is not a time zone`, { field: 'timezone' });
      const date = o.date ?? DateTime.now().setZone(o.timezone).toISODate();
      if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid) {
        throw new AppError('invalid', `--date '${o.date}' is not a date (YYYY-MM-DD)`, { field: 'date' });
      }
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new AppError('invalid', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { field: 'file' });
      }
      const parsed = parseTranscript(text);
      if (!parsed.ok) throw new AppError('invalid', parsed.error.message, { field: 'file' });
      const result = extractNotes(parsed.transcript, { meetingDate: date, timezone: o.timezone, attendees: o.attendees ? parseAttendeesOption(o.attendees) : [] });
      io.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : `${readable(result)}\n`);
    });
}
