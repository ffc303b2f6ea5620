import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { createActionItem, listAccountActionItems, recordTouch, updateActionItem } from '../../services/meetings/action-items.ts';
import { actorOf } from '../auth.ts';
import { ActionItemCreateSchema, ActionItemListQuerySchema, ActionItemListSchema, ActionItemSchema, ActionItemUpdateSchema, TouchCreateSchema, TouchSchema } from './action-items.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses } from './responses.ts';

export async function actionItemRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['action items'];

  app.get(
    '/api/action-items',
    {
      schema: {
        tags,
        operationId: 'listActionItems',
        summary: "An account's action items, both sides",
        querystring: ActionItemListQuerySchema,
        response: { 200: ActionItemListSchema, ...errorResponses(404) },
      },
    },
    async (request) => listAccountActionItems(deps, actorOf(request), request.query),
  );

  app.post('/api/action-items', { schema: { tags, operationId: 'createActionItem', summary: 'Add an action item', body: ActionItemCreateSchema, response: { 201: ActionItemSchema, ...errorResponses(404) } } }, async (request, reply) =>
    reply.status(201).send(await createActionItem(deps, actorOf(request), request.body)),
  );

  app.patch(
    '/api/action-items/:id',
    { schema: { tags, operationId: 'updateActionItem', summary: 'Update, complete or drop an action item', params: IdParams, body: ActionItemUpdateSchema, response: { 200: ActionItemSchema, ...errorResponses(404) } } },
    async (request) => updateActionItem(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/touches',
    { schema: { tags: ['touches'], operationId: 'recordTouch', summary: 'Record a touch (call, email, Slack message)', body: TouchCreateSchema, response: { 201: TouchSchema, ...errorResponses(404) } } },
    async (request, reply) => reply.status(201).send(await recordTouch(deps, actorOf(request), request.body)),
  );
}
