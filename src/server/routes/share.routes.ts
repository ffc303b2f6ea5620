import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CustomerTopicSchema, ShareLinkCreateSchema } from '../../domain/meeting-input.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { sendAgenda } from '../../services/send-agenda.ts';
import { createShareLink, customerView, listMeetingShareLinks, proposeTopic, revokeMeetingShareLink } from '../../services/share-links.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';

const TokenParams = z.strictObject({ token: z.string().min(10).max(100) });

export async function shareRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['sharing'];

  app.post('/api/meetings/:id/agenda/send', { schema: { tags, summary: 'Email the agenda to the attendees with a share link', params: IdParams } }, async (request) =>
    sendAgenda(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/share-links',
    { schema: { tags, summary: 'Create a customer link to the agenda (the URL is shown once)', params: IdParams, body: ShareLinkCreateSchema.optional() } },
    async (request, reply) => reply.status(201).send(await createShareLink(deps, actorOf(request), request.params.id, request.body ?? {})),
  );

  app.get('/api/meetings/:id/share-links', { schema: { tags, summary: "The meeting's customer links", params: IdParams } }, async (request) => ({
    items: await listMeetingShareLinks(deps, actorOf(request), request.params.id),
    nextCursor: null,
  }));

  app.delete(
    '/api/meetings/:id/share-links/:linkId',
    { schema: { tags, summary: 'Revoke a customer link', params: z.strictObject({ id: z.string().max(64), linkId: z.string().max(64) }) } },
    async (request, reply) => {
      await revokeMeetingShareLink(deps, actorOf(request), request.params.id, request.params.linkId);
      return reply.status(204).send();
    },
  );

  const limited = (max: number) => ({
    public: true,
    rateLimit: {
      max,
      timeWindow: '1 minute',
      keyGenerator: (request: { ip: string; params: unknown }) => `${request.ip}:${(request.params as { token?: string }).token ?? ''}`,
      errorResponseBuilder: () => new AppError('rate_limited', 'too many requests on this link; wait a minute'),
    },
  });

  app.get('/api/share/:token', { config: limited(120), schema: { tags, summary: "The customer's view of the agenda (public, by token)", params: TokenParams, security: [] } }, async (request) =>
    customerView(deps, request.params.token),
  );

  app.post(
    '/api/share/:token/topics',
    { config: limited(10), schema: { tags, summary: 'A customer proposes a topic (public, by token)', params: TokenParams, body: CustomerTopicSchema, security: [] } },
    async (request, reply) => reply.status(201).send(await proposeTopic(deps, request.params.token, request.body)),
  );
}
