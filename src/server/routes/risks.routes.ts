import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RISK_SEVERITIES } from '../../domain/meeting.ts';
import { RISK_TYPES } from '../../domain/model.ts';
import { RISK_STATUSES, RiskCloseSchema, RiskCreateSchema, RiskUpdateSchema } from '../../domain/risks.ts';
import type { Deps } from '../../deps.ts';
import { closeRiskById, getRisk, listRiskRegister, raiseRisk, updateRiskById } from '../../services/risks.ts';
import { actorOf } from '../auth.ts';
import { IdParams, freeListParam, listParam } from './query.ts';

const RiskListQuerySchema = z.strictObject({
  type: listParam(RISK_TYPES),
  severity: listParam(RISK_SEVERITIES),
  status: listParam(RISK_STATUSES),
  owner: freeListParam,
  accountId: z.string().min(1).max(64).optional(),
});

export async function riskRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['risks'];

  app.get(
    '/api/risks',
    { schema: { tags, summary: 'The risk register: live risks across the accounts you see (filter by type, severity, owner, status, account) with its figures', querystring: RiskListQuerySchema } },
    async (request) => listRiskRegister(deps, actorOf(request), request.query),
  );
  app.get('/api/risks/:id', { schema: { tags, summary: 'One risk', params: IdParams } }, async (request) => getRisk(deps, actorOf(request), request.params.id));
  app.post('/api/risks', { schema: { tags, summary: 'Raise a risk on an account', body: RiskCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await raiseRisk(deps, actorOf(request), request.body)),
  );
  app.patch('/api/risks/:id', { schema: { tags, summary: 'Change a risk (or reopen a closed one with status)', params: IdParams, body: RiskUpdateSchema } }, async (request) =>
    updateRiskById(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/risks/:id/close', { schema: { tags, summary: 'Close a risk with its resolution', params: IdParams, body: RiskCloseSchema } }, async (request) =>
    closeRiskById(deps, actorOf(request), request.params.id, request.body),
  );
}
