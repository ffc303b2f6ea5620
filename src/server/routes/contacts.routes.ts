import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ContactCreateSchema, ContactUpdateSchema } from '../../domain/accounts.ts';
import { CONTACT_ROLES, CONTACT_STATUSES } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { createContact, getContact, listContacts, setContactArchived, updateContact } from '../../services/contacts.ts';
import { actorOf } from '../auth.ts';
import { IdParams, cursorParam, limitParam, listParam } from './query.ts';

export async function contactRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];

  app.get(
    '/api/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts',
        querystring: z.strictObject({
          accountId: z.string().max(64).optional(),
          q: z.string().max(200).optional(),
          role: listParam(CONTACT_ROLES),
          status: listParam(CONTACT_STATUSES),
          includeArchived: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
          cursor: cursorParam,
          limit: limitParam,
        }),
      },
    },
    async (request) => listContacts(deps, actorOf(request), request.query),
  );

  app.post('/api/contacts', { schema: { tags, summary: 'Add a contact to an account', body: ContactCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await createContact(deps, actorOf(request), request.body)),
  );

  app.get('/api/contacts/:id', { schema: { tags, summary: 'One contact', params: IdParams } }, async (request) =>
    getContact(deps, actorOf(request), request.params.id),
  );

  app.patch('/api/contacts/:id', { schema: { tags, summary: 'Change a contact', params: IdParams, body: ContactUpdateSchema } }, async (request) =>
    updateContact(deps, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/contacts/:id/archive', { schema: { tags, summary: 'Archive a contact', params: IdParams } }, async (request) =>
    setContactArchived(deps, actorOf(request), request.params.id, true),
  );
}
