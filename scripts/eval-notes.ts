/**
 * `npm run eval:notes`: measures the local notes extractor on the AMI Meeting Corpus' training
 * meetings (read from ../shared/ami-train, or CADENCE_AMI_DIR; nothing of it is copied into the
 * repo) against a naive keyword baseline measured in the same run, and writes
 * bench/results/eval-notes.json.
 *
 * Matching rule (src/domain/notes-extraction/evaluation.ts): a prediction matches a gold item when
 * the token-overlap F1 of their words is >= 0.5 after lowercasing and removing stopwords, with the
 * predicted owner put before the predicted text; one-to-one, greedy, best pair first. Precision,
 * recall and F1 are micro-averaged over all meetings.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countMatches, keywordBaseline, scores, type MatchCounts } from '../src/domain/notes-extraction/evaluation.ts';
import { extractNotes } from '../src/domain/notes-extraction/extract-notes.ts';
import { toUtterances } from '../src/domain/notes-extraction/text.ts';
import type { Transcript } from '../src/domain/transcripts/transcript.ts';

interface AmiMeeting {
  id: string;
  speakers: Record<string, string>;
  transcript: { speaker: string; text: string; start: number }[];
  gold: { action_items: { text: string; owner?: string }[]; decisions: { text: string }[] };
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const amiDir = process.env.CADENCE_AMI_DIR ?? path.resolve(repoRoot, '../shared/ami-train');
const meetingsDir = path.join(amiDir, 'meetings');

/** AMI labels speakers "A (Project Manager)": people in these meetings are known by their role. */
function role(label: string): string {
  return /\(([^)]+)\)/.exec(label)?.[1] ?? label;
}

function toTranscript(m: AmiMeeting): Transcript {
  return { format: 'plain', cues: m.transcript.map((t) => ({ speaker: role(t.speaker), text: t.text, at: t.start })) };
}

function main(): void {
  if (!existsSync(meetingsDir)) {
    console.error(`eval:notes: no AMI meetings at ${meetingsDir} (set CADENCE_AMI_DIR to the folder holding README.md and meetings/)`);
    process.exitCode = 1;
    return;
  }
  const files = readdirSync(meetingsDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const counts = { extractor: { actions: [] as MatchCounts[], decisions: [] as MatchCounts[] }, baseline: { actions: [] as MatchCounts[], decisions: [] as MatchCounts[] } };
  const verbose = process.argv.includes('--verbose');
  // AMI's series (ES, IS, TS) were recorded at different sites by different teams: a change that
  // helps only one series is fitted to those people, not a better extractor.
  const bySeries = new Map<string, { actions: MatchCounts[]; decisions: MatchCounts[] }>();
  let millis = 0;
  for (const file of files) {
    const meeting = JSON.parse(readFileSync(path.join(meetingsDir, file), 'utf8')) as AmiMeeting;
    const transcript = toTranscript(meeting);
    const attendees = Object.values(meeting.speakers).map((s) => ({ name: role(s), side: 'vendor' as const }));
    const started = performance.now();
    const notes = extractNotes(transcript, { meetingDate: '2005-01-10', timezone: 'Europe/London', attendees });
    millis += performance.now() - started;
    const goldActions = meeting.gold.action_items.map((a) => a.text);
    const goldDecisions = meeting.gold.decisions.map((d) => d.text);
    counts.extractor.actions.push(countMatches(notes.actionItems, goldActions));
    counts.extractor.decisions.push(countMatches(notes.decisions, goldDecisions));
    const series = /^ami-([A-Z]+)/.exec(meeting.id)?.[1] ?? 'other';
    const group = bySeries.get(series) ?? { actions: [], decisions: [] };
    group.actions.push(countMatches(notes.actionItems, goldActions));
    group.decisions.push(countMatches(notes.decisions, goldDecisions));
    bySeries.set(series, group);
    const baseline = keywordBaseline(toUtterances(transcript.cues));
    counts.baseline.actions.push(countMatches(baseline, goldActions));
    counts.baseline.decisions.push(
      countMatches(
        baseline.map((b) => ({ text: b.text })),
        goldDecisions,
      ),
    );
    if (verbose) {
      console.log(`\n== ${meeting.id}`);
      for (const g of goldActions) console.log(`  gold A: ${g}`);
      for (const a of notes.actionItems) console.log(`  pred A: [${a.owner ?? '-'}] ${a.text}`);
      for (const g of goldDecisions) console.log(`  gold D: ${g}`);
      for (const d of notes.decisions) console.log(`  pred D: ${d.text}`);
    }
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const rows = (['extractor', 'baseline'] as const).flatMap((system) =>
    (['actions', 'decisions'] as const).map((kind) => {
      const s = scores(counts[system][kind]);
      return {
        system: system === 'extractor' ? 'local extractor' : 'keyword baseline',
        kind: kind === 'actions' ? 'action items' : 'decisions',
        precision: round(s.precision),
        recall: round(s.recall),
        f1: round(s.f1),
        predicted: s.predicted,
        gold: s.gold,
        matched: s.matched,
      };
    }),
  );
  console.log(`\nNotes extraction on ${files.length} AMI training meetings (match: token-overlap F1 >= 0.5, stopwords removed, owner before text, one-to-one greedy)\n`);
  const cols = ['system', 'kind', 'precision', 'recall', 'f1', 'predicted', 'gold', 'matched'] as const;
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line([...cols]));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
  const f1 = (c: MatchCounts[]) => round(scores(c).f1);
  const series = [...bySeries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, c]) => ({ series: name, meetings: c.actions.length, actionItemsF1: f1(c.actions), decisionsF1: f1(c.decisions) }));
  console.log(`\nlocal extractor by series: ${series.map((s) => `${s.series} (${s.meetings}) actions ${s.actionItemsF1} decisions ${s.decisionsF1}`).join(' · ')}`);
  console.log(`\nextractor time: ${round(millis / files.length)} ms per meeting on average`);
  const out = path.join(repoRoot, 'bench/results/eval-notes.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'eval-notes', corpus: 'AMI Meeting Corpus, full-corpus training partition (CC BY 4.0)', meetings: files.length, matchRule: 'token-overlap F1 >= 0.5 after lowercasing and removing stopwords; predicted owner put before predicted text; one-to-one greedy matching; micro-averaged', rows, series }, null, 2)}\n`,
  );
  console.log(`→ ${path.relative(process.cwd(), out)}`);
}

main();
