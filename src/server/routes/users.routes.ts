import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { requestPasswordReset } from '../../services/users/password-reset.ts';
import { endAllSessions, listSessions } from '../../services/users/sessions.ts';
import { deactivateUser, listAccountsNeedingNewOwner, reactivateUser, updateUser } from '../../services/users/user-lifecycle.ts';
import { addUser, createApiToken, listColleagues, listTokens, revokeToken } from '../../services/users/users.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { NoContent, errorResponses, exactErrorResponses } from './responses.ts';
import {
  AccountsNeedingOwnerSchema,
  ApiTokenListSchema,
  CreatedTokenSchema,
  ResetLinkSchema,
  SessionListSchema,
  SessionsEndedSchema,
  TokenCreateSchema,
  UserCreateSchema,
  UserListSchema,
  UserSchema,
  UserUpdateSchema,
} from './users.schema.ts';

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
  // People who leave or forget: admins deactivate, reactivate, reset and sign out; managers see their team's orphaned accounts.
  app.post(
    '/api/users/:id/deactivate',
    {
      schema: { tags: ['users'], operationId: 'deactivateUser', summary: 'Deactivate a user who left: no sign-in, sessions and API tokens end at once (admins)', params: IdParams, response: { 200: UserSchema, ...errorResponses(404, 409) } },
    },
    async (request) => deactivateUser(deps, actorOf(request), request.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        operationId: 'updateUser',
        summary: "Change a user's name or role; the last active admin stays admin (admins)",
        params: IdParams,
        body: UserUpdateSchema,
        response: { 200: UserSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => updateUser(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/reactivate',
    { schema: { tags: ['users'], operationId: 'reactivateUser', summary: 'Let a deactivated user sign in again (admins)', params: IdParams, response: { 200: UserSchema, ...errorResponses(404) } } },
    async (request) => reactivateUser(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/api/users/needs-new-owner',
    { schema: { tags: ['users'], operationId: 'listAccountsNeedingNewOwner', summary: "Accounts whose owner was deactivated (admins; managers see their team's)", response: { 200: AccountsNeedingOwnerSchema, ...errorResponses() } } },
    async (request) => ({ items: await listAccountsNeedingNewOwner(deps, actorOf(request)), nextCursor: null }),
  );

  app.post(
    '/api/users/:id/password-reset',
    {
      schema: {
        tags: ['users'],
        operationId: 'resetPassword',
        summary: 'Make a one-time set-password link, valid 1 hour: mailed to the user when SMTP is set up, else returned (admins)',
        params: IdParams,
        response: { 200: ResetLinkSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => requestPasswordReset(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/api/users/:id/sessions',
    { schema: { tags: ['users'], operationId: 'listUserSessions', summary: "A user's sessions (admins, or the user)", params: IdParams, response: { 200: SessionListSchema, ...errorResponses(404) } } },
    async (request) => ({ items: await listSessions(deps, actorOf(request), request.params.id, request.sessionId), nextCursor: null }),
  );

  app.delete(
    '/api/users/:id/sessions',
    { schema: { tags: ['users'], operationId: 'endUserSessions', summary: 'Sign a user out everywhere (admins, or the user)', params: IdParams, response: { 200: SessionsEndedSchema, ...errorResponses(404) } } },
    async (request) => ({ sessionsEnded: await endAllSessions(deps, actorOf(request), request.params.id) }),
  );
}
