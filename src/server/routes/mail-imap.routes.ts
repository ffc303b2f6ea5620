import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { connectImapMailbox, disconnectImapMailbox, syncImapMailboxNow, viewImapMailbox } from '../../services/mail-capture/imap-capture.ts';
import { actorOf } from '../auth.ts';
import { ImapConnectBodySchema, ImapMailboxSchema, ImapMailboxStateSchema, ImapSyncResultSchema } from './mail-imap.schema.ts';
import { NoContent, errorResponses } from './responses.ts';

/** The workspace's capture mailbox polled over IMAP (admins): the same service as `cadence mail imap connect|status|sync`. */
export async function mailImapRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  const path = '/api/settings/mail-capture/imap';
  app.get(
    path,
    {
      schema: {
        tags,
        operationId: 'getImapMailbox',
        summary: 'The capture mailbox polled over IMAP: where, its last poll (seen, logged, skipped by reason) and the last error; never the password',
        response: { 200: ImapMailboxStateSchema, ...errorResponses() },
      },
    },
    async (request) => ({ mailbox: await viewImapMailbox(deps, actorOf(request)) }),
  );
  app.put(
    path,
    {
      schema: {
        tags,
        operationId: 'connectImapMailbox',
        summary: 'Connect (or reconnect) the capture mailbox: the login and the folder are tried first (a refusal is a 400 naming the field), the password is encrypted at rest and never returned',
        body: ImapConnectBodySchema,
        response: { 200: ImapMailboxSchema, ...errorResponses(400) },
      },
    },
    async (request) => connectImapMailbox(deps, actorOf(request), request.body),
  );
  app.post(
    `${path}/sync`,
    {
      schema: {
        tags,
        operationId: 'syncImapMailbox',
        summary: 'Poll the capture mailbox now: what it read, logged and skipped (a failure in words); 409 when none is connected',
        response: { 200: ImapSyncResultSchema, ...errorResponses(409) },
      },
    },
    async (request) => syncImapMailboxNow(deps, actorOf(request)),
  );
  app.delete(
    path,
    {
      schema: { tags, operationId: 'disconnectImapMailbox', summary: 'Disconnect the capture mailbox: its password and watermark are deleted, the mails it logged stay', response: { 204: NoContent, ...errorResponses() } },
    },
    async (request, reply) => {
      await disconnectImapMailbox(deps, actorOf(request));
      return reply.status(204).send();
    },
  );
}
