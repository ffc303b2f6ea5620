import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/model.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { SESSION_DAYS, actorFor, resolveApiToken, resolveSession } from '../services/users/users.ts';

export const SESSION_COOKIE = 'cadence_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The stored id of the session cookie the request came with (null for Bearer tokens). */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** Routes anyone may call (sign-in, health, the customer share page). */
    public?: boolean;
    /** SCIM routes: the IdP's SCIM bearer token, checked by the SCIM routes themselves (not an API token). */
    scim?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Works out who is calling: a Bearer token (scripts) or the session cookie (the web app). A
 * cookie-authenticated write must also carry the session's CSRF token in a header, which a
 * third-party page cannot read.
 */
export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config.scim) return;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const user = await resolveApiToken(deps, authorization.slice(7).trim());
      if (!user) throw new AppError('unauthenticated', 'the API token is not valid or was revoked');
      request.actor = await actorFor(deps, user);
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const session = await resolveSession(deps, token);
        if (session) {
          if (UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken && !request.routeOptions.config.public) {
            throw new AppError('forbidden', `missing or wrong ${CSRF_HEADER} header`);
          }
          request.actor = await actorFor(deps, session.user);
          request.sessionId = session.sessionId;
        }
      }
    }
    const isApi = request.url.startsWith('/api/');
    if (isApi && !request.routeOptions.config.public && !request.actor) {
      throw new AppError('unauthenticated', 'sign in or send an API token');
    }
  });
}

/** The signed-in actor of a request on an authenticated route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'sign in or send an API token');
  return request.actor;
}

export function setSessionCookie(reply: FastifyReply, deps: Deps, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.baseUrl.startsWith('https://'),
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}
