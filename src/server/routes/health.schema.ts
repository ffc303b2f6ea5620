import { z } from 'zod';
import { MEASURE_KEYS } from '../../domain/health/measures.ts';
import { HEALTH_COLOURS, STAGES } from '../../domain/model.ts';
import { InstantSchema } from './responses.ts';

// The override body is the domain's: checkOverride reads exactly this.
export { HealthOverrideCreateSchema } from '../../domain/health/score.ts';

// Each scorecard is checked by the scorecard parser, which names the field of every problem.
export const ScorecardsUpdateSchema = z.array(z.unknown()).max(20);

const colour = z.enum(HEALTH_COLOURS);
const MeasureParamsOutSchema = z.object({
  greenFrom: z.number().optional(),
  redBelow: z.number().optional(),
  greenAtMost: z.number().int().optional(),
  redFrom: z.number().int().optional(),
  rampMonths: z.number().int().optional(),
});

export const ScorecardOutSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    stages: z.array(z.enum(STAGES)).describe('Empty: the default for every stage no other scorecard claims'),
    thresholds: z.object({ greenFrom: z.number(), redBelow: z.number() }),
    redIfAnyCriticalRed: z.boolean(),
    groups: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        weight: z.number(),
        measures: z.array(z.object({ key: z.enum(MEASURE_KEYS), weight: z.number(), critical: z.boolean(), params: MeasureParamsOutSchema })),
      }),
    ),
  })
  .meta({ id: 'Scorecard' });
export type ScorecardView = z.infer<typeof ScorecardOutSchema>;

// The built-in default as written in the code: the parser fills in what it leaves out.
const ScorecardInputOutSchema = z.object({
  id: z.string(),
  name: z.string(),
  stages: z.array(z.enum(STAGES)).optional(),
  thresholds: z.object({ greenFrom: z.number(), redBelow: z.number() }).optional(),
  redIfAnyCriticalRed: z.boolean().optional(),
  groups: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      weight: z.number(),
      measures: z.array(z.object({ key: z.string(), weight: z.number(), critical: z.boolean().optional(), params: MeasureParamsOutSchema.optional() })),
    }),
  ),
});

export const ScorecardsSchema = z.object({ scorecards: z.array(ScorecardOutSchema), isDefault: z.boolean(), builtIn: ScorecardInputOutSchema }).meta({ id: 'Scorecards' });
export type ScorecardsView = z.infer<typeof ScorecardsSchema>;
export const ScorecardsSavedSchema = z.object({ scorecards: z.array(ScorecardOutSchema) }).meta({ id: 'ScorecardsSaved' });

const HealthOverrideOutSchema = z.object({
  colour,
  score: z.number().nullable().optional().describe('Absent: the computed score is kept and only the colour is overridden'),
  reason: z.string(),
  expiresAt: InstantSchema,
  setBy: z.string().nullable().optional(),
  setAt: InstantSchema.nullable().optional(),
});

const HealthResultSchema = z
  .object({
    scorecardId: z.string(),
    score: z.number().nullable().describe("The score shown: the override's when one is in force"),
    colour: colour.nullable(),
    computedScore: z.number().nullable(),
    computedColour: colour.nullable(),
    groups: z.array(z.object({ key: z.string(), label: z.string(), score: z.number().nullable(), colour: colour.nullable(), effectiveWeight: z.number() })),
    measures: z.array(
      z.object({
        key: z.enum(MEASURE_KEYS),
        group: z.string(),
        score: z.number().nullable(),
        colour: colour.nullable(),
        value: z.number().nullable(),
        detail: z.string().nullable(),
        effectiveWeight: z.number().describe('The share of the whole score this measure carried after redistribution (0–100)'),
        critical: z.boolean(),
      }),
    ),
    missing: z.array(z.enum(MEASURE_KEYS)),
    criticalRed: z.array(z.enum(MEASURE_KEYS)),
    forcedRedByCritical: z.boolean(),
    riskDeduction: z.number().optional().describe('Points the open risks took off the computed score (present when risks or the at-risk stage moved it)'),
    riskLines: z.array(z.string()).optional().describe('The open-risks measure in words, one line per live risk: "a high risk on 100% of ARR: −25"'),
    adoptionDeduction: z.number().optional().describe('Points use cases not landing (red 5, yellow 2, at most 15) took off the computed score; present once a use case is scored'),
    adoptionLines: z.array(z.string()).optional().describe('The adoption measure in words: "use cases: 1 red (SAST), 1 yellow (DAST) of 3 scored: −7"'),
    capReason: z.string().nullable().optional().describe('Why the colour was capped: a high or critical risk on half the ARR or more (red), stage at risk (never green)'),
    override: HealthOverrideOutSchema.nullable(),
    computedAt: InstantSchema,
  })
  .meta({ id: 'HealthResult' });

// A reading of the account's history; the trend is drawn from the same readings.
const HealthPointSchema = z.object({ id: z.string(), at: InstantSchema, score: z.number().nullable(), colour: colour.nullable(), explanation: z.string().nullable() }).meta({ id: 'HealthReading' });

export const AccountHealthSchema = z
  .object({
    accountId: z.string(),
    current: HealthResultSchema.nullable().describe('The latest scoring; null before the first recompute'),
    explanation: z.string().nullable().describe('Why it last moved, in words'),
    override: HealthOverrideOutSchema.nullable(),
    trend: z.object({
      direction: z.enum(['improving', 'declining', 'steady', 'unknown']),
      delta: z.number().nullable(),
      from: HealthPointSchema.nullable(),
      to: HealthPointSchema.nullable(),
      points: z.array(HealthPointSchema).describe('The readings of the window, oldest first'),
    }),
    history: z.array(HealthPointSchema).describe('Newest first'),
  })
  .meta({ id: 'AccountHealth' });
export type AccountHealthView = z.infer<typeof AccountHealthSchema>;

export const AccountHealthRecomputedSchema = AccountHealthSchema.extend({ changed: z.boolean() }).meta({ id: 'AccountHealthRecomputed' });
