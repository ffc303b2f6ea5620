import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { RiskRecord } from '../../domain/account/risks.ts';
import type { RiskRegisterAnswer } from '../../services/health/risks.ts';
import type { Deps } from '../../deps.ts';
import { closeRiskById, getRisk, listRiskRegister, raiseRisk, updateRiskById } from '../../services/health/risks.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses, checkShape, type SameShape } from './responses.ts';
import { RiskCloseSchema, RiskCreateSchema, RiskListQuerySchema, RiskRegisterSchema, RiskSchema, RiskUpdateSchema } from './risks.schema.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof RiskSchema>, RiskRecord>>();
checkShape<SameShape<z.output<typeof RiskRegisterSchema>, RiskRegisterAnswer>>();

export async function riskRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['risks'];

  app.get(
    '/api/risks',
    {
      schema: {
        tags,
        operationId: 'listRisks',
        summary: 'The risk register: live risks across the accounts you see (filter by type, severity, owner, status, account) with its figures',
        querystring: RiskListQuerySchema,
        response: { 200: RiskRegisterSchema, ...exactErrorResponses(400, 404) },
      },
    },
    async (request) => listRiskRegister(deps, actorOf(request), request.query),
  );
  app.get('/api/risks/:id', { schema: { tags, operationId: 'getRisk', summary: 'One risk', params: IdParams, response: { 200: RiskSchema, ...exactErrorResponses(400, 404) } } }, async (request) =>
    getRisk(deps, actorOf(request), request.params.id),
  );
  app.post('/api/risks', { schema: { tags, operationId: 'raiseRisk', summary: 'Raise a risk on an account', body: RiskCreateSchema, response: { 201: RiskSchema, ...errorResponses(400, 404) } } }, async (request, reply) =>
    reply.status(201).send(await raiseRisk(deps, actorOf(request), request.body)),
  );
  app.patch(
    '/api/risks/:id',
    {
      schema: { tags, operationId: 'updateRisk', summary: 'Change a risk (or reopen a closed one with status)', params: IdParams, body: RiskUpdateSchema, response: { 200: RiskSchema, ...errorResponses(400, 404, 409) } },
    },
    async (request) => updateRiskById(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/risks/:id/close',
    {
      schema: { tags, operationId: 'closeRisk', summary: 'Close a risk with its resolution', params: IdParams, body: RiskCloseSchema, response: { 200: RiskSchema, ...errorResponses(400, 404, 409) } },
    },
    async (request) => closeRiskById(deps, actorOf(request), request.params.id, request.body),
  );
}
