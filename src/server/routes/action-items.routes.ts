import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ActionItemCreateSchema, ActionItemUpdateSchema, TouchCreateSchema } from '../../domain/action-items.ts';
import { ACTION_ITEM_STATUSES } from '../../domain/meeting.ts';
import type { Deps } from '../../deps.ts';
import { createActionItem, listAccountActionItems, recordTouch, updateActionItem } from '../../services/action-items.ts';
import { actorOf } from '../auth.ts';
import { IdParams, listParam } from './query.ts';

export async function actionItemRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['action items'];

  app.get(
    '/api/action-items',
    {
      schema: {
        tags,
        summary: "An account's action items, both sides",
        querystring: z.strictObject({ accountId: z.string().min(1).max(64), status: listParam(ACTION_ITEM_STATUSES) }),
      },
    },
    async (request) => ({ items: await listAccountActionItems(deps, actorOf(request), request.query.accountId, request.query.status), nextCursor: null }),
  );

  app.post('/api/action-items', { schema: { tags, summary: 'Add an action item', body: ActionItemCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await createActionItem(deps, actorOf(request), request.body)),
  );

  app.patch('/api/action-items/:id', { schema: { tags, summary: 'Update, complete or drop an action item', params: IdParams, body: ActionItemUpdateSchema } }, async (request) =>
    updateActionItem(deps, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/touches', { schema: { tags: ['touches'], summary: 'Record a touch (call, email, Slack message)', body: TouchCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await recordTouch(deps, actorOf(request), request.body)),
  );
}
