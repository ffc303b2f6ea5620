/**
 * The health scorecard as a document an admin can edit: groups of measures, each with a weight,
 * colour thresholds, an optional "red if any critical measure is red" rule, and the lifecycle
 * stages it applies to. Validation names the field at fault, so a bad save answers
 * "groups.1.measures.0.key: unknown measure 'nps'" rather than "invalid".
 */
import { z } from 'zod';
import { STAGES, type Stage } from '../model.ts';
import { MEASURE_KEYS, MEASURES, isMeasureKey, type MeasureKey, type MeasureParams } from './measures.ts';

const weight = z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');
const score = z.number().min(0, 'must be a score between 0 and 100').max(100, 'must be a score between 0 and 100');
const share = z.number().min(0, 'must be a share between 0 and 1').max(1, 'must be a share between 0 and 1');
const count = z.number().int('must be a whole number').min(0, 'must not be negative');

export const MeasureParamsSchema = z.strictObject({
  greenFrom: share.optional(),
  redBelow: share.optional(),
  greenAtMost: count.optional(),
  redFrom: count.optional(),
  rampMonths: count.max(60, 'must be at most 60 months').optional(),
});

export const ScorecardMeasureSchema = z.strictObject({
  key: z.string().superRefine((v, ctx) => {
    if (!isMeasureKey(v)) ctx.addIssue({ code: 'custom', message: `unknown measure '${v}' (known: ${MEASURE_KEYS.join(', ')})` });
  }),
  weight,
  /** With the scorecard's `redIfAnyCriticalRed`, a red reading here turns the whole account red. */
  critical: z.boolean().default(false),
  params: MeasureParamsSchema.default({}),
});

export const ScorecardGroupSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case'),
  label: z.string().trim().min(1, 'must not be empty').max(80),
  weight,
  measures: z.array(ScorecardMeasureSchema).min(1, 'needs at least one measure'),
});

const EPS = 1e-6;

export const ScorecardSchema = z
  .strictObject({
    id: z.string().trim().min(1, 'must not be empty').max(64),
    name: z.string().trim().min(1, 'must not be empty').max(120),
    /** Stages this scorecard serves; empty: the default for every stage no other scorecard claims. */
    stages: z.array(z.enum(STAGES)).default([]),
    thresholds: z.strictObject({ greenFrom: score, redBelow: score }).default({ greenFrom: 70, redBelow: 40 }),
    redIfAnyCriticalRed: z.boolean().default(false),
    groups: z.array(ScorecardGroupSchema).min(1, 'needs at least one group'),
  })
  .superRefine((card, ctx) => {
    if (card.thresholds.redBelow > card.thresholds.greenFrom) {
      ctx.addIssue({ code: 'custom', path: ['thresholds', 'redBelow'], message: `must not be above greenFrom (${card.thresholds.greenFrom})` });
    }
    const total = card.groups.reduce((s, g) => s + g.weight, 0);
    if (Math.abs(total - 100) > EPS) {
      ctx.addIssue({ code: 'custom', path: ['groups'], message: `group weights must add up to 100, they add up to ${round(total)}` });
    }
    const seenGroups = new Set<string>();
    const seenMeasures = new Map<string, string>();
    card.groups.forEach((g, gi) => {
      if (seenGroups.has(g.key)) ctx.addIssue({ code: 'custom', path: ['groups', gi, 'key'], message: `group '${g.key}' appears twice` });
      seenGroups.add(g.key);
      const sum = g.measures.reduce((s, m) => s + m.weight, 0);
      if (Math.abs(sum - 100) > EPS) {
        ctx.addIssue({ code: 'custom', path: ['groups', gi, 'measures'], message: `measure weights in group '${g.key}' must add up to 100, they add up to ${round(sum)}` });
      }
      g.measures.forEach((m, mi) => {
        const where = seenMeasures.get(m.key);
        if (where) ctx.addIssue({ code: 'custom', path: ['groups', gi, 'measures', mi, 'key'], message: `measure '${m.key}' is already in group '${where}'` });
        seenMeasures.set(m.key, g.key);
        checkParams(m.key, m.params, ['groups', gi, 'measures', mi, 'params'], ctx);
      });
    });
  });

function checkParams(key: string, params: MeasureParams, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (!isMeasureKey(key)) return;
  const p = { ...MEASURES[key].defaults, ...params };
  const kind = MEASURES[key].kind;
  const allowed: Record<string, (keyof MeasureParams)[]> = {
    ratio: ['greenFrom', 'redBelow'],
    licence: ['greenFrom', 'redBelow', 'rampMonths'],
    count: ['greenAtMost', 'redFrom'],
    colour: [],
    flag: [],
  };
  for (const name of Object.keys(params) as (keyof MeasureParams)[]) {
    if (!(allowed[kind] ?? []).includes(name)) ctx.addIssue({ code: 'custom', path: [...path, name], message: `does not apply to '${key}'` });
  }
  if ((kind === 'ratio' || kind === 'licence') && (p.redBelow ?? 0) > (p.greenFrom ?? 1)) {
    ctx.addIssue({ code: 'custom', path: [...path, 'redBelow'], message: `must not be above greenFrom (${p.greenFrom})` });
  }
  if (kind === 'count' && (p.greenAtMost ?? 0) >= (p.redFrom ?? 1)) {
    ctx.addIssue({ code: 'custom', path: [...path, 'redFrom'], message: `must be above greenAtMost (${p.greenAtMost})` });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

export type ScorecardInput = z.input<typeof ScorecardSchema>;
/** A parsed scorecard: defaults filled in, measure keys known. */
export interface Scorecard {
  id: string;
  name: string;
  stages: Stage[];
  thresholds: { greenFrom: number; redBelow: number };
  redIfAnyCriticalRed: boolean;
  groups: ScorecardGroup[];
}
export interface ScorecardGroup {
  key: string;
  label: string;
  weight: number;
  measures: ScorecardMeasure[];
}
export interface ScorecardMeasure {
  key: MeasureKey;
  weight: number;
  critical: boolean;
  params: MeasureParams;
}

export interface ScorecardProblem {
  field: string;
  message: string;
}

export type ScorecardParse = { ok: true; scorecard: Scorecard } | { ok: false; problems: ScorecardProblem[] };

function problemsOf(error: z.ZodError): ScorecardProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (field ? `${field}.${k}` : k));
      return { field: keys[0] ?? field, message: `unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}` };
    }
    return { field, message: field ? `${field}: ${issue.message}` : issue.message };
  });
}

