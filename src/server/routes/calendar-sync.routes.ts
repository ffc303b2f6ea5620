import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import {
  assignUnmatchedEvent,
  connectCalDav,
  getCalendarConnectionView,
  getManagedConnection,
  ignoreUnmatchedEvent,
  listCalendarConnectionViews,
  listUnmatchedCalendarEvents,
  removeCalendarConnection,
  type CalendarConnectionView,
  type UnmatchedEventView,
} from '../../services/calendar-sync/connections.ts';
import { finishCalendarOAuth, startCalendarOAuth } from '../../services/calendar-sync/oauth.ts';
import { syncCalendarConnection } from '../../services/calendar-sync/sync-calendar.ts';
import { forbidden } from '../../errors.ts';
import { actorOf } from '../auth.ts';
import {
  AssignBodySchema,
  CalDavConnectSchema,
  CalendarConnectionListSchema,
  CalendarConnectionSchema,
  CalendarSyncResultSchema,
  OAuthCallbackQuerySchema,
  OAuthProviderParams,
  OAuthStartSchema,
  UnmatchedEventListSchema,
  UnmatchedEventSchema,
  UnmatchedQuerySchema,
} from './calendar-sync.schema.ts';
import { IdParams } from './query.ts';
import { NoContent, checkShape, errorResponses, exactErrorResponses, type SameShape } from './responses.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof CalendarConnectionSchema>, CalendarConnectionView>>();
checkShape<SameShape<z.output<typeof UnmatchedEventSchema>, UnmatchedEventView>>();

/** Each user's calendar connections (two-way CalDAV sync), their status and the events matched to no account. */
export async function calendarSyncRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];
  app.get(
    '/api/calendar/connections',
    { schema: { tags, operationId: 'listCalendarConnections', summary: 'Your calendar connections with their sync status (an admin sees everyone’s)', response: { 200: CalendarConnectionListSchema, ...exactErrorResponses() } } },
    async (request) => ({ items: await listCalendarConnectionViews(deps, actorOf(request)) }),
  );
  app.post(
    '/api/calendar/connections',
    {
      schema: {
        tags,
        operationId: 'connectCalendar',
        summary: 'Connect (or reconnect) your CalDAV calendar; the server is checked first and the password is encrypted at rest, never returned',
        body: CalDavConnectSchema,
        response: { 201: CalendarConnectionSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!actor.id) throw forbidden('a calendar connection belongs to a user');
      return reply.status(201).send(await connectCalDav(deps, actor, actor.id, request.body));
    },
  );
  app.post(
    '/api/calendar/oauth/:provider/start',
    {
      schema: {
        tags,
        operationId: 'startCalendarOAuth',
        summary: 'Start connecting your Google or Microsoft calendar: the sign-in URL to send the browser to (bound to your session, valid ten minutes); 400 names the setting to set when the provider is not set up',
        params: OAuthProviderParams,
        response: { 200: OAuthStartSchema, ...errorResponses(400) },
      },
    },
    async (request) => startCalendarOAuth(deps, actorOf(request), request.sessionId, request.params.provider),
  );
  app.get(
    '/api/calendar/oauth/:provider/callback',
    {
      // The provider sends the browser back here (a browser round trip, outside the JSON API document like /auth/oidc/*):
      // 303 to Settings → Calendar & mail with ?connected={provider} or ?error= in words. The state names the user; the session cookie must be theirs.
      config: { public: true },
      schema: { hide: true, params: OAuthProviderParams, querystring: OAuthCallbackQuerySchema },
    },
    async (request, reply) => reply.redirect(await finishCalendarOAuth(deps, { actor: request.actor, sessionId: request.sessionId }, request.params.provider, request.query), 303),
  );
  app.get(
    '/api/calendar/connections/:id',
    { schema: { tags, operationId: 'getCalendarConnection', summary: 'One of your calendar connections', params: IdParams, response: { 200: CalendarConnectionSchema, ...exactErrorResponses(404) } } },
    async (request) => getCalendarConnectionView(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/calendar/connections/:id/sync',
    {
      schema: {
        tags,
        operationId: 'syncCalendarConnection',
        summary: 'Sync a calendar connection now; the answer says what it saw, made, changed and skipped (a failure in words)',
        params: IdParams,
        response: { 200: CalendarSyncResultSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const connection = await getManagedConnection(deps, actorOf(request), request.params.id);
      return syncCalendarConnection(deps, connection.id);
    },
  );
  app.delete(
    '/api/calendar/connections/:id',
    {
      schema: {
        tags,
        operationId: 'removeCalendarConnection',
        summary: 'Disconnect a calendar: its password and sync state are deleted, the calls it brought in stay',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await removeCalendarConnection(deps, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/calendar/unmatched',
    {
      schema: {
        tags,
        operationId: 'listUnmatchedCalendarEvents',
        summary: 'Your calendar events with outside people that no account matched, to assign or ignore',
        querystring: UnmatchedQuerySchema,
        response: { 200: UnmatchedEventListSchema, ...exactErrorResponses() },
      },
    },
    async (request) => ({ items: await listUnmatchedCalendarEvents(deps, actorOf(request), { all: request.query.all === 'true' }) }),
  );
  app.post(
    '/api/calendar/unmatched/:id/assign',
    {
      schema: {
        tags,
        operationId: 'assignUnmatchedCalendarEvent',
        summary: 'Assign an unmatched event to an account you may edit: the next sync makes its calls there, and it stays there',
        params: IdParams,
        body: AssignBodySchema,
        response: { 200: UnmatchedEventSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => assignUnmatchedEvent(deps, actorOf(request), request.params.id, request.body.accountId),
  );
  app.post(
    '/api/calendar/unmatched/:id/ignore',
    { schema: { tags, operationId: 'ignoreUnmatchedCalendarEvent', summary: 'Ignore an unmatched event for good', params: IdParams, response: { 200: UnmatchedEventSchema, ...errorResponses(404) } } },
    async (request) => ignoreUnmatchedEvent(deps, actorOf(request), request.params.id),
  );
}
