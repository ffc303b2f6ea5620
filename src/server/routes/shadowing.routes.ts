import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ShadowingPairingCreateSchema } from '../../domain/shadowing.ts';
import type { Deps } from '../../deps.ts';
import { NotesSideSchema, SessionCreateSchema, createShadowingPairing, getShadowing, listShadowing, recordShadowingSession, saveShadowingNotes, shadowingDebrief } from '../../services/shadowing.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';

const SessionParams = z.strictObject({ id: z.string().min(1).max(64), sessionId: z.string().min(1).max(64) });

export async function shadowingRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['shadowing'];
  app.get('/api/shadowing', { schema: { tags, summary: 'Shadowing pairings you may see, with progress' } }, async (request) => ({ items: await listShadowing(deps, actorOf(request)), nextCursor: null }));
  app.post('/api/shadowing', { schema: { tags, summary: 'Pair a new CSM with a senior one (managers, admins)', body: ShadowingPairingCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await createShadowingPairing(deps, actorOf(request), request.body)),
  );
  app.get('/api/shadowing/:id', { schema: { tags, summary: 'A pairing with its checklist progress and sessions', params: IdParams } }, async (request) => getShadowing(deps, actorOf(request), request.params.id));
  app.post('/api/shadowing/:id/sessions', { schema: { tags, summary: 'Record a shadowed session', params: IdParams, body: SessionCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await recordShadowingSession(deps, actorOf(request), request.params.id, request.body)),
  );
  app.put('/api/shadowing/:id/sessions/:sessionId/notes', { schema: { tags, summary: "One side's notes of a shadowed call", params: SessionParams, body: NotesSideSchema } }, async (request) =>
    saveShadowingNotes(deps, actorOf(request), request.params.id, request.params.sessionId, request.body),
  );
  app.get('/api/shadowing/:id/sessions/:sessionId/debrief', { schema: { tags, summary: "The debrief comparing both sides' notes", params: SessionParams } }, async (request) =>
    shadowingDebrief(deps, actorOf(request), request.params.id, request.params.sessionId),
  );
}
