import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { DigestSettings } from '../../domain/digests/digests.ts';
import type { Deps } from '../../deps.ts';
import { getDigestSettings, saveDigestSettings } from '../../services/digests/digests.ts';
import { actorOf } from '../auth.ts';
import { DigestSettingsSchema, DigestSettingsUpdateSchema } from './digests.schema.ts';
import { checkShape, exactErrorResponses, type SameShape } from './responses.ts';

checkShape<SameShape<z.output<typeof DigestSettingsSchema>, DigestSettings>>();

export async function digestRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['digests'];
  app.get('/api/digest-settings', { schema: { tags, operationId: 'getDigestSettings', summary: 'Your own digest settings', response: { 200: DigestSettingsSchema, ...exactErrorResponses(400) } } }, async (request) =>
    getDigestSettings(deps, actorOf(request)),
  );
  app.patch(
    '/api/digest-settings',
    {
      schema: {
        tags,
        operationId: 'updateDigestSettings',
        summary: 'Change your own digest settings (switch a digest off, its time, zone or channel)',
        body: DigestSettingsUpdateSchema,
        response: { 200: DigestSettingsSchema, ...exactErrorResponses(400) },
      },
    },
    async (request) => saveDigestSettings(deps, actorOf(request), request.body),
  );
}
