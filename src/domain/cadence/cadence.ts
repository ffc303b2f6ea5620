/**
 * Cadence policies and due dates, from the handbooks: weekly calls while onboarding; otherwise
 * enterprise customers at least monthly and commercial ones at least quarterly (a bi-weekly
 * option for those who need it); scale customers get touches at lifecycle points, no recurring
 * calls; a healthy account is eased a step, down to quarterly check-ins; and every customer is
 * contacted in some form (a call, an email, a Slack message) at least once a month.
 */
import { z } from 'zod';
import { addBusinessDays, addDays, addMonths, daysBetween, localDate, onOrAfterBusinessDay, type BusinessCalendar } from '../calendar/business-calendar.ts';
import type { CalendarDate, HealthColour, Instant, Segment, Stage } from '../model.ts';
import type { RiskSeverity } from '../meeting/meeting.ts';
import { SEGMENTS, STAGES } from '../model.ts';
import { shortText } from '../validation.ts';

export const FREQUENCIES = ['weekly', 'biweekly', 'monthly', 'quarterly', 'none'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** From most to least frequent; easing moves right. 'none' means touches only. */
const LADDER: Frequency[] = ['weekly', 'biweekly', 'monthly', 'quarterly'];

const FrequencySchema = z.enum(FREQUENCIES);

export const CadencePolicySchema = z.strictObject({
  onboarding: FrequencySchema.default('weekly'),
  bySegment: z
    .strictObject({
      enterprise: FrequencySchema.default('monthly'),
      commercial: FrequencySchema.default('quarterly'),
      scale: FrequencySchema.default('none'),
    })
    .default({ enterprise: 'monthly', commercial: 'quarterly', scale: 'none' }),
  /** Stage-specific cadences that beat the segment's (e.g. at_risk: weekly). */
  byStage: z.partialRecord(z.enum(STAGES), FrequencySchema).default({}),
  easeWhenHealthy: z.boolean().default(true),
  /** Easing never goes past this (the handbook: "keep quarterly check-ins"). */
  easeFloor: z.enum(['biweekly', 'monthly', 'quarterly']).default('quarterly'),
  /** Every customer is contacted in some form at least this often. */
  touchFloorDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').default(30),
  /** How many days before the due date an account counts as due soon. */
  dueSoonDays: z.number().int().min(0).max(60).default(7),
  /** Scheduling or moving a call this close to another of the CSM's calls warns ("no time to clean up notes"); 0 switches it off. Unset: CADENCE_BACK_TO_BACK_MINUTES (15). */
  backToBackMinutes: z.number().int('must be a whole number of minutes').min(0, 'must not be negative').max(240, 'must be at most 240 minutes').optional(),
});
export type CadencePolicy = z.infer<typeof CadencePolicySchema>;

/** What CadencePolicySchema makes of `{}`, written out rather than parsed at every start (issue #16; cadence-defaults.test.ts holds the two together). */
export const DEFAULT_POLICY: CadencePolicy = {
  onboarding: 'weekly',
  bySegment: { enterprise: 'monthly', commercial: 'quarterly', scale: 'none' },
  byStage: {},
  easeWhenHealthy: true,
  easeFloor: 'quarterly',
  touchFloorDays: 30,
  dueSoonDays: 7,
};

export const CadenceOverrideSchema = z.strictObject({
  frequency: FrequencySchema,
  reason: shortText(500),
});
export type CadenceOverride = z.infer<typeof CadenceOverrideSchema>;

export interface EffectiveCadence {
  frequency: Frequency;
  /** Why, in words: "enterprise: monthly; eased to quarterly because health is green". */
  because: string;
}

/** Severities of a live risk that keep an account from being eased below its base cadence. */
const NO_EASING_SEVERITIES: ReadonlySet<RiskSeverity> = new Set(['high', 'critical']);

/** While an account is at lifecycle stage `at_risk`, calls are at least this frequent. */
export const AT_RISK_AT_LEAST: Frequency = 'biweekly';

/** The more frequent of two cadences ('none' is the least frequent). */
function tighter(a: Frequency, b: Frequency): Frequency {
  const rank = (f: Frequency) => (f === 'none' ? LADDER.length : LADDER.indexOf(f));
  return rank(a) <= rank(b) ? a : b;
}

/**
 * The cadence an account is owed: its override, else its stage or segment, eased when healthy.
 * Risks hold it (the seeds: only a happy customer whose problems are solved gets fewer meetings):
 *  - stage `at_risk` tightens the cadence to at least bi-weekly (every 14 days);
 *  - a live high or critical risk (`worstRisk`, the worst open or mitigating one) means no easing,
 *    whatever the health colour says. Closing the risk lets the easing apply again.
 * A manual override, which needs a reason, still wins.
 */
export function effectiveCadence(policy: CadencePolicy, account: { segment: Segment; stage: Stage }, health: HealthColour | null, override: CadenceOverride | null, worstRisk: RiskSeverity | null = null): EffectiveCadence {
  if (override) return { frequency: override.frequency, because: `override: ${override.reason}` };
  if (account.stage === 'churned') return { frequency: 'none', because: 'churned: no recurring calls' };
  if (account.stage === 'onboarding') return { frequency: policy.onboarding, because: `onboarding: ${policy.onboarding}` };
  const byStage = policy.byStage[account.stage];
  let base = byStage ?? policy.bySegment[account.segment];
  let origin = byStage ? `${account.stage.replace('_', ' ')}: ${base}` : `${account.segment}: ${base}`;
  if (account.stage === 'at_risk' && tighter(base, AT_RISK_AT_LEAST) !== base) {
    base = AT_RISK_AT_LEAST;
    origin = `${origin}; tightened to ${base} because the account is at risk (at least every 14 days)`;
  }
  const held = worstRisk !== null && NO_EASING_SEVERITIES.has(worstRisk);
  // An at-risk account is never eased: "at least bi-weekly" holds whatever the health reads.
  if (health === 'green' && policy.easeWhenHealthy && base !== 'none' && account.stage !== 'at_risk') {
    const eased = ease(base, policy.easeFloor);
    if (eased !== base && held) return { frequency: base, because: `${origin}; not eased although health is green: an open ${worstRisk} risk` };
    if (eased !== base) return { frequency: eased, because: `${origin}; eased to ${eased} because health is green${worstRisk ? ` (no open high or critical risk)` : ''}` };
  }
  if (held) return { frequency: base, because: `${origin}; never eased while a ${worstRisk} risk is open` };
  return { frequency: base, because: origin };
}

function ease(frequency: Frequency, floor: Frequency): Frequency {
  const at = LADDER.indexOf(frequency);
  const floorAt = LADDER.indexOf(floor);
  if (at < 0 || at >= floorAt) return frequency;
  return LADDER[at + 1] as Frequency;
}

/** Adds one interval of the frequency to a date; month ends clamp (31 Jan + 1 month = 28/29 Feb). */
export function addInterval(date: CalendarDate, frequency: Exclude<Frequency, 'none'>): CalendarDate {
  if (frequency === 'weekly') return addDays(date, 7);
  if (frequency === 'biweekly') return addDays(date, 14);
  return addMonths(date, frequency === 'monthly' ? 1 : 3);
}

export type DueState = 'overdue' | 'due_soon' | 'ok' | 'touches_only';

export interface CadenceDue {
  frequency: Frequency;
  because: string;
  lastCallOn: CalendarDate | null;
  lastTouchOn: CalendarDate | null;
  nextCallDue: CalendarDate | null;
  nextTouchDue: CalendarDate;
  callOverdueDays: number;
  touchOverdueDays: number;
  state: DueState;
}

export interface DueInput {
  cadence: EffectiveCadence;
  /** The last call actually held (cancelled calls do not count). */
  lastCallAt: Instant | null;
  /** The last touch of any kind (email, Slack, call …). */
  lastTouchAt: Instant | null;
  /** When the account joined the book: with no call yet, the first one is due from then. */
  since: Instant;
  timezone: string;
  touchFloorDays: number;
  dueSoonDays: number;
}

/**
 * When the next call and the next touch are due, in the account's time zone and on business
 * days, and how late they are. Pure and cheap: the whole book is computed in one pass.
 */
export function cadenceDue(input: DueInput, now: Date, calendar: BusinessCalendar): CadenceDue {
  const today = localDate(now, input.timezone);
  const lastCallOn = input.lastCallAt ? localDate(input.lastCallAt, input.timezone) : null;
  const touchAt = latest(input.lastTouchAt, input.lastCallAt);
  const lastTouchOn = touchAt ? localDate(touchAt, input.timezone) : null;
  const sinceOn = localDate(input.since, input.timezone);
  const { frequency, because } = input.cadence;

  // No call yet: the first one is owed within five business days of the account joining.
  const nextCallDue = frequency === 'none' ? null : lastCallOn ? onOrAfterBusinessDay(addInterval(lastCallOn, frequency), calendar) : addBusinessDays(sinceOn, 5, calendar);
  const touchBase = lastTouchOn ?? sinceOn;
  const nextTouchDue = onOrAfterBusinessDay(addDays(touchBase, input.touchFloorDays), calendar);

  const callOverdueDays = nextCallDue ? Math.max(0, daysBetween(nextCallDue, today)) : 0;
  const touchOverdueDays = Math.max(0, daysBetween(nextTouchDue, today));
  const soonest = nextCallDue && nextCallDue < nextTouchDue ? nextCallDue : nextTouchDue;
  const state: DueState = callOverdueDays > 0 || touchOverdueDays > 0 ? 'overdue' : daysBetween(today, soonest) <= input.dueSoonDays ? 'due_soon' : frequency === 'none' ? 'touches_only' : 'ok';
  return { frequency, because, lastCallOn, lastTouchOn, nextCallDue, nextTouchDue, callOverdueDays, touchOverdueDays, state };
}

function latest(a: Instant | null, b: Instant | null): Instant | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** All segment × stage × health combinations, for tables and tests. */
export function everyCombination(): { segment: Segment; stage: Stage; health: HealthColour | null }[] {
  const out: { segment: Segment; stage: Stage; health: HealthColour | null }[] = [];
  for (const segment of SEGMENTS) for (const stage of STAGES) for (const health of ['green', 'yellow', 'red', null] as const) out.push({ segment, stage, health });
  return out;
}
