import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AccountHealth } from '../../services/accounts/account-health.ts';
import type { Deps } from '../../deps.ts';
import { clearHealthOverride, getAccountHealth, recomputeAccountHealth, setHealthOverride } from '../../services/accounts/account-health.ts';
import { getScorecards, saveScorecards } from '../../services/health/scorecards.ts';
import { actorOf } from '../auth.ts';
import { AccountHealthRecomputedSchema, AccountHealthSchema, HealthOverrideCreateSchema, ScorecardsSavedSchema, ScorecardsSchema, ScorecardsUpdateSchema } from './health.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses, checkShape, type SameShape } from './responses.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof AccountHealthSchema>, AccountHealth>>();

export async function healthRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['health'];

  app.get(
    '/api/settings/scorecards',
    {
      schema: { tags: ['settings', ...tags], operationId: 'getScorecards', summary: 'The health scorecards (per stage) and the built-in default', response: { 200: ScorecardsSchema, ...exactErrorResponses() } },
    },
    async (request) => getScorecards(deps, actorOf(request)),
  );
  app.put(
    '/api/settings/scorecards',
    {
      schema: {
        tags: ['settings', ...tags],
        operationId: 'replaceScorecards',
        summary: 'Replace the health scorecards (managers, admins); weights must add up to 100',
        body: ScorecardsUpdateSchema,
        response: { 200: ScorecardsSavedSchema, ...errorResponses(400) },
      },
    },
    async (request) => saveScorecards(deps, actorOf(request), request.body),
  );

  app.get(
    '/api/accounts/:id/health',
    {
      schema: { tags, operationId: 'getAccountHealth', summary: "An account's health: current score, history, trend and why it moved", params: IdParams, response: { 200: AccountHealthSchema, ...exactErrorResponses(400, 404) } },
    },
    async (request) => getAccountHealth(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/accounts/:id/health/recompute',
    {
      schema: { tags, operationId: 'recomputeAccountHealth', summary: "Rescore an account's health now", params: IdParams, response: { 200: AccountHealthRecomputedSchema, ...errorResponses(400, 404) } },
    },
    async (request) => recomputeAccountHealth(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/accounts/:id/health/override',
    {
      schema: {
        tags,
        operationId: 'overrideAccountHealth',
        summary: 'Override the health colour with a reason until an expiry',
        params: IdParams,
        body: HealthOverrideCreateSchema,
        response: { 201: AccountHealthSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await setHealthOverride(deps, actorOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/accounts/:id/health/override',
    { schema: { tags, operationId: 'endAccountHealthOverride', summary: 'End the health override now', params: IdParams, response: { 200: AccountHealthSchema, ...errorResponses(400, 404) } } },
    async (request) => clearHealthOverride(deps, actorOf(request), request.params.id),
  );
}
