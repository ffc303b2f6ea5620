import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { calendarFeedFor, cancelMeeting, createCalendarFeed, deleteCalendarFeed, meetingInvite } from '../../services/calendar.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';

export async function calendarRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];

  app.get('/api/meetings/:id/invite.ics', { schema: { tags, summary: 'The calendar invite of a meeting (RFC 5545)', params: IdParams } }, async (request, reply) =>
    reply.type('text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="invite.ics"').send(await meetingInvite(deps, actorOf(request), request.params.id)),
  );

  app.post('/api/meetings/:id/cancel', { schema: { tags, summary: 'Cancel a call; attendees get a METHOD:CANCEL invite', params: IdParams } }, async (request) =>
    cancelMeeting(deps, actorOf(request), request.params.id),
  );

  app.post('/api/calendar-feed', { schema: { tags, summary: 'Create or rotate your secret calendar feed URL (the old one stops working)' } }, async (request, reply) =>
    reply.status(201).send(await createCalendarFeed(deps, actorOf(request))),
  );

  app.delete('/api/calendar-feed', { schema: { tags, summary: 'Revoke your calendar feed URL' } }, async (request, reply) => {
    await deleteCalendarFeed(deps, actorOf(request));
    return reply.status(204).send();
  });

  app.get(
    '/calendar/:file',
    { config: { public: true }, schema: { hide: true, params: z.strictObject({ file: z.string().regex(/^[\w-]{10,100}\.ics$/, 'is not a feed') }) } },
    async (request, reply) => reply.type('text/calendar; charset=utf-8').send(await calendarFeedFor(deps, request.params.file.replace(/\.ics$/, ''))),
  );
}
