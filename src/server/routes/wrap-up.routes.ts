import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { editFollowUp, getEngagement, getFollowUp, previewFollowUp, redraftFollowUp, sendFollowUp, settleRequest } from '../../services/meetings/follow-ups.ts';
import { wrapUpMeeting } from '../../services/meetings/wrap-up-meeting.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';
import {
  FollowUpEditSchema,
  FollowUpPreviewSchema,
  FollowUpSchema,
  FollowUpSendSchema,
  FollowUpSentSchema,
  MeetingEngagementSchema,
  RaisedRequestParams,
  RequestSettleSchema,
  RequestSettledSchema,
  WrapUpResultSchema,
  WrapUpSchema,
} from './wrap-up.schema.ts';

export async function wrapUpRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['wrap-up'];

  app.post(
    '/api/meetings/:id/wrap-up',
    {
      schema: {
        tags,
        operationId: 'wrapUpMeeting',
        summary: 'Mark the call held and save everything captured, in one transaction',
        params: IdParams,
        body: WrapUpSchema,
        response: { 200: WrapUpResultSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => wrapUpMeeting(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/meetings/:id/follow-up',
    { schema: { tags, operationId: 'getFollowUp', summary: 'The follow-up draft (or what was sent)', params: IdParams, response: { 200: FollowUpSchema, ...exactErrorResponses(404) } } },
    async (request) => getFollowUp(deps, actorOf(request), request.params.id),
  );

  app.put(
    '/api/meetings/:id/follow-up',
    { schema: { tags, operationId: 'editFollowUp', summary: 'Edit the follow-up before sending', params: IdParams, body: FollowUpEditSchema, response: { 200: FollowUpSchema, ...errorResponses(404, 409) } } },
    async (request) => editFollowUp(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/meetings/:id/follow-up/preview',
    {
      schema: {
        tags,
        operationId: 'previewFollowUp',
        summary: 'Exactly what each recipient of the follow-up gets, how it answers each action item, and the fingerprint to send it with',
        params: IdParams,
        response: { 200: FollowUpPreviewSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => previewFollowUp(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/follow-up/redraft',
    { schema: { tags, operationId: 'redraftFollowUp', summary: 'Drop your edits and draft the follow-up again from the call and its action items', params: IdParams, response: { 200: FollowUpSchema, ...errorResponses(404, 409) } } },
    async (request) => redraftFollowUp(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/follow-up/send',
    {
      schema: {
        tags,
        operationId: 'sendFollowUp',
        summary: 'Send the follow-up once confirmed (the preview’s fingerprint, or confirm: true; BCC to the CRM address); 409 while an action item is not addressed unless sendWithUnaddressed',
        params: IdParams,
        body: FollowUpSendSchema,
        response: { 200: FollowUpSentSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => sendFollowUp(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/meetings/:id/engagement',
    { schema: { tags, operationId: 'getEngagement', summary: 'What still stands between the call and a complete engagement', params: IdParams, response: { 200: MeetingEngagementSchema, ...exactErrorResponses(404) } } },
    async (request) => getEngagement(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/requests/:requestId',
    {
      schema: {
        tags,
        summary: 'Record a ticket or feature request raised in the call as opened (tracker id/URL) or dismissed (reason)',
        operationId: 'settleRaisedRequest',
        params: RaisedRequestParams,
        body: RequestSettleSchema,
        response: { 200: RequestSettledSchema, ...errorResponses(404) },
      },
    },
    async (request) => settleRequest(deps, actorOf(request), request.params.id, request.params.requestId, request.body),
  );
}
