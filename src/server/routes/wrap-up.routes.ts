import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WrapUpSchema } from '../../domain/meeting-input.ts';
import type { Deps } from '../../deps.ts';
import { FollowUpEditSchema, RequestSettleSchema, editFollowUp, getEngagement, getFollowUp, sendFollowUp, settleRequest } from '../../services/follow-ups.ts';
import { wrapUpMeeting } from '../../services/wrap-up-meeting.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';

export async function wrapUpRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['wrap-up'];

  app.post(
    '/api/meetings/:id/wrap-up',
    { schema: { tags, summary: 'Mark the call held and save everything captured, in one transaction', params: IdParams, body: WrapUpSchema } },
    async (request) => wrapUpMeeting(deps, actorOf(request), request.params.id, request.body),
  );

  app.get('/api/meetings/:id/follow-up', { schema: { tags, summary: 'The follow-up draft (or what was sent)', params: IdParams } }, async (request) =>
    getFollowUp(deps, actorOf(request), request.params.id),
  );

  app.put('/api/meetings/:id/follow-up', { schema: { tags, summary: 'Edit the follow-up before sending', params: IdParams, body: FollowUpEditSchema } }, async (request) =>
    editFollowUp(deps, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/meetings/:id/follow-up/send', { schema: { tags, summary: 'Send the follow-up (BCC to the CRM address)', params: IdParams } }, async (request) =>
    sendFollowUp(deps, actorOf(request), request.params.id),
  );

  app.get('/api/meetings/:id/engagement', { schema: { tags, summary: 'What still stands between the call and a complete engagement', params: IdParams } }, async (request) =>
    getEngagement(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/requests/:requestId',
    {
      schema: {
        tags,
        summary: 'Record a ticket or feature request raised in the call as opened (tracker id/URL) or dismissed (reason)',
        params: z.strictObject({ id: z.string().max(64), requestId: z.string().max(64) }),
        body: RequestSettleSchema,
      },
    },
    async (request) => settleRequest(deps, actorOf(request), request.params.id, request.params.requestId, request.body),
  );
}
