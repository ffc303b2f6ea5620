import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { CrmMappingSchema } from '../../domain/import/crm-mapping.ts';
import { crmPullStatus, getCrmMapping, putCrmMapping, type CrmConnectionStatus, type CrmMappingView } from '../../services/crm-pull/crm-connections.ts';
import { pullCrm, type CrmPullReport } from '../../services/crm-pull/crm-pull.ts';
import { actorOf } from '../auth.ts';
import { CrmMappingViewSchema, CrmPullAnswerSchema, CrmPullBodySchema, CrmStatusSchema, type CrmPullReportSchema } from './crm-pull.schema.ts';
import { IdParams } from './query.ts';
import { checkShape, errorResponses, type SameShape } from './responses.ts';

checkShape<SameShape<z.output<typeof CrmPullReportSchema>, CrmPullReport>>();
checkShape<SameShape<z.output<typeof CrmMappingViewSchema>, CrmMappingView>>();
checkShape<SameShape<z.output<typeof CrmStatusSchema>['connections'][number], CrmConnectionStatus>>();

/** Accounts from the CRM (admins, managers): the mapping of a HubSpot or Salesforce connection, a pull now, the status. */
export async function crmPullRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['integrations'];
  app.get(
    '/api/crm/status',
    {
      schema: {
        tags,
        operationId: 'getCrmPullStatus',
        summary: 'Each CRM connection: last pull with created/updated/skipped (and why), values Cadence kept, last error, watermark, schedule',
        response: { 200: CrmStatusSchema, ...errorResponses() },
      },
    },
    async (request) => crmPullStatus(deps, actorOf(request)),
  );
  app.get(
    '/api/integrations/:id/crm-mapping',
    {
      schema: {
        tags,
        operationId: 'getCrmMapping',
        summary: "How a CRM connection's records become accounts: CRM field → Cadence field, value maps, conflict rule per field, interval",
        params: IdParams,
        response: { 200: CrmMappingViewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getCrmMapping(deps, actorOf(request), request.params.id),
  );
  app.put(
    '/api/integrations/:id/crm-mapping',
    {
      schema: {
        tags,
        operationId: 'putCrmMapping',
        summary: 'Save the CRM mapping of a connection (whole); saving one turns on its scheduled pull unless `scheduled` is false',
        params: IdParams,
        body: CrmMappingSchema,
        response: { 200: CrmMappingViewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => putCrmMapping(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/integrations/:id/crm-pull',
    {
      schema: {
        tags,
        operationId: 'pullCrm',
        summary: 'Pull accounts from this CRM now (or plan it: dryRun); a vendor failure is the report’s error, in words',
        params: IdParams,
        body: CrmPullBodySchema.optional(),
        response: { 200: CrmPullAnswerSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => pullCrm(deps, actorOf(request), { integration: request.params.id, dryRun: request.body?.dryRun, full: request.body?.full }),
  );
}
