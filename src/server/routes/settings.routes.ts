import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { getTopicLibrary, saveHotSheet, saveTopicLibrary } from '../../services/meetings/agenda-topics.ts';
import { actorOf } from '../auth.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';
import { HotSheetSavedSchema, HotSheetSchema, TopicLibraryAnswerSchema, TopicLibrarySchema, TopicsSavedSchema } from './settings.schema.ts';

export async function settingsRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  app.get(
    '/api/settings/agenda-topics',
    { schema: { tags, operationId: 'getAgendaTopics', summary: 'The suggested-topic library and the hot sheet', response: { 200: TopicLibraryAnswerSchema, ...exactErrorResponses() } } },
    async (request) => {
      actorOf(request);
      return getTopicLibrary(deps);
    },
  );
  app.put(
    '/api/settings/agenda-topics',
    { schema: { tags, operationId: 'saveAgendaTopics', summary: 'Replace the suggested-topic library (managers, admins)', body: TopicLibrarySchema, response: { 200: TopicsSavedSchema, ...errorResponses() } } },
    async (request) => ({
      topics: await saveTopicLibrary(deps, actorOf(request), request.body),
    }),
  );
  app.put(
    '/api/settings/hot-sheet',
    { schema: { tags, operationId: 'saveHotSheet', summary: 'Replace the hot-sheet topics (managers, admins)', body: HotSheetSchema, response: { 200: HotSheetSavedSchema, ...errorResponses() } } },
    async (request) => ({
      hotSheet: await saveHotSheet(deps, actorOf(request), request.body),
    }),
  );
}
