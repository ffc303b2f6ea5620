import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { UseCaseTemplate } from '../../domain/use-cases/use-cases.ts';
import type { Deps } from '../../deps.ts';
import { getUseCaseTemplates, listAccountUseCases, saveUseCaseTemplates, scoreAccountUseCase, toUseCaseView, type AccountUseCaseView } from '../../services/use-cases/use-cases.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { checkShape, errorResponses, exactErrorResponses, type SameShape } from './responses.ts';
import { AccountUseCaseListSchema, AccountUseCaseSchema, UseCaseParams, UseCaseScoreSchema, UseCaseTemplatesSaveSchema, UseCaseTemplatesSchema } from './use-cases.schema.ts';

checkShape<SameShape<z.output<typeof AccountUseCaseSchema>, AccountUseCaseView>>();
checkShape<SameShape<z.output<typeof UseCaseTemplatesSchema>['templates'][number], UseCaseTemplate>>();

export async function useCaseRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/settings/use-cases',
    {
      schema: {
        tags: ['settings'],
        operationId: 'getUseCases',
        summary: "The workspace's use cases per product, with what the customer calls each and the enablement we offer",
        response: { 200: UseCaseTemplatesSchema, ...exactErrorResponses() },
      },
    },
    async () => ({ templates: await getUseCaseTemplates(deps) }),
  );
  app.put(
    '/api/settings/use-cases',
    {
      schema: {
        tags: ['settings'],
        operationId: 'saveUseCases',
        summary: 'Save the use cases (managers and admins): the whole list, in order; the same product and name twice is a 400 naming it; one left out is removed with its scores',
        body: UseCaseTemplatesSaveSchema,
        response: { 200: UseCaseTemplatesSchema, ...errorResponses(400) },
      },
    },
    async (request) => ({ templates: await saveUseCaseTemplates(deps, actorOf(request), request.body) }),
  );
  app.get(
    '/api/accounts/:id/use-cases',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'listAccountUseCases',
        summary: "The account's use cases scored red, yellow or green (by hand or from product findings), in words",
        params: IdParams,
        response: { 200: AccountUseCaseListSchema, ...exactErrorResponses(400, 404) },
      },
    },
    async (request) => ({ items: (await listAccountUseCases(deps, actorOf(request), request.params.id)).map(toUseCaseView), nextCursor: null }),
  );
  app.put(
    '/api/accounts/:id/use-cases/:templateId',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'scoreAccountUseCase',
        summary: "Score one of the account's use cases by hand, with a note (null clears it); health is rescored",
        params: UseCaseParams,
        body: UseCaseScoreSchema,
        response: { 200: AccountUseCaseSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => toUseCaseView(await scoreAccountUseCase(deps, actorOf(request), request.params.id, request.params.templateId, request.body)),
  );
}
