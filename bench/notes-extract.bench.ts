import { extractNotes } from '../src/domain/notes-extraction/extract-notes.ts';
import type { NotesContext } from '../src/domain/notes-extraction/schema.ts';
import { parseTranscript } from '../src/domain/transcripts/parse-transcript.ts';
import type { Transcript } from '../src/domain/transcripts/transcript.ts';
import { amiAvailable, attendeesOf, loadAmi, toTranscript } from '../scripts/ami-meetings.ts';
import { measure, round, withRatios, type BenchResult, type BenchRow } from './harness.ts';

const SPEAKERS = ["Dana O'Brien", 'Sam Patel', 'Priya Shah', 'Lee Wong'];
const CONTEXT: NotesContext = {
  meetingDate: '2026-03-10',
  timezone: 'Europe/Berlin',
  attendees: SPEAKERS.map((name, i) => ({ name, side: i === 0 ? 'vendor' : 'customer' })),
  agenda: [
    { id: 'a1', text: 'Open support tickets' },
    { id: 'a2', text: 'Runner migration plan' },
    { id: 'a3', text: 'Renewal and licence usage' },
  ],
  account: { name: 'Acme', renewalDate: '2026-06-30' },
  knownTickets: Array.from({ length: 50 }, (_, i) => ({ id: `ZD-${4500 + i}`, title: `Runner outage number ${i} on shared runners` })),
  knownRequests: Array.from({ length: 50 }, (_, i) => ({ id: `FR-${i}`, title: `Export dashboard ${i} to CSV` })),
};

/** Call talk: mostly ordinary sentences, with commitments, decisions, risks and questions sprinkled in as in a real call. */
const LINES = [
  'Um so the pipeline has been running fine since the upgrade last month, mostly.',
  'Yeah we saw the same thing on our side, the dashboards look better now.',
  "I'll send the SSO setup guide by Friday.",
  'The runner outage ticket has been open for three weeks and the team is frustrated.',
  "Let's go with SAML through Okta for the login setup.",
  'Sounds good to me.',
  'Who owns the migration plan for the legacy Jenkins jobs?',
  'Finance wants to consolidate tools this year, so procurement is asking questions.',
  'It would be great if the dashboard could export to CSV for our auditors.',
  'Sam, can you share the licence usage report next week?',
  'Only a few teams have adopted the security scanning so far.',
  'We talked about the roadmap and the new release features for a while.',
];

/** About 10,000 words over 60 minutes, four speakers, as a WebVTT file (what Zoom and Teams export). */
export function generateCallTranscript(words = 10_000): { vtt: string; transcript: Transcript } {
  const cues: string[] = ['WEBVTT', ''];
  let count = 0;
  let i = 0;
  while (count < words) {
    const line = LINES[i % LINES.length] as string;
    const start = (i * 3600) / 900;
    const clock = (s: number) => new Date(s * 1000).toISOString().slice(11, 23);
    cues.push(String(i + 1), `${clock(start)} --> ${clock(start + 3.5)}`, `<v ${SPEAKERS[i % SPEAKERS.length]}>${line}</v>`, '');
    count += line.split(' ').length;
    i += 1;
  }
  const vtt = cues.join('\n');
  const parsed = parseTranscript(vtt);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { vtt, transcript: parsed.transcript };
}

/** `npm run bench -- notes-extract`: the local extractor on a 60-minute call (target: p95 under 500 ms). */
export default async function run(): Promise<BenchResult> {
  const { vtt, transcript } = generateCallTranscript();
  const rows: BenchRow[] = [];
  rows.push({ case: 'parse 60-min WebVTT (~10k words)', ...(await measure(() => parseTranscript(vtt), 50, 5)) });
  global.gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  const timing = await measure(
    () => {
      extractNotes(transcript, CONTEXT);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    },
    50,
    5,
  );
  rows.push({
    case: 'extract notes, 60-min call (~10k words)',
    ...timing,
    baseline_case: 'parse 60-min WebVTT (~10k words)',
    memory_mb: round((peakHeap - before.heapUsed) / 1024 / 1024, 1),
    rss_mb: round(process.memoryUsage().rss / 1024 / 1024, 1),
  });
  rows.push({
    case: 'parse + extract, 60-min call',
    ...(await measure(
      () => {
        const p = parseTranscript(vtt);
        if (p.ok) extractNotes(p.transcript, CONTEXT);
      },
      50,
      5,
    )),
    baseline_case: 'parse 60-min WebVTT (~10k words)',
  });
  // The generated call repeats a dozen lines, which the tagger's cache flatters: real speech, every sentence new, is the honest case.
  if (amiAvailable()) {
    const all = [...loadAmi().tuning];
    const longest = all.sort((a, b) => b.transcript.length - a.transcript.length)[0];
    if (longest) {
      const real = toTranscript(longest);
      const minutes = Math.round((real.cues[real.cues.length - 1]?.at ?? 0) / 60);
      rows.push({
        case: `extract notes, longest AMI meeting (${longest.id}, ${minutes} min, ${real.cues.reduce((n, c) => n + c.text.split(' ').length, 0)} words)`,
        ...(await measure(() => extractNotes(real, { ...CONTEXT, attendees: attendeesOf(longest), knownRequests: [], knownTickets: [] }), 10, 2)),
        baseline_case: 'parse 60-min WebVTT (~10k words)',
      });
    }
  }
  return { benchmark: 'notes-extract', db: 'none', rows: withRatios(rows) };
}
