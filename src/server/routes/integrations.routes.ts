import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { IntegrationCreateSchema, IntegrationUpdateSchema, createIntegration, getIntegration, getIntegrationRecord, listIntegrations, removeIntegration, testIntegration, updateIntegration } from '../../services/integrations.ts';
import { OpenRequestSchema, openRaisedRequest } from '../../services/open-raised-request.ts';
import { syncTrackers } from '../../services/sync-trackers.ts';
import { actorOf } from '../auth.ts';
import { findingsRoutes } from './findings.routes.ts';
import { IdParams } from './query.ts';
import { integrationMeetingRoutes } from './integration-meetings.routes.ts';

const SyncBodySchema = z.strictObject({ accountId: z.string().min(1).max(64).optional() });
const RequestParams = z.strictObject({ id: z.string().min(1).max(64), requestId: z.string().min(1).max(64) });

/** Integration settings (admins, managers), syncs, requests opened in trackers, findings. */
export async function integrationRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['integrations'];
  app.get('/api/integrations', { schema: { tags, summary: 'Configured integrations with their last sync (secrets redacted)' } }, async (request) => listIntegrations(deps, actorOf(request)));
  app.post('/api/integrations', { schema: { tags, summary: 'Connect a tracker, CRM, chat or recording tool; secrets are encrypted at rest and never returned', body: IntegrationCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await createIntegration(deps, actorOf(request), request.body)),
  );
  app.get('/api/integrations/:id', { schema: { tags, summary: 'One integration (by id or name), its cursor and recent sync runs', params: IdParams } }, async (request) => getIntegration(deps, actorOf(request), request.params.id));
  app.patch('/api/integrations/:id', { schema: { tags, summary: 'Change an integration; "[redacted]" or absent secrets keep their stored value, null removes a setting', params: IdParams, body: IntegrationUpdateSchema } }, async (request) =>
    updateIntegration(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete('/api/integrations/:id', { schema: { tags, summary: 'Remove an integration with its cursor, runs and CRM queue', params: IdParams } }, async (request, reply) => {
    await removeIntegration(deps, actorOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.post('/api/integrations/:id/test', { schema: { tags, summary: 'Check the connection; a failure is explained in words', params: IdParams } }, async (request) => testIntegration(deps, actorOf(request), request.params.id));
  app.post('/api/integrations/:id/sync', { schema: { tags, summary: 'Sync a tracker now (incremental, or one account in full)', params: IdParams, body: SyncBodySchema.optional() } }, async (request) => {
    const integration = await getIntegrationRecord(deps, actorOf(request), request.params.id);
    return syncTrackers(deps, { integration: integration.id, accountId: request.body?.accountId });
  });
  app.post(
    '/api/meetings/:id/requests/:requestId/open',
    { schema: { tags: ['meetings'], summary: 'Open a ticket or feature request raised in the call in a tracker (idempotent), with the customer context and a link back', params: RequestParams, body: OpenRequestSchema } },
    async (request) => openRaisedRequest(deps, actorOf(request), request.params.id, request.params.requestId, request.body),
  );
  await integrationMeetingRoutes(root, deps);
  await findingsRoutes(root, deps);
}
