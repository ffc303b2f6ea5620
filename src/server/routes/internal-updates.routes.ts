import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { getInternalUpdates, setInternalUpdates } from '../../services/internal-updates/internal-updates.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses, InstantSchema } from './responses.ts';

const CHANNELS = ['slack', 'mail', 'off'] as const;

const InternalUpdatesSchema = z
  .object({
    accountId: z.string(),
    channel: z.enum(CHANNELS).describe('slack: the Slack integration; mail: the owner and account team; off'),
    slackIntegration: z.string().nullable().describe("The Slack integration (id or name) whose webhook posts to the account's internal channel; null: every enabled one"),
    updatedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'InternalUpdates' });

const InternalUpdatesUpdateSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  slackIntegration: z.string().trim().min(1).max(200).nullable().optional(),
});

export async function internalUpdateRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['internal-updates'];
  app.get(
    '/api/accounts/:id/internal-updates',
    {
      schema: {
        tags,
        operationId: 'getInternalUpdates',
        summary: "Where the account team's internal updates go (after a wrap-up, a risk raised or closed)",
        params: IdParams,
        response: { 200: InternalUpdatesSchema, ...exactErrorResponses(400, 404) },
      },
    },
    async (request) => getInternalUpdates(deps, actorOf(request), request.params.id),
  );
  app.put(
    '/api/accounts/:id/internal-updates',
    {
      schema: {
        tags,
        operationId: 'setInternalUpdates',
        summary: "Send the account team's internal updates to Slack, by mail, or not at all",
        params: IdParams,
        body: InternalUpdatesUpdateSchema,
        response: { 200: InternalUpdatesSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => setInternalUpdates(deps, actorOf(request), request.params.id, request.body),
  );
}