/** Validates a scorecard document and reports every problem, each naming its field. */
export function parseScorecard(input: unknown): ScorecardParse {
  const parsed = ScorecardSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return { ok: true, scorecard: parsed.data as Scorecard };
}

export const ScorecardSetSchema = z
  .array(ScorecardSchema)
  .min(1, 'needs at least one scorecard')
  .superRefine((cards, ctx) => {
    const claimed = new Map<Stage, string>();
    let defaults = 0;
    const ids = new Set<string>();
    cards.forEach((card, ci) => {
      if (ids.has(card.id)) ctx.addIssue({ code: 'custom', path: [ci, 'id'], message: `scorecard id '${card.id}' appears twice` });
      ids.add(card.id);
      if (card.stages.length === 0) defaults += 1;
      card.stages.forEach((stage, si) => {
        const other = claimed.get(stage);
        if (other) ctx.addIssue({ code: 'custom', path: [ci, 'stages', si], message: `stage '${stage}' is already scored by '${other}'` });
        claimed.set(stage, card.id);
      });
    });
    if (defaults > 1) ctx.addIssue({ code: 'custom', path: [], message: 'only one scorecard may leave its stages empty (the default)' });
    if (defaults === 0 && STAGES.some((s) => !claimed.has(s))) {
      ctx.addIssue({ code: 'custom', path: [], message: `no scorecard covers ${STAGES.filter((s) => !claimed.has(s)).join(', ')}: add a default with no stages` });
    }
  });

/** Validates a set of per-stage scorecards: every stage scored exactly once. */
export function parseScorecardSet(input: unknown): { ok: true; scorecards: Scorecard[] } | { ok: false; problems: ScorecardProblem[] } {
  const parsed = ScorecardSetSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return { ok: true, scorecards: parsed.data as Scorecard[] };
}

/** The scorecard for an account in `stage`: the one that names the stage, else the default. */
export function pickScorecard(scorecards: readonly Scorecard[], stage: Stage): Scorecard | undefined {
  return scorecards.find((c) => c.stages.includes(stage)) ?? scorecards.find((c) => c.stages.length === 0);
}

/**
 * The default scorecard, after the GitLab and Sourcegraph handbooks: the CSM's and the product's
 * sentiment, engagement from the cadence habits, adoption from licences and active users,
 * support load, and the relationship (active champion, access to the economic buyer).
 */
export const DEFAULT_SCORECARD_INPUT: ScorecardInput = {
  id: 'default',
  name: 'Default health scorecard',
  stages: [],
  thresholds: { greenFrom: 70, redBelow: 40 },
  redIfAnyCriticalRed: false,
  groups: [
    { key: 'csm_sentiment', label: 'CSM sentiment', weight: 20, measures: [{ key: 'csm_sentiment', weight: 100 }] },
    { key: 'product_sentiment', label: 'product sentiment', weight: 10, measures: [{ key: 'product_sentiment', weight: 100 }] },
    {
      key: 'engagement',
      label: 'engagement',
      weight: 20,
      measures: [
        { key: 'cadence_adherence', weight: 40 },
        { key: 'agenda_habit', weight: 20 },
        { key: 'follow_up_habit', weight: 20 },
        { key: 'customer_action_items', weight: 20 },
      ],
    },
    {
      key: 'adoption',
      label: 'adoption',
      weight: 25,
      measures: [
        { key: 'licence_utilisation', weight: 50 },
        { key: 'active_users', weight: 50 },
      ],
    },
    {
      key: 'support',
      label: 'support load',
      weight: 10,
      measures: [
        { key: 'open_critical_tickets', weight: 60 },
        { key: 'escalations', weight: 40 },
      ],
    },
    {
      key: 'relationship',
      label: 'relationship',
      weight: 15,
      measures: [
        { key: 'active_champion', weight: 60, critical: true },
        { key: 'economic_buyer_access', weight: 40 },
      ],
    },
  ],
};

/** The default scorecard, parsed (defaults filled in). */
export function defaultScorecard(): Scorecard {
  const parsed = parseScorecard(DEFAULT_SCORECARD_INPUT);
  if (!parsed.ok) throw new Error(`default scorecard is invalid: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return parsed.scorecard;
}
