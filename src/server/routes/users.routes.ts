import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { addUser, createApiToken, listColleagues, listTokens, revokeToken } from '../../services/users/users.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { NoContent, errorResponses, exactErrorResponses } from './responses.ts';
import { ApiTokenListSchema, CreatedTokenSchema, TokenCreateSchema, UserCreateSchema, UserListSchema, UserSchema } from './users.schema.ts';

export async function userRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();

  // Names and emails of colleagues are needed to pick owners and attendees; roles decide the rest.
  app.get('/api/users', { schema: { tags: ['users'], operationId: 'listUsers', summary: 'List users', response: { 200: UserListSchema, ...exactErrorResponses() } } }, async (request) => {
    actorOf(request);
    return { items: await listColleagues(deps), nextCursor: null };
  });

  app.post('/api/users', { schema: { tags: ['users'], operationId: 'createUser', summary: 'Add a user (admins)', body: UserCreateSchema, response: { 201: UserSchema, ...errorResponses(400, 409) } } }, async (request, reply) =>
    reply.status(201).send(await addUser(deps, actorOf(request), request.body)),
  );

  app.get('/api/tokens', { schema: { tags: ['tokens'], operationId: 'listTokens', summary: 'Your API tokens', response: { 200: ApiTokenListSchema, ...exactErrorResponses() } } }, async (request) => ({
    items: await listTokens(deps, actorOf(request)),
    nextCursor: null,
  }));

  app.post(
    '/api/tokens',
    { schema: { tags: ['tokens'], operationId: 'createToken', summary: 'Create an API token (shown once)', body: TokenCreateSchema, response: { 201: CreatedTokenSchema, ...errorResponses(400) } } },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!actor.id) throw new AppError('forbidden', 'the local operator has no user to hold a token');
      return reply.status(201).send(await createApiToken(deps, actor, actor.id, request.body));
    },
  );

  app.delete('/api/tokens/:id', { schema: { tags: ['tokens'], operationId: 'revokeToken', summary: 'Revoke an API token', params: IdParams, response: { 204: NoContent, ...errorResponses(404) } } }, async (request, reply) => {
    await revokeToken(deps, actorOf(request), request.params.id);
    return reply.status(204).send();
  });
}
