import { z } from 'zod';
import { RISK_SEVERITIES } from '../../domain/meeting/meeting.ts';
import { HEALTH_COLOURS } from '../../domain/model.ts';
import { CalendarDateOutSchema } from './responses.ts';
import { FiscalQuarterSchema } from './reviews.schema.ts';

const month = z.number().int('must be a whole month').min(1, 'must be a month from 1 to 12').max(12, 'must be a month from 1 to 12');
export const FiscalYearSchema = z.strictObject({ startMonth: month });
export const FiscalYearAnswerSchema = z.object({ startMonth: z.number().int().describe('1 is January') }).meta({ id: 'FiscalYear' });

const QuarterForecastSchema = z
  .object({
    quarter: FiscalQuarterSchema,
    renewals: z.array(
      z.object({
        accountId: z.string(),
        name: z.string(),
        ownerId: z.string().nullable(),
        renewalDate: CalendarDateOutSchema,
        arr: z.number(),
        riskAdjustedArr: z.number(),
        factor: z.number(),
        worstSeverity: z.enum(RISK_SEVERITIES).nullable(),
        healthColour: z.enum(HEALTH_COLOURS).nullable(),
        riskIds: z.array(z.string()),
        reasons: z.array(z.string()).describe('Why the figure is lower than ARR, in words ("high risk ×0.5")'),
      }),
    ),
    arr: z.number(),
    riskAdjustedArr: z.number(),
    accountIds: z.array(z.string()),
  })
  .meta({ id: 'QuarterForecast' });
export type QuarterForecast = z.infer<typeof QuarterForecastSchema>;

export const RenewalForecastSchema = z.object({ current: QuarterForecastSchema, next: QuarterForecastSchema, fiscalYearStartMonth: month }).meta({ id: 'RenewalForecast' });
export type RenewalForecastView = z.infer<typeof RenewalForecastSchema>;
