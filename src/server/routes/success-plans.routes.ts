import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { CustomerSuccessPlan, Objective } from '../../domain/account/success-plan.ts';
import type { SuccessPlan } from '../../services/health/success-plans.ts';
import type { Deps } from '../../deps.ts';
import { addObjective, applySuccessPlanTemplate, changeObjective, getSuccessPlan, removeObjective, sharedSuccessPlan } from '../../services/health/success-plans.ts';
import { actorOf } from '../auth.ts';
import { shareLinkRequests } from '../rate-limits.ts';
import { IdParams } from './query.ts';
import { NoContent, errorResponses, exactErrorResponses, checkShape, type SameShape } from './responses.ts';
import { CustomerSuccessPlanSchema, ObjectiveBodySchema, ObjectiveParams, ObjectiveSchema, ObjectiveUpdateSchema, ShareTokenParams, SuccessPlanSchema, TemplateApplySchema } from './success-plans.schema.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof ObjectiveSchema>, Objective>>();
checkShape<SameShape<z.output<typeof SuccessPlanSchema>, SuccessPlan>>();
checkShape<SameShape<z.output<typeof CustomerSuccessPlanSchema>, CustomerSuccessPlan>>();

export async function successPlanRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['success plans'];

  app.get(
    '/api/accounts/:id/objectives',
    {
      schema: { tags, operationId: 'getSuccessPlan', summary: "The account's success plan: objectives and a summary", params: IdParams, response: { 200: SuccessPlanSchema, ...exactErrorResponses(400, 404) } },
    },
    async (request) => getSuccessPlan(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/accounts/:id/objectives',
    {
      schema: { tags, operationId: 'addObjective', summary: 'Add an objective', params: IdParams, body: ObjectiveBodySchema, response: { 201: ObjectiveSchema, ...errorResponses(400, 404) } },
    },
    async (request, reply) => reply.status(201).send(await addObjective(deps, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/accounts/:id/objectives/template',
    {
      schema: {
        tags,
        operationId: 'applySuccessPlanTemplate',
        summary: "Add the segment's starting objectives",
        params: IdParams,
        body: TemplateApplySchema.optional(),
        response: { 200: SuccessPlanSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => applySuccessPlanTemplate(deps, actorOf(request), request.params.id, request.body ?? {}),
  );
  app.patch(
    '/api/accounts/:id/objectives/:objectiveId',
    {
      schema: {
        tags,
        operationId: 'updateObjective',
        summary: 'Change an objective (status, progress, owner…)',
        params: ObjectiveParams,
        body: ObjectiveUpdateSchema,
        response: { 200: ObjectiveSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => changeObjective(deps, actorOf(request), request.params.id, request.params.objectiveId, request.body),
  );
  app.delete(
    '/api/accounts/:id/objectives/:objectiveId',
    { schema: { tags, operationId: 'removeObjective', summary: 'Remove an objective', params: ObjectiveParams, response: { 204: NoContent, ...errorResponses(400, 404) } } },
    async (request, reply) => {
      await removeObjective(deps, actorOf(request), request.params.id, request.params.objectiveId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/share/:token/success-plan',
    {
      config: { public: true, rateLimits: [shareLinkRequests] },
      schema: {
        tags: ['sharing', ...tags],
        operationId: 'getSharedSuccessPlan',
        summary: "The customer's view of the success plan (public, by token)",
        params: ShareTokenParams,
        security: [],
        response: { 200: CustomerSuccessPlanSchema, ...exactErrorResponses(400, 404, 429) },
      },
    },
    async (request) => sharedSuccessPlan(deps, request.params.token),
  );
}
