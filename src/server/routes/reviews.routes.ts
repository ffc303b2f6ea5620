import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ExpansionSchema, setAccountExpansion } from '../../services/expansion.ts';
import { cbrReview, mbrReview, qbrReview } from '../../services/reviews.ts';
import { actorOf } from '../auth.ts';
import { IdParams, freeListParam } from './query.ts';

// Months and quarters are checked by the service, which says what it expected.
const text = z.string().trim().min(1, 'is required').max(200);

export async function reviewRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];

  app.get(
    '/api/reviews/mbr',
    { schema: { tags, summary: "A CSM's MBR pack for a month (Markdown and HTML)", querystring: z.strictObject({ csm: text.describe('user id or email'), month: text.describe('YYYY-MM') }) } },
    async (request) => mbrReview(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/reviews/qbr',
    {
      schema: {
        tags,
        summary: "An AE's internal QBR pack for a fiscal quarter (Markdown and HTML)",
        querystring: z.strictObject({ ae: text.describe('user id or email'), quarter: text.describe('any month (YYYY-MM) or day of the quarter'), accountId: freeListParam }),
      },
    },
    async (request) => qbrReview(deps, actorOf(request), { ae: request.query.ae, quarter: request.query.quarter, accountIds: request.query.accountId }),
  );
  app.get(
    '/api/reviews/cbr',
    { schema: { tags, summary: "An account's customer business review pack (customer-safe)", querystring: z.strictObject({ accountId: text, from: z.string().max(20).optional(), to: z.string().max(20).optional() }) } },
    async (request) => cbrReview(deps, actorOf(request), request.query),
  );
  app.put(
    '/api/accounts/:id/expansion',
    { schema: { tags: ['accounts', ...tags], summary: 'Flag an expansion opportunity on the account (note null clears it)', params: IdParams, body: ExpansionSchema } },
    async (request) => setAccountExpansion(deps, actorOf(request), request.params.id, request.body),
  );
}
