import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { exportAccounts, exportContacts, importAccounts, importContacts } from '../../services/accounts/import-csv.ts';
import { actorOf } from '../auth.ts';
import { CsvBodySchema, CsvFileSchema, ImportQuerySchema, ImportRefusedSchema, ImportReportSchema } from './imports.schema.ts';
import { errorResponses } from './responses.ts';

const IMPORT_LIMIT = 20 * 1024 * 1024;

export async function importRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // CSV arrives as text; the import reports its own line-by-line problems.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));

  for (const kind of ['accounts', 'contacts'] as const) {
    app.post(
      `/api/imports/${kind}`,
      {
        bodyLimit: IMPORT_LIMIT,
        schema: {
          tags: ['import'],
          operationId: kind === 'accounts' ? 'importAccounts' : 'importContacts',
          summary: `Import ${kind} from CSV (Content-Type: text/csv); all or nothing`,
          querystring: ImportQuerySchema,
          consumes: ['text/csv'],
          body: CsvBodySchema,
          response: { 200: ImportReportSchema, ...errorResponses(), 400: ImportRefusedSchema },
        },
      },
      async (request, reply) => {
        const run = kind === 'accounts' ? importAccounts : importContacts;
        const report = await run(deps, actorOf(request), request.body, { dryRun: request.query.dryRun });
        return reply.status(report.errors.length ? 400 : 200).send(report);
      },
    );
    app.get(
      `/api/exports/${kind}`,
      {
        schema: {
          tags: ['import'],
          operationId: kind === 'accounts' ? 'exportAccounts' : 'exportContacts',
          summary: `Export ${kind} as CSV`,
          response: { 200: { description: `The ${kind}, one a line`, content: { 'text/csv': { schema: CsvFileSchema } } }, ...errorResponses() },
        },
      },
      async (request, reply) => {
        const csv = kind === 'accounts' ? await exportAccounts(deps, actorOf(request)) : await exportContacts(deps, actorOf(request));
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${kind}.csv"`).send(csv);
      },
    );
  }
}
