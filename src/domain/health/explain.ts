/**
 * Words for what moved an account's health between two scorings (typically the last call and
 * now): "engagement fell (82 → 45): 2 of 4 expected calls held (two calls missed); adoption fell
 * (70 → 52): licence utilisation 41% at month 9 of 12". The CSM reads this before the call, so
 * the biggest movers come first and small wobbles are left out.
 */
import { formatHealthScore, type GroupResult, type HealthResult, type MeasureResult } from './score.ts';
import { MEASURES } from './measures.ts';

export interface GroupMovement {
  group: string;
  label: string;
  from: number | null;
  to: number | null;
  direction: 'rose' | 'fell' | 'appeared' | 'went_missing';
  /** Points this group moved the overall score (signed, approximate when weights shifted). */
  impact: number;
  reasons: string[];
}

export interface HealthExplanation {
  summary: string;
  movements: GroupMovement[];
}

// Scores read as every screen shows them (score.ts formatHealthScore): the timeline says 69.6 where the account does.
const fmt = (n: number | null) => (n === null ? '–' : formatHealthScore(n));
const describe = (score: number | null, colour: string | null) => (score === null ? 'no score' : `${fmt(score)} (${colour})`);

/**
 * Explains the change from `before` to `after`. Groups moving less than `minDelta` points are
 * left out; measures inside a mover are named when they moved at least `minDelta` too.
 */
export function explainHealthChange(before: HealthResult | null, after: HealthResult, options: { minDelta?: number } = {}): HealthExplanation {
  const minDelta = options.minDelta ?? 2;
  const tail = extras(before, after);
  if (!before) {
    const weakest = after.groups.filter((g) => g.colour === 'red' || g.colour === 'yellow').map((g) => `${g.label} ${fmt(g.score)}`);
    const head = `First health score: ${describe(after.score, after.colour)}.`;
    const weak = weakest.length ? ` Weakest: ${weakest.join(', ')}.` : '';
    return { summary: [head + weak, ...tail].join(' '), movements: [] };
  }

  const beforeGroups = new Map(before.groups.map((g) => [g.key, g]));
  const beforeMeasures = new Map(before.measures.map((m) => [m.key, m]));
  const movements: GroupMovement[] = [];
  for (const g of after.groups) {
    const prev = beforeGroups.get(g.key);
    const movement = groupMovement(
      prev,
      g,
      after.measures.filter((m) => m.group === g.key),
      beforeMeasures,
      minDelta,
    );
    if (movement) movements.push(movement);
  }
  movements.sort((a, b) => Math.abs(b.impact) - Math.abs(a.impact) || a.group.localeCompare(b.group));

  const delta = after.score !== null && before.score !== null ? after.score - before.score : null;
  let head: string;
  if (delta === null || Math.abs(delta) < minDelta) head = `Health steady at ${describe(after.score, after.colour)}`;
  else head = `Health ${delta > 0 ? 'rose' : 'fell'} from ${describe(before.score, before.colour)} to ${describe(after.score, after.colour)}`;
  const body = movements.map(sentence).join('; ');
  const summary = [`${head}${body ? `: ${body}` : ''}.`, ...tail].join(' ');
  return { summary, movements };
}

function groupMovement(prev: GroupResult | undefined, g: GroupResult, measures: MeasureResult[], beforeMeasures: Map<string, MeasureResult>, minDelta: number): GroupMovement | null {
  const from = prev?.score ?? null;
  const to = g.score;
  if (from === null && to === null) return null;
  const reasons: string[] = [];
  for (const m of measures) {
    const was = beforeMeasures.get(m.key);
    const wasScore = was?.score ?? null;
    if (m.score === null && wasScore !== null) reasons.push(`no ${MEASURES[m.key].label} data now`);
    else if (m.score !== null && (wasScore === null || Math.abs(m.score - wasScore) >= minDelta) && m.detail) reasons.push(m.detail);
  }
  if (from === null) return { group: g.key, label: g.label, from, to, direction: 'appeared', impact: 0, reasons };
  if (to === null) return { group: g.key, label: g.label, from, to, direction: 'went_missing', impact: 0, reasons };
  if (Math.abs(to - from) < minDelta) return null;
  const weight = (g.effectiveWeight + (prev?.effectiveWeight ?? g.effectiveWeight)) / 2;
  return { group: g.key, label: g.label, from, to, direction: to > from ? 'rose' : 'fell', impact: Math.round(((to - from) * weight) / 10) / 10, reasons };
}

function sentence(m: GroupMovement): string {
  const why = m.reasons.length ? `: ${m.reasons.join(', ')}` : '';
  switch (m.direction) {
    case 'rose':
    case 'fell':
      return `${m.label} ${m.direction} (${fmt(m.from)} → ${fmt(m.to)})${why}`;
    case 'appeared':
      return `${m.label} now scored ${fmt(m.to)}${why}`;
    case 'went_missing':
      return `${m.label} no longer scored${why}`;
  }
}

function extras(before: HealthResult | null, after: HealthResult): string[] {
  const out: string[] = [];
  if (after.forcedRedByCritical) {
    const names = after.criticalRed.map((k) => after.measures.find((m) => m.key === k)?.detail ?? MEASURES[k].label);
    out.push(`Red because a critical measure is red: ${names.join(', ')}.`);
  }
  const risksNow = after.riskLines ?? [];
  const risksBefore = before?.riskLines ?? [];
  if (risksNow.length) out.push(`Open risks: ${risksNow.join('; ')}.`);
  else if (risksBefore.length) out.push(`No open risk takes points off now (before: ${risksBefore.join('; ')}).`);
  if (after.adoptionLines?.length) out.push(`Adoption: ${after.adoptionLines.join('; ')}.`);
  if (after.capReason) out.push(`Capped: ${after.capReason}.`);
  else if (before?.capReason) out.push(`No longer capped (before: ${before.capReason}).`);
  if (after.override) {
    const until = after.override.expiresAt.slice(0, 10);
    out.push(`Overridden to ${after.override.colour} until ${until}: ${after.override.reason}.`);
  } else if (before?.override) {
    out.push('The manual override has ended; the computed score applies again.');
  }
  if (after.missing.length) out.push(`Not known: ${after.missing.map((k) => MEASURES[k].label).join(', ')}.`);
  return out;
}
