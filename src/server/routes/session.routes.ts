import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { completePasswordReset } from '../../services/users/password-reset.ts';
import { changeOwnPassword, endSession, listSessions } from '../../services/users/sessions.ts';
import { signInWithPassword } from '../../services/identity/password-sign-in.ts';
import { getSignedInUser, resolveSession, signOut } from '../../services/users/users.ts';
import { SESSION_COOKIE, actorOf, setSessionCookie } from '../auth.ts';
import { clientAddress } from '../rate-limits.ts';
import { IdParams } from './query.ts';
import { NoContent, exactErrorResponses } from './responses.ts';
import { CurrentSessionSchema, LoginSchema, PasswordChangeSchema, PasswordResetCompleteSchema, SessionListSchema, SessionsEndedSchema, SignedInSchema } from './users.schema.ts';

export async function sessionRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['session'];

  app.post(
    '/api/session',
    {
      config: {
        public: true,
        // By address, so spraying many accounts from one place is slowed; by account, so many places cannot take turns on one.
        rateLimits: [
          { what: 'sign-in attempts from this address', max: deps.config.loginAddressRateLimit, key: (request) => `sign-in:address:${clientAddress(request)}` },
          { what: 'sign-in attempts for this account', max: deps.config.loginRateLimit, key: (request) => `sign-in:email:${(request.body as { email: string }).email}` },
        ],
      },
      schema: {
        tags,
        operationId: 'signIn',
        summary: 'Sign in with email and password (sets the session cookie); 403 when CADENCE_PASSWORD_LOGIN=off and this is not the break-glass admin',
        body: LoginSchema,
        security: [],
        response: { 200: SignedInSchema, ...exactErrorResponses(400, 403, 429) },
      },
    },
    async (request, reply) => {
      const { user, sessionToken, csrfToken } = await signInWithPassword(deps, request.body, { userAgent: request.headers['user-agent'] });
      setSessionCookie(reply, deps, sessionToken);
      return { user, csrfToken };
    },
  );

  app.get('/api/session', { schema: { tags, operationId: 'getSession', summary: 'Who is signed in, and the CSRF token for cookie writes', response: { 200: CurrentSessionSchema, ...exactErrorResponses() } } }, async (request) => {
    const actor = actorOf(request);
    const user = await getSignedInUser(deps, actor);
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await resolveSession(deps, token) : undefined;
    return { user, csrfToken: session?.csrfToken ?? null, logoUrlPattern: deps.config.logoUrl };
  });

  app.delete('/api/session', { config: { public: true }, schema: { tags, operationId: 'signOut', summary: 'Sign out', security: [], response: { 204: NoContent, ...exactErrorResponses() } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(deps, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  app.get('/api/sessions', { schema: { tags, operationId: 'listSessions', summary: 'Your sessions (browsers signed in as you)', response: { 200: SessionListSchema, ...exactErrorResponses() } } }, async (request) => {
    const actor = actorOf(request);
    if (!actor.id) return { items: [], nextCursor: null };
    return { items: await listSessions(deps, actor, actor.id, request.sessionId), nextCursor: null };
  });

  app.delete(
    '/api/sessions/:id',
    { schema: { tags, operationId: 'endSession', summary: "End one session: your own, or anyone's for an admin", params: IdParams, response: { 204: NoContent, ...exactErrorResponses(404) } } },
    async (request, reply) => {
      await endSession(deps, actorOf(request), request.params.id);
      if (request.params.id === request.sessionId) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/session/password',
    { schema: { tags, operationId: 'changePassword', summary: 'Change your password; your other sessions end', body: PasswordChangeSchema, response: { 200: SessionsEndedSchema, ...exactErrorResponses(400) } } },
    async (request) => changeOwnPassword(deps, actorOf(request), request.body, request.sessionId),
  );

  app.post(
    '/api/password-reset',
    {
      config: {
        public: true,
        rateLimits: [{ what: 'password-reset attempts from this address', max: deps.config.loginRateLimit, key: (request) => `password-reset:address:${clientAddress(request)}` }],
      },
      schema: {
        tags,
        operationId: 'completePasswordReset',
        summary: 'Set a new password from a one-time reset link (ends every session of the user)',
        body: PasswordResetCompleteSchema,
        security: [],
        response: { 204: NoContent, ...exactErrorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await completePasswordReset(deps, request.body);
      return reply.status(204).send();
    },
  );
}
