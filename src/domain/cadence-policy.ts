/**
 * Cadence policies, from the handbooks: weekly calls during onboarding; otherwise enterprise
 * customers at least monthly and commercial ones at least quarterly (bi-weekly, bi-monthly or
 * any "every N days/weeks/months" for those who need it); scale customers get no recurring calls
 * but a touch at lifecycle points; a healthy (green) account is eased one step, never past
 * quarterly ("if the customer is happy … reduce meeting frequency; keep quarterly check-ins");
 * and every customer is contacted in some form (call, email, Slack) at least once a month.
 *
 * Error style: `parseCadencePolicy` and `parseCadenceOverride` throw `AppError('invalid', …,
 * { field })` at the edge; `resolveCadence` is total on parsed input and never throws.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { daysBetween, RealDateSchema } from './business-days.ts';
import type { CalendarDate, HealthColour, Segment, Stage } from './model.ts';
import { STAGES } from './model.ts';

export const NAMED_FREQUENCIES = ['weekly', 'biweekly', 'monthly', 'bimonthly', 'quarterly', 'none'] as const;
export type NamedFrequency = (typeof NAMED_FREQUENCIES)[number];

export const INTERVAL_UNITS = ['day', 'week', 'month'] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** "Every `every` `unit`s". */
export interface Interval {
  every: number;
  unit: IntervalUnit;
}

/** A named frequency, 'none' (no recurring calls), or any interval. */
export type Frequency = NamedFrequency | Interval;

export const IntervalSchema = z.strictObject({
  every: z
    .number({ error: 'interval must be a number' })
    .int('interval must be a whole number')
    .min(1, 'interval must be at least 1: a zero or negative interval would never come due')
    .max(366, 'interval must be at most 366'),
  unit: z.enum(INTERVAL_UNITS, { error: (iss) => `unknown interval unit "${String(iss.input)}" (use day, week or month)` }),
});

const NAMED_LIST = NAMED_FREQUENCIES.join(', ');

export const FrequencySchema: z.ZodType<Frequency> = z.union([z.enum(NAMED_FREQUENCIES), IntervalSchema], {
  // A union's own message is "Invalid input"; say which part of which shape is wrong instead.
  error: (iss) => {
    if (typeof iss.input === 'string') return `unknown frequency "${iss.input}" (use ${NAMED_LIST}, or { every, unit })`;
    const errors = (iss as { errors?: { path: PropertyKey[]; message: string }[][] }).errors;
    const inner = errors?.[1]?.[0];
    if (iss.input !== null && typeof iss.input === 'object' && inner) return inner.path.length ? `${inner.path.map(String).join('.')}: ${inner.message}` : inner.message;
    return `must be a frequency (${NAMED_LIST}) or { every, unit }`;
  },
});

const SegmentCallsSchema = z.strictObject({
  /** The cadence outside the stages listed below. */
  otherwise: FrequencySchema,
  /** Stage-specific cadences that beat `otherwise` (onboarding: weekly). */
  stages: z.partialRecord(z.enum(STAGES), FrequencySchema).default({}),
});

const EASE_FLOORS = ['biweekly', 'monthly', 'quarterly'] as const;

export const DEFAULT_CADENCE_POLICY_INPUT = {
  calls: {
    enterprise: { otherwise: 'monthly', stages: { onboarding: 'weekly' } },
    commercial: { otherwise: 'quarterly', stages: { onboarding: 'weekly' } },
    scale: { otherwise: 'none', stages: { onboarding: 'weekly' } },
  },
  healthyEasing: { enabled: true, floor: 'quarterly', exceptStages: [] },
  touchFloor: { every: 1, unit: 'month' },
  lifecycleTouches: { stages: ['onboarding', 'adoption', 'renewal', 'at_risk'], withinBusinessDays: 5 },
  firstCallWithinBusinessDays: 5,
  dueSoonDays: 7,
} as const;

