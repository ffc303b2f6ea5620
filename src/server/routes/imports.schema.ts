import { z } from 'zod';
import { ImportMappingSchema } from '../../domain/import/mapping.ts';
import { PRESET_NAMES } from '../../domain/import/presets.ts';
import type { ImportReport } from '../../services/accounts/import-csv.ts';
import type { ImportPreview } from '../../services/accounts/import-preview.ts';
import { ErrorBodySchema, checkShape, type SameShape } from './responses.ts';

const PresetSchema = z.enum(PRESET_NAMES).describe("The export the file comes from: hubspot, salesforce, gainsight, vitally or cadence (Cadence's own columns); detected from the header when not given");

export const ImportQuerySchema = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe('Check the file and report, changing nothing'),
  preset: PresetSchema.optional(),
});

export const PreviewQuerySchema = z.strictObject({ preset: PresetSchema.optional() });

export const ExportQuerySchema = z.strictObject({
  bom: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe('Start the file with a UTF-8 byte order mark, so Excel reads accents right'),
});

/** The import's JSON form: the CSV as text, with the mapping to read it by (from a preview, edited) or a preset. */
export const ImportRequestSchema = z
  .strictObject({
    csv: z.string().min(1, 'send the CSV text').describe('The file as text, header line included'),
    mapping: ImportMappingSchema.optional().describe("How to read the file: the preview's `mapping`, edited. Without it the mapping is proposed from the header"),
    preset: PresetSchema.optional(),
  })
  .meta({ id: 'ImportRequest' });
export type ImportRequest = z.output<typeof ImportRequestSchema>;

/** The file itself as `Content-Type: text/csv` (any usual encoding: UTF-8, UTF-16 with its BOM, Windows-1252), or the JSON form. */
export const CsvBodySchema = z.unknown().describe("The CSV file itself (text/csv; the encoding and delimiter are detected), or `{ csv, mapping?, preset? }` as application/json. Cadence's own columns are those `GET /api/exports/…` writes");

const LineProblemSchema = z.object({ line: z.number().int().describe('The line of the file, 1 its first line'), message: z.string().describe('In words, naming the column: "Renewal Date \'2025-13-01\' is not a date (YYYY-MM-DD)"') });
const SkippedSchema = z.object({ line: z.number().int(), reason: z.string().describe('"a report footer (totals)", "a report title above the header", "a blank line"') });
const EncodingSchema = z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']).nullable().describe('How the file was decoded (null when it could not be read)');
const DelimiterSchema = z.enum([',', ';', '\t']).nullable().describe('The delimiter found');

export const ImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(LineProblemSchema),
    skipped: z.array(SkippedSchema),
    mapping: ImportMappingSchema.nullable().describe('The mapping the file was read by; save it to reuse'),
    encoding: EncodingSchema,
    delimiter: DelimiterSchema,
  })
  .meta({ id: 'ImportReport' });
checkShape<SameShape<z.output<typeof ImportReportSchema>, ImportReport>>();

/** A refused import answers 400 with its report (nothing was written), or with the error body for a bad request. */
export const ImportRefusedSchema = z.union([ImportReportSchema, ErrorBodySchema]).describe('The file has bad lines (the report lists them; nothing was written), or the request is invalid');

const ACTIONS = ['create', 'update', 'unchanged', 'refused'] as const;

/**
 * The preview of an import, for the mapping screen: how the file was read, the mapping proposed
 * (edit it and send it back as `mapping`), each column with why it went where and sample values,
 * the fields a column can go to, the first 20 rows as Cadence would store them, and every
 * problem of the whole file. Nothing is written.
 */
export const ImportPreviewSchema = z
  .object({
    kind: z.enum(['accounts', 'contacts']),
    encoding: EncodingSchema,
    delimiter: DelimiterSchema,
    headerLine: z.number().int().nullable().describe('The line the header is on (a report title above it is skipped)'),
    header: z.array(z.string()).describe("The file's columns, as written"),
    preset: z.enum(PRESET_NAMES).nullable().describe('The preset used (named or detected)'),
    mapping: ImportMappingSchema.nullable().describe('The mapping proposed: send it back, edited, with the import'),
    columns: z.array(
      z.object({
        column: z.string(),
        target: z.string().describe("A field's name from `fields`, 'tag' or 'ignore'"),
        reason: z.enum(['mapping', 'preset', 'name', 'content', 'unmapped']).describe('Why: the mapping sent, the preset, the header name, the values, or nothing matched'),
        note: z.string().describe('The reason in words: "by its name", "its values look like email addresses"'),
        samples: z.array(z.string()).describe('Up to five distinct values of the column'),
      }),
    ),
    fields: z.array(z.object({ name: z.string(), label: z.string(), values: z.array(z.string()).describe("An enum field's values (segments, stages…); empty otherwise") })).describe('Where a column can go'),
    presets: z.array(z.object({ name: z.enum(PRESET_NAMES), label: z.string(), columns: z.array(z.string()) })),
    rows: z.number().int().describe('Data rows in the file'),
    summary: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), refused: z.number().int() }).describe('What importing the whole file would do'),
    sample: z.array(
      z.object({
        line: z.number().int(),
        action: z.enum(ACTIONS),
        values: z.record(z.string(), z.string()).describe("The row as Cadence would store it, in Cadence's CSV columns; empty for a refused row"),
        problems: z.array(z.string()),
      }),
    ),
    skipped: z.array(SkippedSchema),
    problems: z.array(LineProblemSchema.extend({ text: z.string().describe('"line 14: Renewal Date \'2025-13-01\' is not a date (YYYY-MM-DD)"') })).describe('Every problem of the whole file; the import is refused while there is one'),
  })
  .meta({ id: 'ImportPreview' });
checkShape<SameShape<z.output<typeof ImportPreviewSchema>, ImportPreview>>();

export const CsvFileSchema = z.string().describe('CSV with a header line');
