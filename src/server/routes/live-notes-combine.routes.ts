import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { getNotesAuthorship } from '../../services/live-notes/authorship.ts';
import { insertSuggestionsIntoNotes } from '../../services/live-notes/suggestions.ts';
import { actorOf } from '../auth.ts';
import { NotesAuthorshipSchema, SuggestionsInsertedSchema, SuggestionsInsertSchema } from './live-notes-combine.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';

/** Combining the live notes after the call: who wrote what, and the transcript's suggestions put into them. */
export async function liveNotesCombineRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['meetings'];
  app.get(
    '/api/meetings/:id/notes/authorship',
    {
      schema: {
        tags,
        operationId: 'getNotesAuthorship',
        summary: 'Who wrote what in the live notes: per text, its parts with their authors, and per-person totals',
        params: IdParams,
        response: { 200: NotesAuthorshipSchema, ...exactErrorResponses(400, 404) },
      },
    },
    async (request) => getNotesAuthorship(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/meetings/:id/notes/suggestions/insert',
    {
      schema: {
        tags,
        operationId: 'insertSuggestionsIntoNotes',
        summary: 'Put the transcript’s pending suggestions into the free notes as a marked block to review (accept or reject each as before)',
        params: IdParams,
        body: SuggestionsInsertSchema,
        response: { 200: SuggestionsInsertedSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => insertSuggestionsIntoNotes(deps, actorOf(request), request.params.id, request.body),
  );
}
