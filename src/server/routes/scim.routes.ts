import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { ScimError } from '../../domain/identity/scim.ts';
import { AppError } from '../../errors.ts';
import { createScimGroup, deleteScimGroupById, getScimGroup, listScimGroupsPage, patchScimGroup, replaceScimGroup } from '../../services/identity/scim-groups.ts';
import { checkScimToken, createScimUser, deleteScimUser, getScimUser, listScimUsers, patchScimUser, replaceScimUser } from '../../services/identity/scim.ts';
import { refuseControlCharacters } from '../validate.ts';
import { SERVICE_PROVIDER_CONFIG, resourceTypes, schemasList } from './scim.schema.ts';

const SCIM_JSON = 'application/scim+json';

type ListQuery = { filter?: string; startIndex?: string; count?: string };

/**
 * SCIM 2.0 provisioning (RFC 7644) at /scim/v2: the IdP creates, updates and deactivates users and
 * pushes groups, authenticated by a SCIM token (`cadence scim token create`), never a user's API
 * token. Its own error bodies (`urn:ietf:params:scim:api:messages:2.0:Error`) and content type, so
 * the routes live in their own scope, outside the OpenAPI document of the JSON API.
 */
export async function scimRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  await root.register(
    async (app) => {
      app.addContentTypeParser(SCIM_JSON, { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, body === '' ? undefined : JSON.parse(body as string));
        } catch {
          done(new ScimError(400, 'the body is not valid JSON', 'invalidSyntax'), undefined);
        }
      });
      app.setErrorHandler((error: FastifyError | AppError | ScimError, request, reply) => {
        const scim = toScimError(error);
        if (scim.status >= 500) request.log.error({ err: error }, 'SCIM request failed');
        return reply.status(scim.status).type(SCIM_JSON).send(scim.body);
      });
      app.setNotFoundHandler((request, reply) =>
        reply
          .status(404)
          .type(SCIM_JSON)
          .send(new ScimError(404, `no SCIM resource ${request.url.split('?')[0]}`).body),
      );
      app.addHook('onRequest', async (request: FastifyRequest) => checkScimToken(deps, request.headers.authorization));
      // SCIM routes parse their own bodies, so the app-wide check (schema bodies only) is made here: NUL was a 500 on PostgreSQL.
      app.addHook('preValidation', async (request: FastifyRequest) => {
        try {
          refuseControlCharacters({ params: request.params, query: request.query, body: request.body });
        } catch (err) {
          throw new ScimError(400, (err as Error).message, 'invalidValue');
        }
      });
      app.addHook('onSend', async (_request, reply: FastifyReply, payload) => {
        if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.type(SCIM_JSON);
        return payload;
      });

      const config = { scim: true };
      const schema = { hide: true };
      const options = { config, schema };
      const id = (request: FastifyRequest) => (request.params as { id: string }).id;

      app.get('/ServiceProviderConfig', options, async () => SERVICE_PROVIDER_CONFIG(deps.config.baseUrl));
      app.get('/ResourceTypes', options, async () => resourceTypes(deps.config.baseUrl));
      app.get('/Schemas', options, async () => schemasList());

      app.get('/Users', options, async (request) => listScimUsers(deps, request.query as ListQuery));
      app.post('/Users', options, async (request, reply) => {
        const user = await createScimUser(deps, request.body);
        return reply.status(201).header('location', user.meta.location).send(user);
      });
      app.get('/Users/:id', options, async (request) => getScimUser(deps, id(request)));
      app.put('/Users/:id', options, async (request) => replaceScimUser(deps, id(request), request.body));
      app.patch('/Users/:id', options, async (request) => patchScimUser(deps, id(request), request.body));
      app.delete('/Users/:id', options, async (request, reply) => {
        await deleteScimUser(deps, id(request));
        return reply.status(204).send();
      });

      app.get('/Groups', options, async (request) => listScimGroupsPage(deps, request.query as ListQuery));
      app.post('/Groups', options, async (request, reply) => {
        const group = await createScimGroup(deps, request.body);
        return reply.status(201).header('location', group.meta.location).send(group);
      });
      app.get('/Groups/:id', options, async (request) => getScimGroup(deps, id(request)));
      app.put('/Groups/:id', options, async (request) => replaceScimGroup(deps, id(request), request.body));
      app.patch('/Groups/:id', options, async (request) => patchScimGroup(deps, id(request), request.body));
      app.delete('/Groups/:id', options, async (request, reply) => {
        await deleteScimGroupById(deps, id(request));
        return reply.status(204).send();
      });
    },
    { prefix: '/scim/v2' },
  );
}

function toScimError(error: FastifyError | AppError | ScimError): ScimError {
  if (error instanceof ScimError) return error;
  if (error instanceof AppError) {
    const scimType = error.code === 'conflict' ? 'uniqueness' : error.code === 'invalid' ? 'invalidValue' : undefined;
    return new ScimError(error.status, error.message, scimType);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ScimError(400, 'the body is not valid JSON', 'invalidSyntax');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimError(413, 'the body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ScimError(415, `send the body as ${SCIM_JSON}`);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new ScimError(400, error.message, 'invalidSyntax');
  return new ScimError(500, 'something went wrong on our side; it has been logged');
}
