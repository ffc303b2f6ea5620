import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { HotSheetSchema, TopicLibrarySchema, getTopicLibrary, saveHotSheet, saveTopicLibrary } from '../../services/agenda-topics.ts';
import { actorOf } from '../auth.ts';

export async function settingsRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  app.get('/api/settings/agenda-topics', { schema: { tags, summary: 'The suggested-topic library and the hot sheet' } }, async (request) => {
    actorOf(request);
    return getTopicLibrary(deps);
  });
  app.put('/api/settings/agenda-topics', { schema: { tags, summary: 'Replace the suggested-topic library (managers, admins)', body: TopicLibrarySchema } }, async (request) => ({
    topics: await saveTopicLibrary(deps, actorOf(request), request.body),
  }));
  app.put('/api/settings/hot-sheet', { schema: { tags, summary: 'Replace the hot-sheet topics (managers, admins)', body: HotSheetSchema } }, async (request) => ({
    hotSheet: await saveHotSheet(deps, actorOf(request), request.body),
  }));
}
