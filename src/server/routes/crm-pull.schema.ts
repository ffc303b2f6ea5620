import { z } from 'zod';
import { CRM_VENDORS, CrmMappingSchema, PULLED_FIELDS } from '../../domain/import/crm-mapping.ts';
import { InstantSchema } from './responses.ts';

const fieldNames = Object.keys(PULLED_FIELDS) as [keyof typeof PULLED_FIELDS, ...(keyof typeof PULLED_FIELDS)[]];

export const CrmPullBodySchema = z.strictObject({
  dryRun: z.boolean().optional().describe('Read and plan everything, write nothing; the watermark stays'),
  full: z.boolean().optional().describe('Ask the CRM for every record, not only those changed since the watermark'),
});

export const CrmMappingViewSchema = z
  .object({
    integration: z.string(),
    vendor: z.enum(CRM_VENDORS),
    saved: z.boolean().describe("false: nothing saved yet; this is the vendor's standard mapping, and no scheduled pull runs"),
    updatedAt: InstantSchema.nullable(),
    mapping: CrmMappingSchema,
    effectiveFields: z.record(z.string(), z.string()).describe("The vendor's standard fields under the saved ones: what a pull reads"),
  })
  .meta({ id: 'CrmMappingView' });

export const CrmPullReportSchema = z
  .object({
    integration: z.string(),
    vendor: z.enum(CRM_VENDORS),
    dryRun: z.boolean(),
    full: z.boolean(),
    status: z.enum(['ok', 'failed']),
    error: z.string().nullable().describe('What went wrong, in words (never a secret); the watermark stays where the last whole page left it'),
    since: InstantSchema.nullable().describe('Asked for records changed after this (null: every record)'),
    watermark: InstantSchema.nullable().describe('Where the next pull starts'),
    pages: z.number().int(),
    fetched: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.array(z.object({ crmId: z.string(), name: z.string(), reason: z.string() })).describe('Records left out, each with why (at most 200 listed)'),
    kept: z
      .array(z.object({ crmId: z.string(), accountId: z.string(), account: z.string(), field: z.enum(fieldNames), label: z.string(), cadenceValue: z.unknown(), crmValue: z.unknown() }))
      .describe("Fields changed in both places where Cadence's value stayed (rule cadence_wins)"),
    conflicts: z.object({ crmWon: z.number().int(), cadenceKept: z.number().int() }),
    summary: z.string().describe(`One line: "12 updated, 3 kept Cadence's value: renewal date edited in Cadence"`),
  })
  .meta({ id: 'CrmPullReport' });

export const CrmPullAnswerSchema = z.object({ pulls: z.array(CrmPullReportSchema) }).meta({ id: 'CrmPullAnswer' });

const RunSchema = z.object({
  id: z.string(),
  full: z.boolean(),
  status: z.string().describe('running | ok | failed'),
  startedAt: InstantSchema,
  finishedAt: InstantSchema.nullable(),
  pages: z.number().int(),
  fetched: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  error: z.string().nullable(),
  report: CrmPullReportSchema.nullable(),
});

export const CrmStatusSchema = z
  .object({
    connections: z.array(
      z.object({
        integration: z.string(),
        vendor: z.enum(CRM_VENDORS),
        enabled: z.boolean(),
        scheduled: z.boolean().describe('Pulled on a schedule: its mapping is saved and asks for it'),
        everyMinutes: z.number().int(),
        watermark: z.string().nullable().describe('Records changed after this instant are read by the next pull'),
        lastPull: RunSchema.nullable(),
        lastSuccessAt: InstantSchema.nullable(),
        nextPullAt: InstantSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'CrmStatus' });

export type CrmStatusView = z.output<typeof CrmStatusSchema>;
export type CrmPullAnswerView = z.output<typeof CrmPullAnswerSchema>;
