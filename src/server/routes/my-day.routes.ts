import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { listTasksFor, myDay, updateTask } from '../../services/team/my-day.ts';
import { actorOf } from '../auth.ts';
import { MyDaySchema, TaskListSchema, TaskQuerySchema, TaskSchema, TaskUpdateSchema } from './my-day.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';
import { fastSerializer } from './fast-serializer.ts';

export async function myDayRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/my-day',
    {
      schema: {
        tags: ['my day'],
        operationId: 'getMyDay',
        summary: "Today's calls, tasks due, agendas to send and follow-ups owed",
        response: { 200: MyDaySchema, ...exactErrorResponses() },
      },
      // Every CSM's first page: written straight from its schema.
      serializerCompiler: fastSerializer(root),
    },
    async (request) => myDay(deps, actorOf(request)),
  );
  app.get(
    '/api/tasks',
    { schema: { tags: ['tasks'], operationId: 'listTasks', summary: 'Your open tasks, or an account’s', querystring: TaskQuerySchema, response: { 200: TaskListSchema, ...exactErrorResponses(404) } } },
    async (request) => ({
      items: await listTasksFor(deps, actorOf(request), request.query),
      nextCursor: null,
    }),
  );
  app.patch(
    '/api/tasks/:id',
    { schema: { tags: ['tasks'], operationId: 'updateTask', summary: 'Mark a task done or dismissed, or reopen it', params: IdParams, body: TaskUpdateSchema, response: { 200: TaskSchema, ...errorResponses(404) } } },
    async (request) => updateTask(deps, actorOf(request), request.params.id, request.body),
  );
}
