import { z } from 'zod';
import { HEALTH_COLOURS } from '../../domain/model.ts';
import { DRILL_FIGURES } from '../../services/team/team-dashboard.ts';
import { CalendarDateOutSchema, InstantSchema } from './responses.ts';

// Dates are checked by the service so the message names the field.
const date = z.string().max(20).optional();
export const DashboardQuerySchema = z.strictObject({ from: date, to: date });
export const DrillQuerySchema = z.strictObject({
  figure: z.enum(DRILL_FIGURES),
  part: z.enum(['hits', 'misses']).optional(),
  csm: z.string().max(64).optional(),
  team: z.string().max(64).optional(),
  from: date,
  to: date,
});

export const FigureSchema = z
  .object({
    numerator: z.number(),
    denominator: z.number(),
    rate: z.number().nullable().describe('numerator / denominator, null when there is nothing to count'),
    hits: z.array(z.string()),
    misses: z.array(z.string()),
  })
  .meta({ id: 'DashboardFigure' });
export type Figure = z.infer<typeof FigureSchema>;

const BreakdownSchema = z.object({ all: FigureSchema, byCsm: z.record(z.string(), FigureSchema), byTeam: z.record(z.string(), FigureSchema) }).meta({ id: 'DashboardBreakdown' });
const byColour = z.record(z.enum([...HEALTH_COLOURS, 'unscored']), z.array(z.string()));

const PeriodSchema = z.object({
  from: CalendarDateOutSchema,
  to: CalendarDateOutSchema,
  fromInstant: InstantSchema.describe('The half-open instants the figures use'),
  toInstant: InstantSchema,
});

export const TeamDashboardSchema = z
  .object({
    period: PeriodSchema,
    accounts: z.number().int(),
    figures: z.object({
      cadenceAdherence: BreakdownSchema,
      agendaLeadTime: z.object({
        onTime: BreakdownSchema.describe('Agendas sent by their send-by time: hits; later or never: misses (meeting ids)'),
        medianHours: z.number().nullable(),
        medianHoursByCsm: z.record(z.string(), z.number().nullable()),
        withoutAgenda: z.array(z.string()).describe('Calls held without any agenda sent'),
      }),
      followUpWithinOneBusinessDay: BreakdownSchema,
      notEffective: BreakdownSchema,
      completeEngagements: BreakdownSchema,
      customerActionItemCompletion: BreakdownSchema,
      notTouchedIn30Days: BreakdownSchema,
      health: z.object({
        byColour,
        byCsm: z.record(z.string(), byColour),
        movement: z.object({ improved: z.array(z.string()), declined: z.array(z.string()), unchanged: z.array(z.string()), newlyScored: z.array(z.string()) }),
      }),
      arrAtRisk: z.object({
        total: z.number(),
        byCsm: z.record(z.string(), z.number()),
        byTeam: z.record(z.string(), z.number()),
        accountIds: z.array(z.string()),
        riskIds: z.array(z.string()),
      }),
    }),
  })
  .meta({ id: 'TeamDashboard' });
export type TeamDashboardView = z.infer<typeof TeamDashboardSchema>;

export const DrillItemSchema = z.object({ id: z.string(), kind: z.string(), label: z.string(), accountId: z.string().nullable(), at: InstantSchema.nullable() }).meta({ id: 'DashboardDrillItem' });
export type DrillItem = z.infer<typeof DrillItemSchema>;

export const DrillSchema = z
  .object({
    period: PeriodSchema,
    figure: z.enum(DRILL_FIGURES),
    part: z.enum(['hits', 'misses']),
    numerator: z.number(),
    denominator: z.number(),
    items: z.array(DrillItemSchema),
    nextCursor: z.null(),
  })
  .meta({ id: 'DashboardDrill' });
export type DrillView = z.infer<typeof DrillSchema>;
