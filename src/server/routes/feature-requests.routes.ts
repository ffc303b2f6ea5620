import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { markFeatureShipped } from '../../services/team/release-announcements.ts';
import { actorOf } from '../auth.ts';
import { ShippedAnswerSchema, ShippedSchema } from './feature-requests.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses, checkShape, type SameShape } from './responses.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof ShippedAnswerSchema>, Awaited<ReturnType<typeof markFeatureShipped>>>>();

export async function featureRequestRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/feature-requests/:id/shipped',
    {
      schema: {
        tags: ['feature requests'],
        operationId: 'markFeatureShipped',
        summary: 'Mark a feature request shipped in a release and draft an announcement per account that asked',
        params: IdParams,
        body: ShippedSchema,
        response: { 200: ShippedAnswerSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => markFeatureShipped(deps, actorOf(request), request.params.id, request.body),
  );
}
