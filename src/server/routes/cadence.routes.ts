import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CadenceOverrideSchema } from '../../domain/cadence.ts';
import type { Deps } from '../../deps.ts';
import { forbidden } from '../../errors.ts';
import { accountCadence, listDueAccounts, loadCadenceSettings, runPlaybook, saveCadenceSettings, setAccountCadenceOverride } from '../../services/cadence-engine.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';

export async function cadenceRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['cadence'];

  app.get('/api/accounts/:id/cadence', { schema: { tags, summary: 'What cadence the account is owed, why, and when the next call and touch are due', params: IdParams } }, async (request) =>
    accountCadence(deps, actorOf(request), request.params.id),
  );
  app.put('/api/accounts/:id/cadence-override', { schema: { tags, summary: 'Override the cadence for this account (a reason is required)', params: IdParams, body: CadenceOverrideSchema } }, async (request) =>
    setAccountCadenceOverride(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete('/api/accounts/:id/cadence-override', { schema: { tags, summary: 'Remove the cadence override', params: IdParams } }, async (request) =>
    setAccountCadenceOverride(deps, actorOf(request), request.params.id, null),
  );
  app.get(
    '/api/cadence/due',
    { schema: { tags, summary: 'Accounts overdue or due soon (calls and touches), most overdue first', querystring: z.strictObject({ withinDays: z.coerce.number().int().min(0).max(90).default(7) }) } },
    async (request) => ({ items: await listDueAccounts(deps, actorOf(request), request.query.withinDays), nextCursor: null }),
  );
  app.get('/api/settings/cadence', { schema: { tags, summary: 'The cadence policy, holidays and playbook rules' } }, async (request) => {
    actorOf(request);
    return loadCadenceSettings(deps.store.db);
  });
  app.put(
    '/api/settings/cadence',
    {
      schema: {
        tags,
        summary: 'Change the cadence policy, holidays or playbook rules (admins, managers)',
        body: z.strictObject({ policy: z.unknown().optional(), holidays: z.unknown().optional(), playbook: z.unknown().optional() }),
      },
    },
    async (request) => saveCadenceSettings(deps, actorOf(request), request.body),
  );
  app.post('/api/playbook/run', { schema: { tags, summary: 'Run the playbook now (admins, managers)' } }, async (request) => {
    const actor = actorOf(request);
    if (actor.role !== 'admin' && actor.role !== 'manager') throw forbidden('only admins and managers run the playbook by hand');
    return runPlaybook(deps);
  });
}
