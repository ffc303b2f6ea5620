import { z } from 'zod';
import { RISK_SEVERITIES } from '../../domain/meeting/meeting.ts';
import { HEALTH_COLOURS, SIDES } from '../../domain/model.ts';
import { TOP_CRITERIA } from '../../domain/reviews/top-accounts.ts';
import { freeListParam } from './query.ts';
import { CalendarDateOutSchema, InstantSchema } from './responses.ts';
import { CustomerSuccessPlanSchema } from './success-plans.schema.ts';

// Months and quarters are checked by the service, which says what it expected.
const text = z.string().trim().min(1, 'is required').max(200);
export const MbrQuerySchema = z.strictObject({ csm: text.describe('user id or email'), month: text.describe('YYYY-MM') });
export const QbrQuerySchema = z.strictObject({ ae: text.describe('user id or email'), quarter: text.describe('any month (YYYY-MM) or day of the quarter'), accountId: freeListParam });
export const CbrQuerySchema = z.strictObject({ accountId: text, from: z.string().max(20).optional(), to: z.string().max(20).optional() });

export const ExpansionSchema = z.strictObject({
  /** null clears the flag. */
  note: z.string().trim().min(1, 'say what the opportunity is').max(1000).nullable(),
  amount: z.number().min(0, 'must not be negative').max(1e12).nullable().optional(),
});
export const ExpansionAnswerSchema = z
  .object({
    accountId: z.string(),
    note: z.string().nullable().describe('null when nothing is flagged'),
    amount: z.number().nullable(),
    flaggedAt: InstantSchema.optional().describe('When the flag was last set; absent when nothing is flagged'),
  })
  .meta({ id: 'Expansion' });
export type Expansion = z.infer<typeof ExpansionAnswerSchema>;

export const FiscalQuarterSchema = z
  .object({
    fiscalYear: z.number().int(),
    quarter: z.number().int().describe('1–4'),
    start: CalendarDateOutSchema.describe('First day of the quarter'),
    end: CalendarDateOutSchema.describe('Last day of the quarter (inclusive)'),
    label: z.string().describe('"FY2027 Q1"'),
  })
  .meta({ id: 'FiscalQuarter' });

const WeekSchema = z.object({ start: CalendarDateOutSchema.describe('Monday'), end: CalendarDateOutSchema.describe('Friday') });
const PeriodSchema = z.object({ from: z.string(), to: z.string() });
const PersonSchema = z.object({ id: z.string(), name: z.string() });
const colour = z.enum(HEALTH_COLOURS);

const ReviewAskSchema = z.object({
  text: z.string(),
  accountId: z.string().nullable(),
  source: z.enum(['csm', 'cadence']).describe("'csm' when typed by a person, 'cadence' when drawn from a risk or a stalled objective"),
});

const HealthReviewSchema = z
  .object({
    accounts: z.number().int(),
    byColour: z.record(z.enum([...HEALTH_COLOURS, 'unscored']), z.object({ accountIds: z.array(z.string()), arr: z.number() })),
    movement: z.object({ improved: z.array(z.string()), declined: z.array(z.string()), unchanged: z.array(z.string()), newlyScored: z.array(z.string()) }),
    red: z.array(z.object({ accountId: z.string(), name: z.string(), arr: z.number().nullable(), score: z.number().nullable() })),
  })
  .meta({ id: 'HealthReview' });

const ReviewHealthPointSchema = z.object({ at: InstantSchema, score: z.number().nullable(), colour: colour.nullable(), explanation: z.string().nullable().optional() });

