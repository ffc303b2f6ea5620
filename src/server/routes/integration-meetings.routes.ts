import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { getCrmSyncState } from '../../services/connections/crm-sync.ts';
import { fetchMeetingTranscript, postMeetingToChat } from '../../services/meetings/meeting-integrations.ts';
import { actorOf } from '../auth.ts';
import { ChatPostedSchema, CrmSyncStateSchema, SlackPostSchema, TranscriptFetchSchema } from './integrations.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses, checkShape, type SameShape } from './responses.ts';
import { TranscriptImportSchema } from './transcripts.schema.ts';

/** Meetings and accounts meeting the CRM, Slack and recording tools. */
// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof CrmSyncStateSchema>, Awaited<ReturnType<typeof getCrmSyncState>>>>();

export async function integrationMeetingRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/accounts/:id/crm-sync',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'getAccountCrmSync',
        summary: 'Where each held meeting stands in the CRM (pending, failed with the reason, synced)',
        params: IdParams,
        response: { 200: CrmSyncStateSchema, ...exactErrorResponses(400, 404) },
      },
    },
    async (request) => getCrmSyncState(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/meetings/:id/slack',
    {
      schema: {
        tags: ['meetings'],
        operationId: 'postMeetingToChat',
        summary: 'Post the follow-up, or an internal update, to a Slack channel',
        params: IdParams,
        body: SlackPostSchema,
        response: { 200: ChatPostedSchema, ...errorResponses(400, 404, 409, 429) },
      },
    },
    async (request) => postMeetingToChat(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/meetings/:id/transcript/fetch',
    {
      schema: {
        tags: ['meetings'],
        operationId: 'fetchMeetingTranscript',
        summary: "Fetch the recording's transcript from Gong or Zoom and import it",
        params: IdParams,
        body: TranscriptFetchSchema,
        response: { 200: TranscriptImportSchema, ...errorResponses(400, 404, 409, 429) },
      },
    },
    async (request) => fetchMeetingTranscript(deps, actorOf(request), request.params.id, request.body),
  );
}
