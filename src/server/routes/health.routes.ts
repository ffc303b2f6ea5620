import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HealthOverrideCreateSchema } from '../../domain/health/score.ts';
import type { Deps } from '../../deps.ts';
import { clearHealthOverride, getAccountHealth, recomputeAccountHealth, setHealthOverride } from '../../services/account-health.ts';
import { getScorecards, saveScorecards } from '../../services/scorecards.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';

export async function healthRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['health'];

  app.get('/api/settings/scorecards', { schema: { tags: ['settings', ...tags], summary: 'The health scorecards (per stage) and the built-in default' } }, async (request) =>
    getScorecards(deps, actorOf(request)),
  );
  // The body is checked by the scorecard parser, which names the field of every problem.
  app.put(
    '/api/settings/scorecards',
    { schema: { tags: ['settings', ...tags], summary: 'Replace the health scorecards (managers, admins); weights must add up to 100', body: z.array(z.unknown()).max(20) } },
    async (request) => saveScorecards(deps, actorOf(request), request.body),
  );

  app.get('/api/accounts/:id/health', { schema: { tags, summary: "An account's health: current score, history, trend and why it moved", params: IdParams } }, async (request) =>
    getAccountHealth(deps, actorOf(request), request.params.id),
  );
  app.post('/api/accounts/:id/health/recompute', { schema: { tags, summary: "Rescore an account's health now", params: IdParams } }, async (request) =>
    recomputeAccountHealth(deps, actorOf(request), request.params.id),
  );
  app.post('/api/accounts/:id/health/override', { schema: { tags, summary: 'Override the health colour with a reason until an expiry', params: IdParams, body: HealthOverrideCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await setHealthOverride(deps, actorOf(request), request.params.id, request.body)),
  );
  app.delete('/api/accounts/:id/health/override', { schema: { tags, summary: 'End the health override now', params: IdParams } }, async (request) =>
    clearHealthOverride(deps, actorOf(request), request.params.id),
  );
}
