/**
 * `npm run fit:decisions [-- --write]`: fits what the local notes extractor learns from data (the
 * decision ranker's weights in decision-ranker.ts; the calibration of action-item and decision
 * scores into confidences and the thresholds for showing them, in confidence.ts) on the AMI
 * training meetings, the locked series left out (scripts/ami-meetings.ts).
 *
 * Before fitting on all of them it holds out each site (ES, IS, TS) in turn, and then each series,
 * fits everything on the rest and measures the held-out meetings: those are the figures to trust,
 * since nothing was fitted on the people measured. `--write` puts the weights fitted on every
 * tuning meeting into the source.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scores } from '../src/domain/notes-extraction/evaluation.ts';
import { amiAvailable, loadAmi } from './ami-meetings.ts';
import { crossValidate, FEATURE_NAMES, fitModel, merge, prepare, type Model, type Prepared } from './notes-fit.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rankerFile = path.join(repoRoot, 'src/domain/notes-extraction/decision-ranker.ts');
const confidenceFile = path.join(repoRoot, 'src/domain/notes-extraction/confidence.ts');

let prepared: Prepared[] | null = null;
/** The tuning meetings (never the locked series), prepared once. */
export function tuningMeetings(): Prepared[] {
  prepared ??= loadAmi().tuning.map(prepare);
  return prepared;
}

/** The model fitted on every tuning meeting, as `--write` puts it into the source. */
export function fittedModel(): Model {
  return fitModel(tuningMeetings());
}

export { amiAvailable };

const round = (n: number) => Math.round(n * 1000) / 1000;

function main(): void {
  const meetings = tuningMeetings();
  console.log(`${meetings.length} tuning meetings (locked series ${loadAmi().lockedSeries} left out)`);
  for (const [name, groupOf] of [
    ['site', (m: Prepared) => m.site],
    ['series', (m: Prepared) => m.series],
  ] as const) {
    const folds = crossValidate(meetings, groupOf);
    const all = merge(folds.map((f) => f.scored));
    if (name === 'site')
      for (const f of folds)
        console.log(`  without ${f.group}, measured on ${f.group}: actions F1 ${round(scores(f.scored.actions).f1)} · decisions F1 ${round(scores(f.scored.decisions).f1)} (show at ${f.model.show.actionItems} / ${f.model.show.decisions})`);
    console.log(
      `leave-one-${name}-out: actions P ${round(scores(all.actions).precision)} R ${round(scores(all.actions).recall)} F1 ${round(scores(all.actions).f1)} · decisions P ${round(scores(all.decisions).precision)} R ${round(scores(all.decisions).recall)} F1 ${round(scores(all.decisions).f1)}`,
    );
  }
  const model = fittedModel();
  const weights = `export const WEIGHTS: readonly number[] = [\n${FEATURE_NAMES.map((n, i) => `  ${model.ranker[i] ?? 0}, // ${n}`).join('\n')}\n];`;
  const calibration = `export const CALIBRATION: Record<CalibratedKind, readonly number[]> = {\n  actionItems: [${model.calibration.actionItems.join(', ')}],\n  decisions: [${model.calibration.decisions.join(', ')}],\n};`;
  const show = `export const SHOW: Record<CalibratedKind, number> = {\n  actionItems: ${model.show.actionItems},\n  decisions: ${model.show.decisions},\n};`;
  console.log(`\n${weights}\n${calibration}\n${show}`);
  if (process.argv.includes('--write')) {
    writeFileSync(rankerFile, readFileSync(rankerFile, 'utf8').replace(/export const WEIGHTS: readonly number\[\] = [^;]*;/s, weights));
    writeFileSync(
      confidenceFile,
      readFileSync(confidenceFile, 'utf8')
        .replace(/export const CALIBRATION: Record<CalibratedKind, readonly number\[\]> = [^;]*;/s, calibration)
        .replace(/export const SHOW: Record<CalibratedKind, number> = [^;]*;/s, show),
    );
    console.log(`→ ${path.relative(process.cwd(), rankerFile)}, ${path.relative(process.cwd(), confidenceFile)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
