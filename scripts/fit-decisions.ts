/**
 * `npm run fit:decisions [-- --write]`: fits the decision ranker's logistic weights
 * (src/domain/notes-extraction/decision-ranker.ts) on the AMI training meetings in
 * ../shared/ami-train (or CADENCE_AMI_DIR), read at run time and never copied into the repo.
 *
 * It first fits on two of AMI's three series (recorded at different sites by different teams) and
 * measures the whole decision extractor on the third, for each third: that is the figure to
 * trust, since the weights never saw those people. Then it fits on all meetings and prints the
 * weights; `--write` puts them into decision-ranker.ts.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FEATURE_NAMES, namedChoices, type NamedChoice } from '../src/domain/notes-extraction/decision-ranker.ts';
import { choiceNote, extractDecisions } from '../src/domain/notes-extraction/decisions.ts';
import { countMatches, predictionWords, scores } from '../src/domain/notes-extraction/evaluation.ts';
import { contentTokens, tokenF1, toUtterances, type Utterance } from '../src/domain/notes-extraction/text.ts';
import { mainTopic } from '../src/domain/notes-extraction/topic.ts';

interface Meeting {
  id: string;
  series: string;
  topic: string | null;
  utterances: Utterance[];
  choices: NamedChoice[];
  labels: number[];
  gold: string[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const amiDir = process.env.CADENCE_AMI_DIR ?? path.resolve(repoRoot, '../shared/ami-train');
const rankerFile = path.join(repoRoot, 'src/domain/notes-extraction/decision-ranker.ts');

function load(): Meeting[] {
  const dir = path.join(amiDir, 'meetings');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const m = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { id: string; transcript: { speaker: string; text: string; start: number }[]; gold: { decisions: { text: string }[] } };
      const utterances = toUtterances(m.transcript.map((t) => ({ speaker: t.speaker, text: t.text, at: t.start })));
      const topic = mainTopic(utterances);
      const choices = namedChoices(utterances, topic);
      const gold = m.gold.decisions.map((d) => d.text);
      const goldWords = gold.map((g) => contentTokens(g));
      // Positive: the thing, written as the note the extractor would suggest, matches a decision by the evaluation's rule.
      const labels = choices.map((c) => (goldWords.some((g) => tokenF1(predictionWords({ text: choiceNote(c, topic) }), g) >= 0.5) ? 1 : 0));
      return { id: m.id, series: /^ami-([A-Z]+)/.exec(m.id)?.[1] ?? 'other', topic, utterances, choices, labels, gold };
    });
}

/**
 * L2-regularised logistic regression by Newton's method (exact and fast for a few features). The
 * classes are left as they are, so the score is a probability and decisions.ts can keep the things
 * at least MIN_PROBABILITY likely to be a decision.
 */
function fit(meetings: readonly Meeting[]): number[] {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (const m of meetings) m.choices.forEach((c, i) => (xs.push(c.features), ys.push(m.labels[i] ?? 0)));
  const positiveWeight = 1;
  const d = FEATURE_NAMES.length;
  let w = new Array<number>(d).fill(0);
  const l2 = 1;
  for (let iteration = 0; iteration < 30; iteration += 1) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, n) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, i) => s + v * (w[i] ?? 0), 0)));
      const y = ys[n] ?? 0;
      const weight = y === 1 ? positiveWeight : 1;
      for (let i = 0; i < d; i += 1) {
        grad[i] = (grad[i] ?? 0) + weight * (p - y) * (x[i] ?? 0);
        const row = hess[i] as number[];
        for (let j = 0; j < d; j += 1) row[j] = (row[j] ?? 0) + weight * p * (1 - p) * (x[i] ?? 0) * (x[j] ?? 0);
      }
    });
    for (let i = 1; i < d; i += 1) {
      grad[i] = (grad[i] ?? 0) + l2 * (w[i] ?? 0);
      (hess[i] as number[])[i] = ((hess[i] as number[])[i] ?? 0) + l2;
    }
    const step = solve(hess, grad);
    w = w.map((v, i) => v - (step[i] ?? 0));
    if (Math.max(...step.map(Math.abs)) < 1e-6) break;
  }
  return w;
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solve(a: readonly number[][], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c += 1) {
    let pivot = c;
    for (let r = c + 1; r < n; r += 1) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[pivot]?.[c] ?? 0)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const pr = m[c] as number[];
    const pv = pr[c] ?? 0;
    if (Math.abs(pv) < 1e-12) continue;
    for (let r = 0; r < n; r += 1) {
      if (r === c) continue;
      const row = m[r] as number[];
      const f = (row[c] ?? 0) / pv;
      for (let k = c; k <= n; k += 1) row[k] = (row[k] ?? 0) - f * (pr[k] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] || 1));
}

function evaluate(meetings: readonly Meeting[], weights: readonly number[]) {
  return scores(meetings.map((m) => countMatches(extractDecisions(m.utterances, { weights, topic: m.topic, choices: m.choices }), m.gold)));
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The weights fitted on every meeting, rounded as they are written into decision-ranker.ts. */
export function fittedWeights(meetings: readonly Meeting[] = load()): number[] {
  return fit(meetings).map(round);
}

export function amiAvailable(): boolean {
  return existsSync(path.join(amiDir, 'meetings'));
}

function main(): void {
  const meetings = load();
  console.log(
    `${meetings.length} meetings, ${meetings.reduce((s, m) => s + m.choices.length, 0)} things named where they could be settled, ${meetings.reduce((s, m) => s + m.labels.filter((l) => l === 1).length, 0)} of them match a decision`,
  );
  let held = { predicted: 0, gold: 0, matched: 0 };
  for (const series of [...new Set(meetings.map((m) => m.series))]) {
    const s = evaluate(
      meetings.filter((m) => m.series === series),
      fit(meetings.filter((m) => m.series !== series)),
    );
    held = { predicted: held.predicted + s.predicted, gold: held.gold + s.gold, matched: held.matched + s.matched };
    console.log(`fitted without ${series}, measured on ${series}: decisions P ${round(s.precision)} R ${round(s.recall)} F1 ${round(s.f1)} (${s.matched} of ${s.predicted} suggested, ${s.gold} gold)`);
  }
  console.log(`each series measured with weights that never saw it: decisions F1 ${round(scores([held]).f1)}`);
  const weights = fittedWeights(meetings);
  console.log(`fitted on all, measured on all: decisions F1 ${round(evaluate(meetings, weights).f1)}\n`);
  const table = `export const WEIGHTS: readonly number[] = [\n${FEATURE_NAMES.map((name, i) => `  ${weights[i] ?? 0}, // ${name}`).join('\n')}\n];`;
  console.log(table);
  if (process.argv.includes('--write')) {
    const source = readFileSync(rankerFile, 'utf8');
    writeFileSync(rankerFile, source.replace(/export const WEIGHTS: readonly number\[\] = [^;]*;/s, table));
    console.log(`→ ${path.relative(process.cwd(), rankerFile)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
