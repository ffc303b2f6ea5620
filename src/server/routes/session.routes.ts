import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { getSignedInUser, resolveSession, signIn, signOut } from '../../services/users/users.ts';
import { SESSION_COOKIE, actorOf, setSessionCookie } from '../auth.ts';
import { NoContent, exactErrorResponses } from './responses.ts';
import { LoginSchema, SessionSchema, SignedInSchema } from './users.schema.ts';

export async function sessionRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['session'];

  app.post(
    '/api/session',
    {
      config: {
        public: true,
        rateLimit: {
          max: deps.config.loginRateLimit,
          timeWindow: '1 minute',
          // Per address and per email, so one attacker cannot lock a colleague out from elsewhere.
          keyGenerator: (request) => {
            const email = (request.body as { email?: unknown } | undefined)?.email;
            return `${request.ip}:${typeof email === 'string' ? email.toLowerCase() : ''}`;
          },
          errorResponseBuilder: (_request, context) => new AppError('rate_limited', `too many sign-in attempts; try again in ${Math.ceil(context.ttl / 1000)} s`),
        },
      },
      schema: {
        tags,
        operationId: 'signIn',
        summary: 'Sign in with email and password (sets the session cookie)',
        body: LoginSchema,
        security: [],
        response: { 200: SignedInSchema, ...exactErrorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const { user, sessionToken, csrfToken } = await signIn(deps, request.body);
      setSessionCookie(reply, deps, sessionToken);
      return { user, csrfToken };
    },
  );

  app.get('/api/session', { schema: { tags, operationId: 'getSession', summary: 'Who is signed in, and the CSRF token for cookie writes', response: { 200: SessionSchema, ...exactErrorResponses() } } }, async (request) => {
    const actor = actorOf(request);
    const user = await getSignedInUser(deps, actor);
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await resolveSession(deps, token) : undefined;
    return { user, csrfToken: session?.csrfToken ?? null };
  });

  app.delete('/api/session', { config: { public: true }, schema: { tags, operationId: 'signOut', summary: 'Sign out', security: [], response: { 204: NoContent, ...exactErrorResponses() } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(deps, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
