import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { describeRequestIssue, type ImportMapping } from '../../domain/import/mapping.ts';
import type { PresetName } from '../../domain/import/presets.ts';
import { AppError } from '../../errors.ts';
import { exportAccounts, exportContacts, importAccounts, importContacts } from '../../services/accounts/import-csv.ts';
import { previewImport } from '../../services/accounts/import-preview.ts';
import { actorOf } from '../auth.ts';
import { CsvBodySchema, CsvFileSchema, ExportQuerySchema, ImportPreviewSchema, ImportQuerySchema, ImportRefusedSchema, ImportReportSchema, ImportRequestSchema, PreviewQuerySchema } from './imports.schema.ts';
import { errorResponses } from './responses.ts';

/** The largest import a request may carry (100,000 accounts from a CRM are some 15 MB). */
const IMPORT_LIMIT = 20 * 1024 * 1024;

const tooLarge = () => new AppError('too_large', `the file is larger than ${IMPORT_LIMIT / 1024 / 1024} MB; split it into several imports`, { field: 'csv' });

/**
 * The file and how to read it, from either body: the CSV itself (text/csv, kept as bytes so its
 * encoding is detected), or `{ csv, mapping?, preset? }` as JSON (kept as text until here, then
 * checked, so a bad mapping is a 400 naming its field, never a validator's own words).
 */
function fileOf(request: FastifyRequest, queryPreset: PresetName | undefined): { csv: string | Uint8Array; mapping?: ImportMapping; preset?: PresetName } {
  const body = request.body;
  if (Buffer.isBuffer(body)) return { csv: body, preset: queryPreset };
  if (typeof body !== 'string' || !(request.headers['content-type'] ?? '').startsWith('application/json')) throw new AppError('invalid', 'send the CSV with Content-Type: text/csv, or { "csv": … } as application/json', { field: 'csv' });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new AppError('invalid', 'the body is not valid JSON', { field: 'csv' });
  }
  const parsed = ImportRequestSchema.safeParse(json);
  if (!parsed.success) {
    const { field, message } = describeRequestIssue(parsed.error);
    throw new AppError('invalid', message, { field });
  }
  return { csv: parsed.data.csv, mapping: parsed.data.mapping, preset: parsed.data.preset ?? queryPreset };
}

export async function importRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  // In a scope of its own: text/csv arrives as bytes (the import detects the encoding) and JSON as
  // the text received, both up to IMPORT_LIMIT; a bigger body is a 413 before it is read.
  await root.register(async (scoped) => {
    scoped.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    const errorHandler = (error: unknown) => {
      throw (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge() : error;
    };

    for (const kind of ['accounts', 'contacts'] as const) {
      const Kind = kind === 'accounts' ? 'Accounts' : 'Contacts';
      app.post(
        `/api/imports/${kind}`,
        {
          bodyLimit: IMPORT_LIMIT,
          errorHandler,
          schema: {
            tags: ['import'],
            operationId: `import${Kind}`,
            summary: `Import ${kind} from CSV (text/csv, or { csv, mapping?, preset? } as JSON); all or nothing`,
            description: `The file is read as it comes (encoding and delimiter detected, report titles and footers skipped) and mapped by the mapping sent, the preset, or one proposed from the header (see POST /api/imports/${kind}/preview). Every bad line is reported and nothing is written unless every line is good. Files over 20 MB are refused with 413.`,
            querystring: ImportQuerySchema,
            consumes: ['text/csv', 'application/json'],
            body: CsvBodySchema,
            response: { 200: ImportReportSchema, ...errorResponses(413), 400: ImportRefusedSchema },
          },
        },
        async (request, reply) => {
          const { csv, mapping, preset } = fileOf(request, request.query.preset);
          const run = kind === 'accounts' ? importAccounts : importContacts;
          const report = await run(deps, actorOf(request), csv, { dryRun: request.query.dryRun, mapping, preset });
          return reply.status(report.errors.length ? 400 : 200).send(report);
        },
      );
      app.post(
        `/api/imports/${kind}/preview`,
        {
          bodyLimit: IMPORT_LIMIT,
          errorHandler,
          schema: {
            tags: ['import'],
            operationId: `preview${Kind}Import`,
            summary: `What importing ${kind} from this CSV would do, writing nothing: the proposed mapping, the first rows mapped and every problem in words`,
            querystring: PreviewQuerySchema,
            consumes: ['text/csv', 'application/json'],
            body: CsvBodySchema,
            response: { 200: ImportPreviewSchema, ...errorResponses(400, 413) },
          },
        },
        async (request) => {
          const { csv, mapping, preset } = fileOf(request, request.query.preset);
          return previewImport(deps, actorOf(request), kind, csv, { mapping, preset });
        },
      );
      app.get(
        `/api/exports/${kind}`,
        {
          schema: {
            tags: ['import'],
            operationId: `export${Kind}`,
            summary: `Export ${kind} as CSV (cells a spreadsheet would run as formulas are prefixed with ')`,
            querystring: ExportQuerySchema,
            response: { 200: { description: `The ${kind}, one a line`, content: { 'text/csv': { schema: CsvFileSchema } } }, ...errorResponses() },
          },
        },
        async (request, reply) => {
          const options = { bom: request.query.bom };
          const csv = kind === 'accounts' ? await exportAccounts(deps, actorOf(request), options) : await exportContacts(deps, actorOf(request), options);
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${kind}.csv"`).send(csv);
        },
      );
    }
  });
}