const AccountSummarySchema = z.object({
  accountId: z.string(),
  name: z.string(),
  arr: z.number().nullable(),
  renewalDate: CalendarDateOutSchema.nullable(),
  renewsInQuarter: z.boolean(),
  slot: z.enum([...TOP_CRITERIA, 'fill']).nullable(),
  meets: z.array(z.enum(TOP_CRITERIA)),
  healthNow: ReviewHealthPointSchema.nullable(),
  healthBefore: ReviewHealthPointSchema.nullable(),
  healthLine: z.string(),
  explanation: z.string().nullable(),
  objectives: z.array(z.object({ id: z.string(), title: z.string(), kind: z.enum(['outcome', 'initiative']), status: z.string(), progress: z.number(), targetDate: CalendarDateOutSchema.nullable(), overdue: z.boolean() })),
  risks: z.array(z.object({ id: z.string(), type: z.string(), severity: z.enum(RISK_SEVERITIES), arrAtRisk: z.number().nullable(), ageDays: z.number().int(), evidence: z.string() })),
  arrAtRisk: z.number().describe("The live risks' ARR at risk, capped at the account's ARR"),
  expansion: z.string().nullable(),
  lastCallAt: InstantSchema.nullable(),
  nextCallAt: InstantSchema.nullable(),
  highlights: z.array(z.string()),
  asks: z.array(ReviewAskSchema),
});

const MbrPackSchema = z.object({
  kind: z.literal('mbr'),
  csm: PersonSchema,
  month: z.string(),
  week: WeekSchema,
  quarter: FiscalQuarterSchema,
  period: PeriodSchema,
  agenda: z.array(z.object({ minutes: z.number(), title: z.string() })).readonly(),
  healthReview: HealthReviewSchema,
  topAccounts: z.array(AccountSummarySchema),
  asks: z.array(ReviewAskSchema),
});

const QbrPackSchema = z.object({
  kind: z.literal('qbr'),
  ae: PersonSchema,
  quarter: FiscalQuarterSchema,
  previousQuarter: FiscalQuarterSchema,
  week: WeekSchema,
  durationMinutes: z.number().int(),
  attendees: z.array(z.string()).readonly(),
  period: PeriodSchema,
  healthReview: HealthReviewSchema,
  accounts: z.array(AccountSummarySchema.extend({ csmId: z.string(), csmName: z.string() })),
  renewals: z.array(z.object({ accountId: z.string(), name: z.string(), renewalDate: CalendarDateOutSchema, arr: z.number().nullable() })),
  asks: z.array(ReviewAskSchema),
  skipped: z.array(z.object({ accountId: z.string(), reason: z.string() })).describe("Selected ids left out, and why (not this AE's, no CSM on it, unknown)"),
});

const CbrPackSchema = z.object({
  kind: z.literal('cbr'),
  accountName: z.string(),
  vendorName: z.string(),
  period: z.object({ from: CalendarDateOutSchema, to: CalendarDateOutSchema }),
  objectives: CustomerSuccessPlanSchema.shape.objectives,
  achieved: z.array(z.string()),
  completedActionItems: z.array(z.object({ text: z.string(), owner: z.string(), completedOn: CalendarDateOutSchema.nullable() })),
  shipped: z.array(z.object({ title: z.string(), release: z.string().nullable() })),
  nextSteps: z.array(z.object({ text: z.string(), owner: z.string(), side: z.enum(SIDES), dueDate: CalendarDateOutSchema.nullable() })),
  nextReviewOn: CalendarDateOutSchema.nullable(),
});

/** A review pack: its data, and the same as Markdown and as sanitised HTML. */
function reviewOf<P extends z.ZodType>(pack: P, id: string) {
  return z.object({ pack, markdown: z.string(), html: z.string().describe('Sanitised HTML') }).meta({ id });
}
export const MbrReviewSchema = reviewOf(MbrPackSchema, 'MbrReview');
export const QbrReviewSchema = reviewOf(QbrPackSchema, 'QbrReview');
export const CbrReviewSchema = reviewOf(CbrPackSchema, 'CbrReview');
export type ReviewPackView = z.infer<typeof MbrReviewSchema> | z.infer<typeof QbrReviewSchema> | z.infer<typeof CbrReviewSchema>;
