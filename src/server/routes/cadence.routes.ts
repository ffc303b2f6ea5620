import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { accountCadence, getCadenceSettings, listDueAccounts, runPlaybookNow, saveCadenceSettings, setAccountCadenceOverride, type PlaybookRunReport } from '../../services/team/cadence-engine.ts';
import { actorOf } from '../auth.ts';
import { AccountCadenceSchema, CadenceOverrideSchema, CadenceSettingsSchema, CadenceSettingsUpdateSchema, DueAccountsSchema, DueQuerySchema, PlaybookRunSchema } from './cadence.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses, checkShape, type SameShape } from './responses.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof AccountCadenceSchema>, Awaited<ReturnType<typeof accountCadence>>>>();
checkShape<SameShape<z.output<typeof DueAccountsSchema>['items'][number], Awaited<ReturnType<typeof listDueAccounts>>[number]>>();
checkShape<SameShape<z.output<typeof CadenceSettingsSchema>, Awaited<ReturnType<typeof getCadenceSettings>>>>();
checkShape<SameShape<z.output<typeof PlaybookRunSchema>, PlaybookRunReport>>();

export async function cadenceRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['cadence'];

  app.get(
    '/api/accounts/:id/cadence',
    {
      schema: {
        tags,
        operationId: 'getAccountCadence',
        summary: 'What cadence the account is owed, why, and when the next call and touch are due',
        params: IdParams,
        response: { 200: AccountCadenceSchema, ...exactErrorResponses(400, 404) },
      },
    },
    async (request) => accountCadence(deps, actorOf(request), request.params.id),
  );
  app.put(
    '/api/accounts/:id/cadence-override',
    {
      schema: {
        tags,
        operationId: 'setAccountCadenceOverride',
        summary: 'Override the cadence for this account (a reason is required)',
        params: IdParams,
        body: CadenceOverrideSchema,
        response: { 200: AccountCadenceSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => setAccountCadenceOverride(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/accounts/:id/cadence-override',
    { schema: { tags, operationId: 'removeAccountCadenceOverride', summary: 'Remove the cadence override', params: IdParams, response: { 200: AccountCadenceSchema, ...errorResponses(400, 404) } } },
    async (request) => setAccountCadenceOverride(deps, actorOf(request), request.params.id, null),
  );
  app.get(
    '/api/cadence/due',
    { schema: { tags, operationId: 'listDueAccounts', summary: 'Accounts overdue or due soon (calls and touches), most overdue first', querystring: DueQuerySchema, response: { 200: DueAccountsSchema, ...exactErrorResponses(400) } } },
    async (request) => ({ items: await listDueAccounts(deps, actorOf(request), request.query.withinDays), nextCursor: null }),
  );
  app.get('/api/settings/cadence', { schema: { tags, operationId: 'getCadenceSettings', summary: 'The cadence policy, holidays and playbook rules', response: { 200: CadenceSettingsSchema, ...exactErrorResponses() } } }, async (request) => {
    actorOf(request);
    return getCadenceSettings(deps);
  });
  app.put(
    '/api/settings/cadence',
    {
      schema: {
        tags,
        operationId: 'updateCadenceSettings',
        summary: 'Change the cadence policy, holidays or playbook rules (admins, managers)',
        body: CadenceSettingsUpdateSchema,
        response: { 200: CadenceSettingsSchema, ...errorResponses(400) },
      },
    },
    async (request) => saveCadenceSettings(deps, actorOf(request), request.body),
  );
  app.post('/api/playbook/run', { schema: { tags, operationId: 'runPlaybook', summary: 'Run the playbook now (admins, managers)', response: { 200: PlaybookRunSchema, ...errorResponses() } } }, async (request) => {
    return runPlaybookNow(deps, actorOf(request));
  });
}
