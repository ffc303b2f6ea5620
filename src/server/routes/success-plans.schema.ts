import { z } from 'zod';
import { OBJECTIVE_STATUSES } from '../../domain/meeting/meeting.ts';
import { ObjectiveCreateSchema } from '../../domain/account/success-plan.ts';
import { CalendarDateSchema } from '../../domain/validation.ts';
import { CalendarDateOutSchema, InstantSchema } from './responses.ts';

export { ObjectiveUpdateSchema } from '../../domain/account/success-plan.ts';

/** A new objective: the account comes from the path. */
export const ObjectiveBodySchema = ObjectiveCreateSchema.omit({ accountId: true });
export const TemplateApplySchema = z.strictObject({ startDate: CalendarDateSchema.optional() });
export const ObjectiveParams = z.strictObject({ id: z.string().min(1).max(64), objectiveId: z.string().min(1).max(64) });
export const ShareTokenParams = z.strictObject({ token: z.string().min(10).max(100) });

const kind = z.enum(['outcome', 'initiative']);

export const ObjectiveSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    title: z.string(),
    kind,
    description: z.string().nullable(),
    owner: z.object({ kind: z.enum(['user', 'contact', 'name']), id: z.string().nullable().describe('null when only a name is known'), name: z.string() }).nullable(),
    targetDate: CalendarDateOutSchema.nullable(),
    status: z.enum(OBJECTIVE_STATUSES),
    progress: z.number().describe('0–100'),
    customerVisible: z.boolean().describe('false keeps the objective to the account team'),
    internalNotes: z.string().nullable().describe("The team's own notes: never shared"),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Objective' });
export type ObjectiveView = z.infer<typeof ObjectiveSchema>;

export const SuccessPlanSchema = z
  .object({
    items: z.array(ObjectiveSchema),
    summary: z.object({
      byStatus: z.record(z.enum(OBJECTIVE_STATUSES), z.array(z.string())),
      overdueIds: z.array(z.string()),
      averageProgress: z.number().nullable().describe('Average progress of live objectives, null when none are live'),
    }),
    nextCursor: z.null(),
  })
  .meta({ id: 'SuccessPlan' });
export type SuccessPlanView = z.infer<typeof SuccessPlanSchema>;

export const CustomerSuccessPlanSchema = z
  .object({
    accountName: z.string(),
    objectives: z.array(
      z.object({
        title: z.string(),
        kind,
        description: z.string().nullable(),
        owner: z.string().nullable(),
        targetDate: CalendarDateOutSchema.nullable(),
        status: z.enum(['not started', 'on track', 'needs attention', 'achieved']),
        progress: z.number(),
      }),
    ),
  })
  .meta({ id: 'CustomerSuccessPlan' });