export const CadencePolicySchema = z.strictObject({
  calls: z
    .strictObject({ enterprise: SegmentCallsSchema, commercial: SegmentCallsSchema, scale: SegmentCallsSchema })
    .default(structuredClone(DEFAULT_CADENCE_POLICY_INPUT.calls) as never),
  /** A green account is eased one step along weekly → biweekly → monthly → quarterly. */
  healthyEasing: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Easing never goes past this. */
      floor: z.enum(EASE_FLOORS, { error: (iss) => `unknown easing floor "${String(iss.input)}" (use ${EASE_FLOORS.join(', ')})` }).default('quarterly'),
      exceptStages: z.array(z.enum(STAGES)).default([]),
    })
    .default({ enabled: true, floor: 'quarterly', exceptStages: [] }),
  /** Every customer is touched (call, email, Slack) at least this often; null switches it off. */
  touchFloor: IntervalSchema.nullable().default({ every: 1, unit: 'month' }),
  /** For accounts without recurring calls: a touch is due soon after entering these stages. */
  lifecycleTouches: z
    .strictObject({
      stages: z.array(z.enum(STAGES)).default([...DEFAULT_CADENCE_POLICY_INPUT.lifecycleTouches.stages]),
      withinBusinessDays: z.number().int('must be a whole number of business days').min(0, 'must not be negative').max(60).default(5),
    })
    .default({ stages: [...DEFAULT_CADENCE_POLICY_INPUT.lifecycleTouches.stages], withinBusinessDays: 5 }),
  /** With no call held yet, the first one is due this many business days after the account joined. */
  firstCallWithinBusinessDays: z.number().int('must be a whole number of business days').min(0, 'must not be negative').max(60).default(5),
  /** How close to its due date an account counts as "due soon". */
  dueSoonDays: z.number().int('must be a whole number of days').min(0, 'must not be negative').max(60).default(7),
});
export type CadencePolicy = z.infer<typeof CadencePolicySchema>;

/** The seeds' policy, ready to use. */
export const DEFAULT_CADENCE_POLICY: CadencePolicy = CadencePolicySchema.parse(structuredClone(DEFAULT_CADENCE_POLICY_INPUT));

/** A per-account override: a cadence and why (an explicit choice beats policy, easing and stage). */
export const CadenceOverrideSchema = z.strictObject({
  frequency: FrequencySchema,
  reason: z.string({ error: 'a reason is required' }).trim().min(1, 'a reason is required').max(500, 'must be at most 500 characters'),
  /** Last day the override holds (inclusive); absent or null: until removed. */
  until: RealDateSchema.nullable().optional(),
});
export type CadenceOverride = z.infer<typeof CadenceOverrideSchema>;

function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { field, message } = describeIssue(parsed.error);
  throw new AppError('invalid', `${what}: ${message}`, { field });
}

/** The first problem, with the full path of the field (`calls.scale.stages.trial`). */
export function describeIssue(error: z.ZodError): { field: string | undefined; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: undefined, message: 'is not valid' };
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const field = [...path, issue.keys[0] ?? ''].join('.');
    return { field, message: `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((k) => [...path, k].join('.')).join(', ')}` };
  }
  const field = path.length ? path.join('.') : undefined;
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
}

/** Validates a policy document (missing parts take the defaults); throws `AppError('invalid')`. */
export function parseCadencePolicy(input: unknown): CadencePolicy {
  return parseWith(CadencePolicySchema, input ?? {}, 'cadence policy');
}

/** Validates an override; throws `AppError('invalid')` naming the field. */
export function parseCadenceOverride(input: unknown): CadenceOverride {
  return parseWith(CadenceOverrideSchema, input, 'cadence override');
}

const NAMED_INTERVALS: Record<Exclude<NamedFrequency, 'none'>, Interval> = {
  weekly: { every: 1, unit: 'week' },
  biweekly: { every: 2, unit: 'week' },
  monthly: { every: 1, unit: 'month' },
  bimonthly: { every: 2, unit: 'month' },
  quarterly: { every: 3, unit: 'month' },
};

