import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MAX_TRANSCRIPT_CHARS } from '../../domain/transcripts/transcript.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { acceptSuggestion, importTranscript, listSuggestions, mapSpeakers, rejectSuggestion } from '../../services/meetings/transcripts.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';
import { AcceptEditsSchema, SpeakerMapSchema, SuggestionAcceptedSchema, SuggestionRejectedSchema, SuggestionsSchema, TranscriptBodySchema, TranscriptImportSchema, TranscriptQuerySchema } from './transcripts.schema.ts';

const TRANSCRIPT_LIMIT = MAX_TRANSCRIPT_CHARS + 1024 * 1024;

export async function transcriptRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['transcripts'];
  // Transcripts arrive as the file itself (VTT, SRT, plain text), up to 50 MB.
  app.addContentTypeParser(['text/plain', 'text/vtt', 'application/x-subrip'], { parseAs: 'string', bodyLimit: TRANSCRIPT_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/api/meetings/:id/transcript',
    {
      bodyLimit: TRANSCRIPT_LIMIT,
      schema: {
        tags,
        operationId: 'importTranscript',
        summary: 'Attach a transcript (send the file as text/plain or text/vtt, or Gong JSON as application/json); drafts suggestions to review',
        params: IdParams,
        querystring: TranscriptQuerySchema,
        consumes: ['text/plain', 'text/vtt', 'application/x-subrip', 'application/json'],
        body: TranscriptBodySchema,
        response: { 201: TranscriptImportSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const text = typeof body === 'string' ? body : body !== undefined && body !== null ? JSON.stringify(body) : '';
      if (!text) throw new AppError('invalid', 'send the transcript file as the request body', { field: 'transcript' });
      const format = request.query.format ?? (typeof body === 'string' ? undefined : 'gong');
      return reply.status(201).send(await importTranscript(deps, actorOf(request), request.params.id, text, { format }));
    },
  );

  app.get(
    '/api/meetings/:id/suggestions',
    {
      schema: { tags, operationId: 'listSuggestions', summary: 'The transcript and the AI suggestions to accept or reject', params: IdParams, response: { 200: SuggestionsSchema, ...exactErrorResponses(400, 404) } },
    },
    async (request) => listSuggestions(deps, actorOf(request), request.params.id),
  );

  app.put(
    '/api/meetings/:id/transcript/speakers',
    {
      schema: {
        tags,
        operationId: 'mapTranscriptSpeakers',
        summary: 'Map transcript speakers to attendees by hand and draft the suggestions again',
        params: IdParams,
        body: SpeakerMapSchema,
        response: { 200: TranscriptImportSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => mapSpeakers(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/suggestions/:id/accept',
    {
      schema: {
        tags,
        operationId: 'acceptSuggestion',
        summary: 'Accept a suggestion (optionally edited): it becomes a real action item, risk, request or note',
        params: IdParams,
        body: AcceptEditsSchema.optional(),
        response: { 200: SuggestionAcceptedSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => acceptSuggestion(deps, actorOf(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/suggestions/:id/reject',
    { schema: { tags, operationId: 'rejectSuggestion', summary: 'Reject a suggestion', params: IdParams, response: { 200: SuggestionRejectedSchema, ...errorResponses(400, 404, 409) } } },
    async (request) => rejectSuggestion(deps, actorOf(request), request.params.id),
  );
}
