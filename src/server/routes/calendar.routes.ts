import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { calendarFeedFor, cancelMeeting, createCalendarFeed, deleteCalendarFeed, meetingInvite } from '../../services/meetings/calendar.ts';
import { actorOf } from '../auth.ts';
import { CalendarFeedSchema, CalendarFileSchema, CancelQuerySchema, CancelledMeetingSchema, FeedFileParams } from './calendar.schema.ts';
import { IdParams } from './query.ts';
import { NoContent, errorResponses, exactErrorResponses, checkShape, type SameShape } from './responses.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof CancelledMeetingSchema>, Awaited<ReturnType<typeof cancelMeeting>>>>();

export async function calendarRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];

  app.get(
    '/api/meetings/:id/invite.ics',
    {
      schema: {
        tags,
        operationId: 'getMeetingInvite',
        summary: 'The calendar invite of a meeting (RFC 5545)',
        params: IdParams,
        response: { 200: { description: 'The invite', content: { 'text/calendar': { schema: CalendarFileSchema } } }, ...exactErrorResponses(400, 404) },
      },
    },
    async (request, reply) =>
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="invite.ics"')
        .send(await meetingInvite(deps, actorOf(request), request.params.id)),
  );

  app.post(
    '/api/meetings/:id/cancel',
    {
      schema: {
        tags,
        operationId: 'cancelMeeting',
        summary: 'Cancel a call (or with scope=series every call of its series still to come); attendees get a METHOD:CANCEL invite. 409 when the call was held or is in the past: nothing saved, nothing sent',
        params: IdParams,
        querystring: CancelQuerySchema,
        response: { 200: CancelledMeetingSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => cancelMeeting(deps, actorOf(request), request.params.id, request.query.scope),
  );

  app.post(
    '/api/calendar-feed',
    {
      schema: { tags, operationId: 'createCalendarFeed', summary: 'Create or rotate your secret calendar feed URL (the old one stops working)', response: { 201: CalendarFeedSchema, ...errorResponses() } },
    },
    async (request, reply) => reply.status(201).send(await createCalendarFeed(deps, actorOf(request))),
  );

  app.delete('/api/calendar-feed', { schema: { tags, operationId: 'deleteCalendarFeed', summary: 'Revoke your calendar feed URL', response: { 204: NoContent, ...errorResponses() } } }, async (request, reply) => {
    await deleteCalendarFeed(deps, actorOf(request));
    return reply.status(204).send();
  });

  app.get('/calendar/:file', { config: { public: true }, schema: { hide: true, params: FeedFileParams } }, async (request, reply) =>
    reply.type('text/calendar; charset=utf-8').send(await calendarFeedFor(deps, request.params.file.replace(/\.ics$/, ''))),
  );
}