/** The interval of a frequency, or null for 'none'. */
export function intervalOf(frequency: Frequency): Interval | null {
  if (typeof frequency !== 'string') return frequency;
  return frequency === 'none' ? null : NAMED_INTERVALS[frequency];
}

/** Rough length in days, only for ordering frequencies (a month counts 30.44 days). */
export function approxDays(interval: Interval): number {
  return interval.every * (interval.unit === 'day' ? 1 : interval.unit === 'week' ? 7 : 30.44);
}

/** Words for a frequency: "weekly", "every 10 days", "no recurring calls". */
export function describeFrequency(frequency: Frequency): string {
  if (frequency === 'none') return 'no recurring calls';
  if (typeof frequency === 'string') return frequency;
  const named = (Object.keys(NAMED_INTERVALS) as (keyof typeof NAMED_INTERVALS)[]).find((k) => sameInterval(NAMED_INTERVALS[k], frequency));
  if (named) return named;
  return frequency.every === 1 ? `every ${frequency.unit}` : `every ${frequency.every} ${frequency.unit}s`;
}

function sameInterval(a: Interval, b: Interval): boolean {
  return a.every === b.every && a.unit === b.unit;
}

const LADDER = ['weekly', 'biweekly', 'monthly', 'quarterly'] as const;

/** One step easier along weekly → biweekly → monthly → quarterly, never past `floor`. */
export function easeFrequency(frequency: Frequency, floor: (typeof EASE_FLOORS)[number]): Frequency {
  const interval = intervalOf(frequency);
  if (!interval) return frequency;
  const days = approxDays(interval);
  const floorDays = approxDays(NAMED_INTERVALS[floor]);
  if (days >= floorDays - 0.01) return frequency;
  const next = LADDER.find((step) => approxDays(NAMED_INTERVALS[step]) > days + 0.01) ?? floor;
  return approxDays(NAMED_INTERVALS[next]) > floorDays ? floor : next;
}

export interface ResolvedCadence {
  /** The call cadence owed; 'none' when no recurring calls are owed. */
  call: Frequency;
  /** The longest a customer may go without any touch; null when there is no floor. */
  touchFloor: Interval | null;
  /** True when the account gets a touch on entering its current lifecycle stage. */
  lifecycleTouch: boolean;
  source: 'override' | 'policy' | 'stopped';
  /** In words, for the account page: "enterprise, steady: monthly; eased to quarterly because health is green". */
  because: string;
}

/**
 * The cadence an account is owed today: an unexpired override, else its segment's cadence for
 * its stage, eased one step when its health is green. Churned accounts are owed nothing.
 */
export function resolveCadence(
  policy: CadencePolicy,
  account: { segment: Segment; stage: Stage },
  health: HealthColour | null,
  override: CadenceOverride | null = null,
  today: CalendarDate | null = null,
): ResolvedCadence {
  const touchFloor = policy.touchFloor;
  if (override && !(override.until && today && daysBetween(override.until, today) > 0)) {
    return { call: override.frequency, touchFloor, lifecycleTouch: false, source: 'override', because: `override (${describeFrequency(override.frequency)}): ${override.reason}` };
  }
  if (account.stage === 'churned') return { call: 'none', touchFloor: null, lifecycleTouch: false, source: 'stopped', because: 'churned: no calls or touches owed' };
  const calls = policy.calls[account.segment];
  const base = calls.stages[account.stage] ?? calls.otherwise;
  const origin = `${account.segment}, ${account.stage.replace('_', ' ')}: ${describeFrequency(base)}`;
  const lifecycleTouch = base === 'none' && policy.lifecycleTouches.stages.includes(account.stage);
  const easing = policy.healthyEasing;
  if (health === 'green' && easing.enabled && !easing.exceptStages.includes(account.stage)) {
    const eased = easeFrequency(base, easing.floor);
    if (eased !== base) return { call: eased, touchFloor, lifecycleTouch, source: 'policy', because: `${origin}; eased to ${describeFrequency(eased)} because health is green` };
  }
  return { call: base, touchFloor, lifecycleTouch, source: 'policy', because: origin };
}
