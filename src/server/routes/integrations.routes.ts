import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { IntegrationView, SyncRunView } from '../../services/connections/integrations.ts';
import type { Deps } from '../../deps.ts';
import { createIntegration, getIntegration, getIntegrationRecord, listIntegrations, removeIntegration, testIntegration, updateIntegration } from '../../services/connections/integrations.ts';
import { openRaisedRequest } from '../../services/meetings/open-raised-request.ts';
import { syncTrackers } from '../../services/connections/sync-trackers.ts';
import { actorOf } from '../auth.ts';
import { findingsRoutes } from './findings.routes.ts';
import { IdParams } from './query.ts';
import { integrationMeetingRoutes } from './integration-meetings.routes.ts';
import {
  ConnectionOutcomeSchema,
  IntegrationCreateSchema,
  IntegrationDetailSchema,
  IntegrationListSchema,
  IntegrationSchema,
  IntegrationUpdateSchema,
  OpenRequestSchema,
  OpenedRequestSchema,
  RequestParams,
  SyncAnswerSchema,
  SyncBodySchema,
} from './integrations.schema.ts';
import { NoContent, errorResponses, checkShape, type SameShape } from './responses.ts';

/** Integration settings (admins, managers), syncs, requests opened in trackers, findings. */
// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof IntegrationSchema>, IntegrationView>>();
checkShape<SameShape<z.output<typeof IntegrationListSchema>['items'][number]['lastRun'], SyncRunView | null>>();

export async function integrationRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['integrations'];
  app.get(
    '/api/integrations',
    { schema: { tags, operationId: 'listIntegrations', summary: 'Configured integrations with their last sync (secrets redacted)', response: { 200: IntegrationListSchema, ...errorResponses() } } },
    async (request) => listIntegrations(deps, actorOf(request)),
  );
  app.post(
    '/api/integrations',
    {
      schema: {
        tags,
        operationId: 'createIntegration',
        summary: 'Connect a tracker, CRM, chat or recording tool; secrets are encrypted at rest and never returned',
        body: IntegrationCreateSchema,
        response: { 201: IntegrationSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createIntegration(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/integrations/:id',
    {
      schema: { tags, operationId: 'getIntegration', summary: 'One integration (by id or name), its cursor and recent sync runs', params: IdParams, response: { 200: IntegrationDetailSchema, ...errorResponses(400, 404) } },
    },
    async (request) => getIntegration(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/integrations/:id',
    {
      schema: {
        tags,
        operationId: 'updateIntegration',
        summary: 'Change an integration; "[redacted]" or absent secrets keep their stored value, null removes a setting',
        params: IdParams,
        body: IntegrationUpdateSchema,
        response: { 200: IntegrationSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => updateIntegration(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/integrations/:id',
    {
      schema: { tags, operationId: 'removeIntegration', summary: 'Remove an integration with its cursor, runs and CRM queue', params: IdParams, response: { 204: NoContent, ...errorResponses(400, 404) } },
    },
    async (request, reply) => {
      await removeIntegration(deps, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/integrations/:id/test',
    {
      schema: { tags, operationId: 'testIntegration', summary: 'Check the connection; a failure is explained in words', params: IdParams, response: { 200: ConnectionOutcomeSchema, ...errorResponses(400, 404) } },
    },
    async (request) => testIntegration(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/integrations/:id/sync',
    {
      schema: {
        tags,
        operationId: 'syncIntegration',
        summary: 'Sync a tracker now (incremental, or one account in full)',
        params: IdParams,
        body: SyncBodySchema.optional(),
        response: { 200: SyncAnswerSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const integration = await getIntegrationRecord(deps, actorOf(request), request.params.id);
      return syncTrackers(deps, { integration: integration.id, accountId: request.body?.accountId });
    },
  );
  app.post(
    '/api/meetings/:id/requests/:requestId/open',
    {
      schema: {
        tags: ['meetings'],
        operationId: 'openRaisedRequest',
        summary: 'Open a ticket or feature request raised in the call in a tracker (idempotent), with the customer context and a link back',
        params: RequestParams,
        body: OpenRequestSchema,
        response: { 200: OpenedRequestSchema, ...errorResponses(400, 404, 409, 429) },
      },
    },
    async (request) => openRaisedRequest(deps, actorOf(request), request.params.id, request.params.requestId, request.body),
  );
  await integrationMeetingRoutes(root, deps);
  await findingsRoutes(root, deps);
}
