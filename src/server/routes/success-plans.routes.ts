import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ObjectiveUpdateSchema } from '../../domain/success-plan.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { ObjectiveBodySchema, TemplateApplySchema, addObjective, applySuccessPlanTemplate, changeObjective, getSuccessPlan, removeObjective, sharedSuccessPlan } from '../../services/success-plans.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';

const ObjectiveParams = z.strictObject({ id: z.string().min(1).max(64), objectiveId: z.string().min(1).max(64) });

export async function successPlanRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['success plans'];

  app.get('/api/accounts/:id/objectives', { schema: { tags, summary: "The account's success plan: objectives and a summary", params: IdParams } }, async (request) =>
    getSuccessPlan(deps, actorOf(request), request.params.id),
  );
  app.post('/api/accounts/:id/objectives', { schema: { tags, summary: 'Add an objective', params: IdParams, body: ObjectiveBodySchema } }, async (request, reply) =>
    reply.status(201).send(await addObjective(deps, actorOf(request), request.params.id, request.body)),
  );
  app.post('/api/accounts/:id/objectives/template', { schema: { tags, summary: "Add the segment's starting objectives", params: IdParams, body: TemplateApplySchema.optional() } }, async (request) =>
    applySuccessPlanTemplate(deps, actorOf(request), request.params.id, request.body ?? {}),
  );
  app.patch('/api/accounts/:id/objectives/:objectiveId', { schema: { tags, summary: 'Change an objective (status, progress, owner…)', params: ObjectiveParams, body: ObjectiveUpdateSchema } }, async (request) =>
    changeObjective(deps, actorOf(request), request.params.id, request.params.objectiveId, request.body),
  );
  app.delete('/api/accounts/:id/objectives/:objectiveId', { schema: { tags, summary: 'Remove an objective', params: ObjectiveParams } }, async (request, reply) => {
    await removeObjective(deps, actorOf(request), request.params.id, request.params.objectiveId);
    return reply.status(204).send();
  });

  app.get(
    '/api/share/:token/success-plan',
    {
      config: {
        public: true,
        rateLimit: { max: 120, timeWindow: '1 minute', errorResponseBuilder: () => new AppError('rate_limited', 'too many requests on this link; wait a minute') },
      },
      schema: { tags: ['sharing', ...tags], summary: "The customer's view of the success plan (public, by token)", params: z.strictObject({ token: z.string().min(10).max(100) }), security: [] },
    },
    async (request) => sharedSuccessPlan(deps, request.params.token),
  );
}
