/**
 * Scoring one account against a scorecard. A missing input is not a zero: its weight is shared
 * out over the measures that are present in the same group, and a group with nothing present
 * shares its weight out over the other groups. Missing measures are listed so the CSM sees what
 * the score does not know. A manual override (with a reason and an expiry) wins until it expires.
 *
 * Hot path: the nightly job scores every account, so this avoids zod, luxon and allocation
 * beyond the result itself.
 */
import { z } from 'zod';
import { HEALTH_COLOURS, type CalendarDate, type HealthColour, type Instant } from '../model.ts';
import { MEASURES, readResolved, resolveParams, type ColourBands, type HealthInputs, type MeasureDefinition, type MeasureKey, type MeasureParams } from './measures.ts';
import type { Scorecard, ScorecardGroup, ScorecardMeasure } from './scorecard.ts';
import { applyRiskRules, riskDeduction, type HealthRisk } from './risk-measure.ts';
import { adoptionDeduction } from '../use-cases/use-cases.ts';
import type { Stage } from '../model.ts';

export interface MeasureResult {
  key: MeasureKey;
  group: string;
  /** null when missing. */
  score: number | null;
  colour: HealthColour | null;
  value: number | null;
  detail: string | null;
  /** The share of the whole score this measure carried after redistribution (0–100). */
  effectiveWeight: number;
  critical: boolean;
}

export interface GroupResult {
  key: string;
  label: string;
  score: number | null;
  colour: HealthColour | null;
  effectiveWeight: number;
}

export interface HealthOverride {
  colour: HealthColour;
  /** When absent the computed score is kept and only the colour is overridden. */
  score?: number | null;
  reason: string;
  expiresAt: Instant;
  setBy?: string | null;
  setAt?: Instant | null;
}

export interface HealthResult {
  scorecardId: string;
  /** The score shown: the override's when one is in force. null when no input at all was present. */
  score: number | null;
  colour: HealthColour | null;
  computedScore: number | null;
  computedColour: HealthColour | null;
  groups: GroupResult[];
  measures: MeasureResult[];
  missing: MeasureKey[];
  /** Critical measures reading red (whether or not the scorecard's rule is on). */
  criticalRed: MeasureKey[];
  /** True when the "red if any critical measure is red" rule set the colour. */
  forcedRedByCritical: boolean;
  /** Points the open risks took off the computed score (risk-measure.ts); 0 without risks. Absent in results stored before risks counted. */
  riskDeduction?: number;
  /** The open-risks measure in words, one line per risk: "a high risk on 100% of ARR: −25". */
  riskLines?: string[];
  /** Why the colour was capped (a high risk on most of the ARR, stage at risk); null when it was not. */
  capReason?: string | null;
  /** Points use cases not landing took off the computed score (use-cases.ts); present once any use case is scored. */
  adoptionDeduction?: number;
  /** The adoption measure in words: "use cases: 1 red (SAST) of 3 scored: −5". */
  adoptionLines?: string[];
  override: HealthOverride | null;
  computedAt: Instant;
}

