import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { listCapturedMails } from '../../services/mail-capture/captured-mails.ts';
import { getMailCaptureStatus } from '../../services/mail-capture/mail-capture-status.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';
import { CapturedMailPageSchema, CapturedMailQuerySchema, MailCaptureStatusSchema } from './mail-capture.schema.ts';

export async function mailCaptureRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/settings/mail-capture',
    {
      schema: {
        tags: ['settings'],
        operationId: 'getMailCapture',
        summary: 'The capture address to BCC or forward customer mail to, and what the receiver logged and skipped',
        response: { 200: MailCaptureStatusSchema, ...exactErrorResponses() },
      },
    },
    async (request) => getMailCaptureStatus(deps, actorOf(request)),
  );
  app.get(
    '/api/accounts/:id/captured-mails',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'listCapturedMails',
        summary: 'Mails captured on the account, newest first, with their sanitised bodies (for who may read the account notes)',
        params: IdParams,
        querystring: CapturedMailQuerySchema,
        response: { 200: CapturedMailPageSchema, ...errorResponses(404) },
      },
    },
    async (request) => listCapturedMails(deps, actorOf(request), request.params.id, request.query),
  );
}
