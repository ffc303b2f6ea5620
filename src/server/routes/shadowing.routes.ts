import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ShadowingPairing } from '../../domain/reviews/shadowing.ts';
import type { PairingWithProgress } from '../../services/team/shadowing.ts';
import type { Deps } from '../../deps.ts';
import { createShadowingPairing, getShadowing, listShadowing, recordShadowingSession, saveShadowingNotes, shadowingDebrief } from '../../services/team/shadowing.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses, checkShape, type SameShape } from './responses.ts';
import { DebriefSchema, NotesSideSchema, SessionCreateSchema, SessionParams, ShadowingListSchema, ShadowingPairingCreateSchema, ShadowingPairingSchema, ShadowingProgressSchema } from './shadowing.schema.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof ShadowingPairingSchema>, ShadowingPairing>>();
checkShape<SameShape<z.output<typeof ShadowingProgressSchema>, PairingWithProgress>>();

export async function shadowingRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['shadowing'];
  app.get('/api/shadowing', { schema: { tags, operationId: 'listShadowing', summary: 'Shadowing pairings you may see, with progress', response: { 200: ShadowingListSchema, ...exactErrorResponses() } } }, async (request) => ({
    items: await listShadowing(deps, actorOf(request)),
    nextCursor: null,
  }));
  app.post(
    '/api/shadowing',
    {
      schema: { tags, operationId: 'createShadowingPairing', summary: 'Pair a new CSM with a senior one (managers, admins)', body: ShadowingPairingCreateSchema, response: { 201: ShadowingPairingSchema, ...errorResponses(400, 409) } },
    },
    async (request, reply) => reply.status(201).send(await createShadowingPairing(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/shadowing/:id',
    {
      schema: { tags, operationId: 'getShadowing', summary: 'A pairing with its checklist progress and sessions', params: IdParams, response: { 200: ShadowingProgressSchema, ...exactErrorResponses(400, 404) } },
    },
    async (request) => getShadowing(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/shadowing/:id/sessions',
    {
      schema: { tags, operationId: 'recordShadowingSession', summary: 'Record a shadowed session', params: IdParams, body: SessionCreateSchema, response: { 201: ShadowingProgressSchema, ...errorResponses(400, 404) } },
    },
    async (request, reply) => reply.status(201).send(await recordShadowingSession(deps, actorOf(request), request.params.id, request.body)),
  );
  app.put(
    '/api/shadowing/:id/sessions/:sessionId/notes',
    {
      schema: { tags, operationId: 'saveShadowingNotes', summary: "One side's notes of a shadowed call", params: SessionParams, body: NotesSideSchema, response: { 200: DebriefSchema, ...errorResponses(400, 404) } },
    },
    async (request) => saveShadowingNotes(deps, actorOf(request), request.params.id, request.params.sessionId, request.body),
  );
  app.get(
    '/api/shadowing/:id/sessions/:sessionId/debrief',
    {
      schema: { tags, operationId: 'getShadowingDebrief', summary: "The debrief comparing both sides' notes", params: SessionParams, response: { 200: DebriefSchema, ...exactErrorResponses(400, 404) } },
    },
    async (request) => shadowingDebrief(deps, actorOf(request), request.params.id, request.params.sessionId),
  );
}