/** What scoring needs to know of the account beyond the scorecard's measures. */
export interface ScoringContext {
  /** The account's live risks (open or mitigating); none: nothing is deducted. */
  risks?: readonly HealthRisk[];
  accountArr?: number | null;
  stage?: Stage | null;
  /** The account's use cases as scored (red, yellow, green or not yet); none: nothing is deducted. */
  useCases?: readonly { name: string; score: HealthColour | null }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

// Scorecards are immutable once parsed, so each one's resolved bands are worked out once.
const resolved = new WeakMap<Scorecard, { def: MeasureDefinition; params: MeasureParams }[][]>();
function resolve(scorecard: Scorecard): { def: MeasureDefinition; params: MeasureParams }[][] {
  let r = resolved.get(scorecard);
  if (!r) {
    r = scorecard.groups.map((g) => g.measures.map((m) => ({ def: MEASURES[m.key], params: resolveParams(m.key, m.params) })));
    resolved.set(scorecard, r);
  }
  return r;
}

/** The colour a 0–100 score reads under the scorecard's thresholds. */
export function colourForScore(score: number, bands: ColourBands): HealthColour {
  if (score >= bands.greenFrom) return 'green';
  if (score < bands.redBelow) return 'red';
  return 'yellow';
}

/** True when the override is still in force at `now` (an override expires at its instant). */
export function isOverrideActive(override: HealthOverride | null | undefined, now: Date): override is HealthOverride {
  return !!override && Date.parse(override.expiresAt) > now.getTime();
}

/**
 * Scores one account. `today` for contract-age measures is the UTC date of `now`; pass the
 * account's own calendar date through `options.today` when it matters.
 */
export function scoreAccount(scorecard: Scorecard, inputs: HealthInputs, now: Date, options: { override?: HealthOverride | null; today?: CalendarDate } & ScoringContext = {}): HealthResult {
  const bands = scorecard.thresholds;
  const today = options.today ?? now.toISOString().slice(0, 10);
  const measures: MeasureResult[] = [];
  const groups: GroupResult[] = [];
  const missing: MeasureKey[] = [];
  const criticalRed: MeasureKey[] = [];
  let presentGroupWeight = 0;
  let weighted = 0;

  const compiled = resolve(scorecard);
  for (let gi = 0; gi < scorecard.groups.length; gi += 1) {
    const group = scorecard.groups[gi] as ScorecardGroup;
    const defs = compiled[gi] ?? [];
    let presentWeight = 0;
    let sum = 0;
    const first = measures.length;
    for (let mi = 0; mi < group.measures.length; mi += 1) {
      const m = group.measures[mi] as ScorecardMeasure;
      const d = defs[mi] as { def: MeasureDefinition; params: MeasureParams };
      const input = inputs[m.key];
      const reading = input === undefined || input === null ? null : readResolved(d.def, input, d.params, bands, today);
      if (reading) {
        presentWeight += m.weight;
        sum += reading.score * m.weight;
        if (m.critical && reading.colour === 'red') criticalRed.push(m.key);
      } else missing.push(m.key);
      measures.push({
        key: m.key,
        group: group.key,
        score: reading?.score ?? null,
        colour: reading?.colour ?? null,
        value: reading?.value ?? null,
        detail: reading?.detail ?? null,
        effectiveWeight: m.weight, // provisional: share within the group, finished below
        critical: m.critical,
      });
    }
    const present = presentWeight > 0;
    // Measures weighted 0 are shown but carry nothing; a group with nothing that carries weight is missing.
    const groupScore = present ? sum / presentWeight : null;
    if (groupScore !== null) {
      presentGroupWeight += group.weight;
      weighted += groupScore * group.weight;
    }
    groups.push({
      key: group.key,
      label: group.label,
      score: groupScore === null ? null : round1(groupScore),
      colour: groupScore === null ? null : colourForScore(groupScore, bands),
      effectiveWeight: groupScore === null ? 0 : group.weight,
    });
    for (let i = first; i < measures.length; i += 1) {
      const r = measures[i] as MeasureResult;
      r.effectiveWeight = r.score === null || !present ? 0 : (r.effectiveWeight / presentWeight) * group.weight;
    }
  }

  let computedScore = presentGroupWeight > 0 ? round1(weighted / presentGroupWeight) : null;
  for (const g of groups) g.effectiveWeight = presentGroupWeight > 0 ? round1((g.effectiveWeight / presentGroupWeight) * 100) : 0;
  for (const r of measures) r.effectiveWeight = presentGroupWeight > 0 ? round1((r.effectiveWeight / presentGroupWeight) * 100) : 0;

  let computedColour = computedScore === null ? null : colourForScore(computedScore, bands);
  const forcedRedByCritical = scorecard.redIfAnyCriticalRed && criticalRed.length > 0 && computedColour !== 'red';
  if (scorecard.redIfAnyCriticalRed && criticalRed.length > 0) computedColour = 'red';

  // Use-case adoption (use-cases.ts): red and yellow use cases take points off; the colour can only get worse.
  const adoption = adoptionDeduction(options.useCases ?? []);
  if (computedScore !== null && computedColour !== null && adoption.points > 0) {
    computedScore = Math.max(0, round1(computedScore - adoption.points));
    const recoloured = colourForScore(computedScore, bands);
    const rank = { green: 0, yellow: 1, red: 2 } as const;
    if (rank[recoloured] > rank[computedColour]) computedColour = recoloured;
  }

  // Open risks and the at-risk stage (risk-measure.ts): a deduction, then caps on the colour.
  const deduction = riskDeduction(options.risks ?? [], options.accountArr ?? null);
  let capReason: string | null = null;
  if (computedScore !== null && computedColour !== null) {
    const adjusted = applyRiskRules(computedScore, computedColour, deduction, options.stage ?? null, bands, (s) => colourForScore(s, bands));
    computedScore = adjusted.score;
    computedColour = adjusted.colour;
    capReason = adjusted.capReason;
  }

  const override = isOverrideActive(options.override, now) ? options.override : null;
  return {
    scorecardId: scorecard.id,
    score: override && override.score !== undefined && override.score !== null ? override.score : computedScore,
    colour: override ? override.colour : computedColour,
    computedScore,
    computedColour,
    groups,
    measures,
    missing,
    criticalRed,
    forcedRedByCritical,
    // Only when risks or the stage moved something, so results without either read as before.
    ...(computedScore !== null && (deduction.points > 0 || capReason) ? { riskDeduction: deduction.points, riskLines: deduction.lines, capReason } : {}),
    ...(computedScore !== null && adoption.lines.length ? { adoptionDeduction: adoption.points, adoptionLines: adoption.lines } : {}),
    override,
    computedAt: now.toISOString(),
  };
}

const count = z.number().int('must be a whole number').min(0, 'must not be negative');
const RatioSchema = z.strictObject({ part: z.number().min(0, 'must not be negative'), whole: z.number().min(0, 'must not be negative') });
const colour = z.enum(HEALTH_COLOURS);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');

/** Inputs as they arrive from the edge (a CSM's manual entry, an import): nulls allowed, ranges checked. */
export const HealthInputsSchema = z.strictObject({
  csm_sentiment: colour.nullable().optional(),
  product_sentiment: colour.nullable().optional(),
  cadence_adherence: RatioSchema.nullable().optional(),
  agenda_habit: RatioSchema.nullable().optional(),
  follow_up_habit: RatioSchema.nullable().optional(),
  customer_action_items: RatioSchema.nullable().optional(),
  licence_utilisation: z.strictObject({ used: count, bought: count, contractStart: date, renewalDate: date.nullable() }).nullable().optional(),
  active_users: RatioSchema.nullable().optional(),
  open_critical_tickets: count.nullable().optional(),
  escalations: count.nullable().optional(),
  active_champion: z.boolean().nullable().optional(),
  economic_buyer_access: z.boolean().nullable().optional(),
}) satisfies z.ZodType<HealthInputs>;

/** A manual override as the CSM submits it: a reason is required, the expiry must be in the future. */
export const HealthOverrideCreateSchema = z.strictObject({
  colour,
  score: z.number().min(0, 'must be a score between 0 and 100').max(100, 'must be a score between 0 and 100').nullable().optional(),
  reason: z.string().trim().min(1, 'an override needs a reason').max(1000, 'must be at most 1000 characters'),
  expiresAt: z.iso.datetime({ offset: true, message: 'is not an ISO 8601 time' }),
});
export type HealthOverrideCreate = z.infer<typeof HealthOverrideCreateSchema>;

/**
 * Checks what the schema cannot: the expiry is after `now` and the score, when given, reads the
 * colour chosen (an override of "green" at 12 would contradict itself).
 */
export function checkOverride(override: HealthOverrideCreate, bands: ColourBands, now: Date): { field: string; message: string } | null {
  if (Date.parse(override.expiresAt) <= now.getTime()) return { field: 'expiresAt', message: 'expiresAt must be in the future' };
  if (override.score !== undefined && override.score !== null && colourForScore(override.score, bands) !== override.colour) {
    return { field: 'score', message: `score ${override.score} reads ${colourForScore(override.score, bands)}, not ${override.colour}` };
  }
  return null;
}

/**
 * The health figure every screen shows: the account's current score (the override's while one is
 * in force), as the scorer keeps it, to a tenth. The API, the packs, the CLI and the web all show
 * this figure; none rounds it again, so one account reads 69.6 everywhere.
 */
export function formatHealthScore(score: number): string {
  return String(round1(score));
}

/** Labels for the measures in a result, for screens that list what is missing. */
export function measureLabel(key: MeasureKey): string {
  return MEASURES[key].label;
}
