import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { createSavedView, deleteSavedViewFor, listSavedViews, updateSavedViewFor } from '../../services/saved-views/saved-views.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { NoContent, errorResponses } from './responses.ts';
import { SavedViewCreateSchema, SavedViewListSchema, SavedViewSchema, SavedViewUpdateSchema } from './saved-views.schema.ts';

/** Saved views of the book of business: yours, and your team's shared ones. */
export async function savedViewRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  app.get(
    '/api/saved-views',
    { schema: { tags, operationId: 'listSavedViews', summary: 'Your saved views of the book of business and those your team shares', response: { 200: SavedViewListSchema, ...errorResponses() } } },
    async (request) => ({
      items: await listSavedViews(deps, actorOf(request)),
    }),
  );
  app.post(
    '/api/saved-views',
    { schema: { tags, operationId: 'createSavedView', summary: 'Save the book’s columns, filters and sort under a name, for you or your team', body: SavedViewCreateSchema, response: { 201: SavedViewSchema, ...errorResponses(400) } } },
    async (request, reply) => reply.status(201).send(await createSavedView(deps, actorOf(request), request.body)),
  );
  app.patch(
    '/api/saved-views/:id',
    {
      schema: {
        tags,
        operationId: 'updateSavedView',
        summary: 'Change a saved view (its creator, the team’s manager or an admin)',
        params: IdParams,
        body: SavedViewUpdateSchema,
        response: { 200: SavedViewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => updateSavedViewFor(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/saved-views/:id',
    { schema: { tags, operationId: 'deleteSavedView', summary: 'Delete a saved view (its creator, the team’s manager or an admin)', params: IdParams, response: { 204: NoContent, ...errorResponses(404) } } },
    async (request, reply) => {
      await deleteSavedViewFor(deps, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
