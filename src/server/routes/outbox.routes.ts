import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { getOutboxStatus, retryDeadLetter } from '../../services/outbox/dead-letters.ts';
import { actorOf } from '../auth.ts';
import { OutboxEntrySchema, OutboxStatusSchema } from './outbox.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses } from './responses.ts';

/** The outbox for admins: what waits to leave, the dead letters with their last error, and their retry. */
export async function outboxRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  app.get(
    '/api/settings/outbox',
    { schema: { tags, operationId: 'getOutbox', summary: 'Mails waiting to go out and the dead letters, each with its last error (admins)', response: { 200: OutboxStatusSchema, ...errorResponses() } } },
    async (request) => getOutboxStatus(deps, actorOf(request)),
  );
  app.post(
    '/api/settings/outbox/:id/retry',
    {
      schema: {
        tags,
        operationId: 'retryOutboxEntry',
        summary: 'Try a dead letter again at once, with a fresh set of attempts (admins); answers how that went',
        params: IdParams,
        response: { 200: OutboxEntrySchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => retryDeadLetter(deps, actorOf(request), request.params.id),
  );
}
