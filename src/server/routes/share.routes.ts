import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { previewAgenda, sendAgenda } from '../../services/meetings/send-agenda.ts';
import { createShareLink, customerView, listMeetingShareLinks, markDoneByCustomerLink, proposeTopic, revokeMeetingShareLink } from '../../services/meetings/share-links.ts';
import { actorOf } from '../auth.ts';
import { clientAddress, shareLinkRequests, type RateLimit } from '../rate-limits.ts';
import { IdParams } from './query.ts';
import { NoContent, errorResponses, publicErrorResponses } from './responses.ts';
import {
  AgendaPreviewSchema,
  AgendaSendSchema,
  AgendaSentSchema,
  CreatedShareLinkSchema,
  CustomerActionItemDoneSchema,
  CustomerDoneSchema,
  MailHtmlSchema,
  CustomerTopicSchema,
  CustomerViewSchema,
  ShareLinkCreateSchema,
  ShareLinkListSchema,
  ShareActionItemParams,
  ShareLinkParams,
  TokenParams,
  TopicProposedSchema,
} from './share.schema.ts';

export async function shareRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['sharing'];

  app.post(
    '/api/meetings/:id/agenda/preview',
    {
      schema: {
        tags,
        operationId: 'previewAgenda',
        summary: 'Exactly what each recipient of the agenda mail gets (To, Cc, subject, HTML and text, attachments); sends and saves nothing',
        params: IdParams,
        response: { 200: AgendaPreviewSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => previewAgenda(deps, actorOf(request), request.params.id),
  );

  // The mail's HTML in its own document: the app's CSP (no inline styles) would strip a mail's styling
  // inside the preview dialog, so this frameable page allows inline styles and nothing else (no script).
  app.get(
    '/api/meetings/:id/agenda/preview.html',
    {
      schema: {
        tags,
        operationId: 'previewAgendaHtml',
        summary: "The agenda mail's HTML part exactly as recipients get it, for the preview frame; sends and saves nothing",
        params: IdParams,
        response: { 200: { description: 'The HTML part', content: { 'text/html': { schema: MailHtmlSchema } } }, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const preview = await previewAgenda(deps, actorOf(request), request.params.id);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
        .header('x-frame-options', 'SAMEORIGIN')
        .send(preview.messages[0]?.html ?? '');
    },
  );

  app.post(
    '/api/meetings/:id/agenda/send',
    {
      schema: {
        tags,
        operationId: 'sendAgenda',
        summary: "Email the agenda to the attendees with a share link, confirmed with the preview's fingerprint",
        params: IdParams,
        body: AgendaSendSchema,
        response: { 200: AgendaSentSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => sendAgenda(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/meetings/:id/share-links',
    {
      schema: {
        tags,
        operationId: 'createShareLink',
        summary: 'Create a customer link to the agenda (the URL is shown once)',
        params: IdParams,
        // No body at all is the same as `{}`: the default expiry.
        body: ShareLinkCreateSchema.prefault({}),
        response: { 201: CreatedShareLinkSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createShareLink(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get('/api/meetings/:id/share-links', { schema: { tags, operationId: 'listShareLinks', summary: "The meeting's customer links", params: IdParams, response: { 200: ShareLinkListSchema, ...errorResponses(404) } } }, async (request) => ({
    items: await listMeetingShareLinks(deps, actorOf(request), request.params.id),
    nextCursor: null,
  }));

  app.delete(
    '/api/meetings/:id/share-links/:linkId',
    { schema: { tags, operationId: 'revokeShareLink', summary: 'Revoke a customer link', params: ShareLinkParams, response: { 204: NoContent, ...errorResponses(404) } } },
    async (request, reply) => {
      await revokeMeetingShareLink(deps, actorOf(request), request.params.id, request.params.linkId);
      return reply.status(204).send();
    },
  );

  // Flooding one agenda is a per-link matter; guessing links is counted across all of them.
  const topicsPerLink: RateLimit = {
    what: 'topics on this link from this address',
    max: 10,
    key: (request) => `share-topics:address:${clientAddress(request)}:${(request.params as { token: string }).token}`,
  };

  app.get(
    '/api/share/:token',
    {
      config: { public: true, rateLimits: [shareLinkRequests] },
      schema: {
        tags,
        operationId: 'getCustomerView',
        summary: "The customer's view of the agenda (public, by token)",
        params: TokenParams,
        security: [],
        response: { 200: CustomerViewSchema, ...publicErrorResponses(404, 429) },
      },
    },
    async (request) => customerView(deps, request.params.token),
  );

  app.post(
    '/api/share/:token/topics',
    {
      config: { public: true, rateLimits: [shareLinkRequests, topicsPerLink] },
      schema: {
        tags,
        operationId: 'proposeCustomerTopic',
        summary: 'A customer proposes a topic (public, by token)',
        params: TokenParams,
        body: CustomerTopicSchema,
        security: [],
        response: { 201: TopicProposedSchema, ...publicErrorResponses(404, 409, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await proposeTopic(deps, request.params.token, request.body)),
  );

  // Ticking items off is counted per link and address too, like proposing topics.
  const ticksPerLink: RateLimit = {
    what: 'action items marked done on this link from this address',
    max: 30,
    key: (request) => `share-done:address:${clientAddress(request)}:${(request.params as { token: string }).token}`,
  };

  app.post(
    '/api/share/:token/action-items/:id/done',
    {
      config: { public: true, rateLimits: [shareLinkRequests, ticksPerLink] },
      schema: {
        tags,
        operationId: 'markActionItemDoneByCustomer',
        summary: "A customer marks one of their side's action items done, with an optional comment (public, by token); 404 for any other item",
        params: ShareActionItemParams,
        body: CustomerDoneSchema,
        security: [],
        response: { 200: CustomerActionItemDoneSchema, ...publicErrorResponses(404, 429) },
      },
    },
    async (request) => markDoneByCustomerLink(deps, request.params.token, request.params.id, request.body ?? {}),
  );
}
