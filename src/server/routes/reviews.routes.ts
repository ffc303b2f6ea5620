import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { CbrPack } from '../../domain/reviews/cbr.ts';
import type { MbrPack } from '../../domain/reviews/mbr.ts';
import type { QbrPack } from '../../domain/reviews/qbr.ts';
import type { Deps } from '../../deps.ts';
import { getAccountExpansion, setAccountExpansion } from '../../services/accounts/expansion.ts';
import { cbrReview, mbrReview, qbrReview, type ReviewAnswer } from '../../services/team/reviews.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { checkShape, errorResponses, exactErrorResponses, type SameShape } from './responses.ts';
import { CbrQuerySchema, CbrReviewSchema, ExpansionAnswerSchema, ExpansionSchema, MbrQuerySchema, MbrReviewSchema, QbrQuerySchema, QbrReviewSchema } from './reviews.schema.ts';

// The packs are deep: the compiler checks the schemas name every field the builders fill in.
checkShape<SameShape<z.output<typeof MbrReviewSchema>, ReviewAnswer<MbrPack>>>();
checkShape<SameShape<z.output<typeof QbrReviewSchema>, ReviewAnswer<QbrPack>>>();
checkShape<SameShape<z.output<typeof CbrReviewSchema>, ReviewAnswer<CbrPack>>>();

export async function reviewRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];

  app.get(
    '/api/reviews/mbr',
    { schema: { tags, operationId: 'getMbrReview', summary: "A CSM's MBR pack for a month (Markdown and HTML)", querystring: MbrQuerySchema, response: { 200: MbrReviewSchema, ...errorResponses(400) } } },
    async (request) => mbrReview(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/reviews/qbr',
    {
      schema: {
        tags,
        operationId: 'getQbrReview',
        summary: "An AE's internal QBR pack for a fiscal quarter (Markdown and HTML)",
        querystring: QbrQuerySchema,
        response: { 200: QbrReviewSchema, ...exactErrorResponses(400) },
      },
    },
    async (request) => qbrReview(deps, actorOf(request), { ae: request.query.ae, quarter: request.query.quarter, accountIds: request.query.accountId }),
  );
  app.get(
    '/api/reviews/cbr',
    { schema: { tags, operationId: 'getCbrReview', summary: "An account's customer business review pack (customer-safe)", querystring: CbrQuerySchema, response: { 200: CbrReviewSchema, ...exactErrorResponses(400, 404) } } },
    async (request) => cbrReview(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/accounts/:id/expansion',
    {
      schema: {
        tags: ['accounts', ...tags],
        operationId: 'getAccountExpansion',
        summary: 'The expansion opportunity flagged on the account (note null when none is)',
        params: IdParams,
        response: { 200: ExpansionAnswerSchema, ...exactErrorResponses(404) },
      },
    },
    async (request) => getAccountExpansion(deps, actorOf(request), request.params.id),
  );
  app.put(
    '/api/accounts/:id/expansion',
    {
      schema: {
        tags: ['accounts', ...tags],
        operationId: 'setAccountExpansion',
        summary: 'Flag an expansion opportunity on the account (note null clears it)',
        params: IdParams,
        body: ExpansionSchema,
        response: { 200: ExpansionAnswerSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => setAccountExpansion(deps, actorOf(request), request.params.id, request.body),
  );
}
