import { z } from 'zod';
import type { ImportReport } from '../../services/accounts/import-csv.ts';
import { ErrorBodySchema, checkShape, type SameShape } from './responses.ts';

export const ImportQuerySchema = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe('Check the file and report, changing nothing'),
});

/** The CSV text itself, sent as `Content-Type: text/csv`. */
export const CsvBodySchema = z.string({ error: 'send the CSV with Content-Type: text/csv' }).describe('CSV with a header line; the columns are those `GET /api/exports/…` writes');

export const ImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(z.object({ line: z.number().int().describe('1 is the header'), message: z.string() })),
  })
  .meta({ id: 'ImportReport' });
checkShape<SameShape<z.output<typeof ImportReportSchema>, ImportReport>>();

/** A refused import answers 400 with its report (nothing was written), or with the error body for a bad request. */
export const ImportRefusedSchema = z.union([ImportReportSchema, ErrorBodySchema]).describe('The file has bad lines (the report lists them; nothing was written), or the request is invalid');

export const CsvFileSchema = z.string().describe('CSV with a header line');
