import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { createContact, getContact, listContacts, setContactArchived, updateContact } from '../../services/accounts/contacts.ts';
import { actorOf } from '../auth.ts';
import { ContactCreateSchema, ContactListQuerySchema, ContactListSchema, ContactSchema, ContactUpdateSchema } from './contacts.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses } from './responses.ts';
import { fastSerializer } from './fast-serializer.ts';

export async function contactRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];

  app.get(
    '/api/contacts',
    {
      schema: {
        tags,
        operationId: 'listContacts',
        summary: 'List contacts',
        querystring: ContactListQuerySchema,
        response: { 200: ContactListSchema, ...errorResponses(404) },
      },
    },
    async (request) => listContacts(deps, actorOf(request), request.query),
  );

  app.post(
    '/api/contacts',
    { schema: { tags, operationId: 'createContact', summary: 'Add a contact to an account', body: ContactCreateSchema, response: { 201: ContactSchema, ...errorResponses(404, 409) } }, serializerCompiler: fastSerializer(root) },
    async (request, reply) => reply.status(201).send(await createContact(deps, actorOf(request), request.body)),
  );

  app.get('/api/contacts/:id', { schema: { tags, operationId: 'getContact', summary: 'One contact', params: IdParams, response: { 200: ContactSchema, ...errorResponses(404) } } }, async (request) =>
    getContact(deps, actorOf(request), request.params.id),
  );

  app.patch('/api/contacts/:id', { schema: { tags, operationId: 'updateContact', summary: 'Change a contact', params: IdParams, body: ContactUpdateSchema, response: { 200: ContactSchema, ...errorResponses(404, 409) } } }, async (request) =>
    updateContact(deps, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/contacts/:id/archive', { schema: { tags, operationId: 'archiveContact', summary: 'Archive a contact', params: IdParams, response: { 200: ContactSchema, ...errorResponses(404) } } }, async (request) =>
    setContactArchived(deps, actorOf(request), request.params.id, true),
  );
}
