import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { FiscalYearSchema, renewalForecast, saveFiscalYear } from '../../services/forecast.ts';
import { getFiscalYearStartMonth } from '../../services/reviews.ts';
import { actorOf } from '../auth.ts';

export async function forecastRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/api/forecast', { schema: { tags: ['forecast'], summary: 'Renewals in the current and next fiscal quarter, ARR and risk-adjusted ARR' } }, async (request) =>
    renewalForecast(deps, actorOf(request)),
  );
  app.get('/api/settings/fiscal-year', { schema: { tags: ['settings'], summary: 'The month the fiscal year starts in' } }, async (request) => {
    actorOf(request);
    return { startMonth: await getFiscalYearStartMonth(deps.store.db) };
  });
  app.put('/api/settings/fiscal-year', { schema: { tags: ['settings'], summary: 'Set the month the fiscal year starts in (admins)', body: FiscalYearSchema } }, async (request) =>
    saveFiscalYear(deps, actorOf(request), request.body),
  );
}
