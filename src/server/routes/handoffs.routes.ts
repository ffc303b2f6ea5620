import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { createHandoffs, getHandoff, listHandoffs, reviewHandoff, updateHandoffNote, type HandoffSummary, type HandoffView } from '../../services/handoffs/handoffs.ts';
import { previewHandoffIntro, sendHandoffIntro, type IntroPreview } from '../../services/handoffs/intro-mail.ts';
import { getSalesContext, saveSalesContext, type SalesContextView } from '../../services/handoffs/sales-context.ts';
import { actorOf } from '../auth.ts';
import {
  HandoffCreateSchema,
  HandoffListQuerySchema,
  HandoffListSchema,
  HandoffNoteUpdateSchema,
  HandoffSchema,
  HandoffSummarySchema,
  HandoffsCreatedSchema,
  IntroPreviewSchema,
  IntroSendSchema,
  SalesContextSchema,
  SalesContextUpdateSchema,
} from './handoffs.schema.ts';
import { IdParams } from './query.ts';
import { checkShape, errorResponses, exactErrorResponses, type SameShape } from './responses.ts';

checkShape<SameShape<z.output<typeof HandoffSummarySchema>, HandoffSummary>>();
checkShape<SameShape<z.output<typeof HandoffSchema>, HandoffView>>();
checkShape<SameShape<z.output<typeof IntroPreviewSchema>, IntroPreview>>();
checkShape<SameShape<z.output<typeof SalesContextSchema>, SalesContextView>>();

export async function handoffRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['handoffs'];

  app.post(
    '/api/handoffs',
    {
      schema: {
        tags,
        operationId: 'createHandoffs',
        summary: 'Hand accounts to a new owner: the owner changes, a handoff note is drafted and the new owner gets a review task, all or nothing',
        body: HandoffCreateSchema,
        response: { 201: HandoffsCreatedSchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => reply.status(201).send(await createHandoffs(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/handoffs',
    { schema: { tags, operationId: 'listHandoffs', summary: 'Handoffs you may see, newest first (for=me: those given to you)', querystring: HandoffListQuerySchema, response: { 200: HandoffListSchema, ...exactErrorResponses(400) } } },
    async (request) => listHandoffs(deps, actorOf(request), request.query),
  );
  app.get('/api/handoffs/:id', { schema: { tags, operationId: 'getHandoff', summary: 'One handoff with its note', params: IdParams, response: { 200: HandoffSchema, ...exactErrorResponses(400, 404) } } }, async (request) =>
    getHandoff(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/handoffs/:id',
    { schema: { tags, operationId: 'updateHandoff', summary: "Edit the handoff note (the new owner's review)", params: IdParams, body: HandoffNoteUpdateSchema, response: { 200: HandoffSchema, ...errorResponses(400, 404) } } },
    async (request) => updateHandoffNote(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/handoffs/:id/review',
    { schema: { tags, operationId: 'reviewHandoff', summary: 'Mark the handoff reviewed; closes the review task', params: IdParams, response: { 200: HandoffSchema, ...errorResponses(400, 404) } } },
    async (request) => reviewHandoff(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/handoffs/:id/intro/preview',
    {
      schema: {
        tags,
        operationId: 'previewHandoffIntro',
        summary: "The new owner's introduction mail: exactly what each customer contact gets, and the fingerprint to send it with",
        params: IdParams,
        response: { 200: IntroPreviewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => previewHandoffIntro(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/handoffs/:id/intro/send',
    { schema: { tags, operationId: 'sendHandoffIntro', summary: 'Send the introduction mail (once) through the outbox', params: IdParams, body: IntroSendSchema, response: { 200: HandoffSchema, ...errorResponses(400, 404, 409) } } },
    async (request) => sendHandoffIntro(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/accounts/:id/sales-context',
    {
      schema: {
        tags,
        operationId: 'getSalesContext',
        summary: "The account's sales context (post-sales handoff): purchase reasons, use cases, stakeholders",
        params: IdParams,
        response: { 200: SalesContextSchema, ...exactErrorResponses(400, 404) },
      },
    },
    async (request) => getSalesContext(deps, actorOf(request), request.params.id),
  );
  app.put(
    '/api/accounts/:id/sales-context',
    {
      schema: {
        tags,
        operationId: 'saveSalesContext',
        summary: 'Record the sales context; fields left out keep their value',
        params: IdParams,
        body: SalesContextUpdateSchema,
        response: { 200: SalesContextSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => saveSalesContext(deps, actorOf(request), request.params.id, request.body),
  );
}
