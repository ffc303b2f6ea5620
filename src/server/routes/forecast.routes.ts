import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { RenewalForecast } from '../../domain/account/forecast.ts';
import type { Deps } from '../../deps.ts';
import { getFiscalYear, renewalForecast, saveFiscalYear } from '../../services/health/forecast.ts';
import { actorOf } from '../auth.ts';
import { FiscalYearAnswerSchema, FiscalYearSchema, RenewalForecastSchema } from './forecast.schema.ts';
import { errorResponses, exactErrorResponses, checkShape, type SameShape } from './responses.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof RenewalForecastSchema>, RenewalForecast & { fiscalYearStartMonth: number }>>();

export async function forecastRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/forecast',
    {
      schema: { tags: ['forecast'], operationId: 'getRenewalForecast', summary: 'Renewals in the current and next fiscal quarter, ARR and risk-adjusted ARR', response: { 200: RenewalForecastSchema, ...exactErrorResponses() } },
    },
    async (request) => renewalForecast(deps, actorOf(request)),
  );
  app.get(
    '/api/settings/fiscal-year',
    { schema: { tags: ['settings'], operationId: 'getFiscalYear', summary: 'The month the fiscal year starts in', response: { 200: FiscalYearAnswerSchema, ...exactErrorResponses() } } },
    async (request) => {
      actorOf(request);
      return getFiscalYear(deps);
    },
  );
  app.put(
    '/api/settings/fiscal-year',
    {
      schema: { tags: ['settings'], operationId: 'setFiscalYear', summary: 'Set the month the fiscal year starts in (admins)', body: FiscalYearSchema, response: { 200: FiscalYearAnswerSchema, ...errorResponses(400) } },
    },
    async (request) => saveFiscalYear(deps, actorOf(request), request.body),
  );
}
