/**
 * The AMI training meetings as the notes scripts read them (../shared/ami-train, or
 * CADENCE_AMI_DIR; read at run time, never copied into the repo), split once by a fixed rule:
 *
 * LOCKED SERIES RULE: among AMI's TS series (the site whose meetings come last in the corpus'
 * numbering), the one with the highest id is locked away. Nothing that is tuned (rules, features,
 * weights, calibration, thresholds) may look at it; `npm run eval:notes -- --locked` scores it, and
 * that figure is reported once, at the end of the work. On the 74 meetings here the rule picks TS3012.
 *
 * A series is one team's run of four meetings (ES2002a–d); a site (ES, IS, TS) is a lab that
 * recorded its own teams. Cross-validation holds out whole series, or whole sites, never single
 * meetings: the same four people talk alike in all their meetings.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Transcript } from '../src/domain/transcripts/transcript.ts';

export interface AmiMeeting {
  id: string;
  /** "ES2002": one team's series of meetings. */
  series: string;
  /** "ES", "IS" or "TS": the site that recorded it. */
  site: string;
  speakers: Record<string, string>;
  transcript: { speaker: string; text: string; start: number }[];
  gold: { action_items: { text: string; owner?: string }[]; decisions: { text: string }[] };
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const amiDir = process.env.CADENCE_AMI_DIR ?? path.resolve(repoRoot, '../shared/ami-train');
const meetingsDir = path.join(amiDir, 'meetings');

export function amiAvailable(): boolean {
  return existsSync(meetingsDir);
}

/** The locked series by the rule above: the last TS series by id. */
export function lockedSeries(ids: readonly string[]): string {
  const ts = [...new Set(ids.map(seriesOf).filter((s) => s.startsWith('TS')))].sort();
  const last = ts[ts.length - 1];
  if (!last) throw new Error('no TS series in the AMI meetings: the locked-series rule cannot pick one');
  return last;
}

function seriesOf(id: string): string {
  return /^(?:ami-)?([A-Z]+\d+)/.exec(id)?.[1] ?? id;
}

let cache: { tuning: AmiMeeting[]; locked: AmiMeeting[]; lockedSeries: string } | null = null;

/** Every meeting, split into the ones tuning may use and the locked series. */
export function loadAmi(): { tuning: AmiMeeting[]; locked: AmiMeeting[]; lockedSeries: string } {
  if (cache) return cache;
  const files = readdirSync(meetingsDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const all = files.map((f) => {
    const raw = JSON.parse(readFileSync(path.join(meetingsDir, f), 'utf8')) as Omit<AmiMeeting, 'series' | 'site'>;
    const series = seriesOf(raw.id);
    return { ...raw, series, site: series.slice(0, 2) };
  });
  const locked = lockedSeries(all.map((m) => m.id));
  cache = { tuning: all.filter((m) => m.series !== locked), locked: all.filter((m) => m.series === locked), lockedSeries: locked };
  return cache;
}

/** AMI labels speakers "A (Project Manager)": people in these meetings are known by their role. */
export function role(label: string): string {
  return /\(([^)]+)\)/.exec(label)?.[1] ?? label;
}

export function toTranscript(m: AmiMeeting): Transcript {
  return { format: 'plain', cues: m.transcript.map((t) => ({ speaker: role(t.speaker), text: t.text, at: t.start })) };
}

export function attendeesOf(m: AmiMeeting): { name: string; side: 'vendor' }[] {
  return Object.values(m.speakers).map((s) => ({ name: role(s), side: 'vendor' as const }));
}
