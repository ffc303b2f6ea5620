import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { exportAccounts, exportContacts, importAccounts, importContacts } from '../../services/import-csv.ts';
import { actorOf } from '../auth.ts';

const IMPORT_LIMIT = 20 * 1024 * 1024;

export async function importRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // CSV arrives as text; the import reports its own line-by-line problems.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));

  const query = z.strictObject({ dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').default(false) });
  for (const kind of ['accounts', 'contacts'] as const) {
    app.post(
      `/api/imports/${kind}`,
      {
        bodyLimit: IMPORT_LIMIT,
        schema: { tags: ['import'], summary: `Import ${kind} from CSV (Content-Type: text/csv); all or nothing`, querystring: query },
      },
      async (request, reply) => {
        if (typeof request.body !== 'string') throw new AppError('invalid', 'send the CSV with Content-Type: text/csv');
        const run = kind === 'accounts' ? importAccounts : importContacts;
        const report = await run(deps, actorOf(request), request.body, { dryRun: request.query.dryRun });
        return reply.status(report.errors.length ? 400 : 200).send(report);
      },
    );
    app.get(`/api/exports/${kind}`, { schema: { tags: ['import'], summary: `Export ${kind} as CSV` } }, async (request, reply) => {
      const csv = kind === 'accounts' ? await exportAccounts(deps, actorOf(request)) : await exportContacts(deps, actorOf(request));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${kind}.csv"`).send(csv);
    });
  }
}
