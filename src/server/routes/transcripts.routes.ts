import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { acceptSuggestion, importTranscript, listSuggestions, mapSpeakers, rejectSuggestion } from '../../services/meetings/transcripts.ts';
import { actorOf } from '../auth.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';
import { AcceptEditsSchema, SpeakerMapSchema, SuggestionAcceptedSchema, SuggestionRejectedSchema, SuggestionsSchema, TranscriptBodySchema, TranscriptImportSchema, TranscriptQuerySchema } from './transcripts.schema.ts';

export async function transcriptRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['transcripts'];
  // Transcripts arrive as the file itself (VTT, SRT, plain text) or as Gong's JSON, up to
  // CADENCE_TRANSCRIPT_MAX_MB; a bigger one is refused from its Content-Length, before it is read.
  const limit = deps.config.transcripts.maxBytes;
  const tooLarge = () => new AppError('too_large', `the transcript is larger than ${+(limit / 1024 / 1024).toFixed(1)} MB (CADENCE_TRANSCRIPT_MAX_MB); split it into shorter files`, { field: 'transcript' });
  app.addContentTypeParser(['text/plain', 'text/vtt', 'application/x-subrip'], { parseAs: 'string', bodyLimit: limit }, (_request, body, done) => done(null, body));

  // In a scope of its own, JSON is kept as the text received: the transcript worker parses it, not the server's thread.
  await app.register(async (scoped) => {
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: limit }, (_request, body, done) => done(null, body));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/meetings/:id/transcript',
      {
        bodyLimit: limit,
        errorHandler: (error) => {
          throw (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge() : error;
        },
        schema: {
          tags,
          operationId: 'importTranscript',
          summary: 'Attach a transcript (send the file as text/plain or text/vtt, or Gong JSON as application/json); drafts suggestions to review',
          description: "Read off the server's thread, within CADENCE_TRANSCRIPT_TIMEOUT_S (60 s by default); a file over CADENCE_TRANSCRIPT_MAX_MB (20 MB by default), or one that cannot be read in that time, is refused with 413.",
          params: IdParams,
          querystring: TranscriptQuerySchema,
          consumes: ['text/plain', 'text/vtt', 'application/x-subrip', 'application/json'],
          body: TranscriptBodySchema,
          response: { 201: TranscriptImportSchema, ...errorResponses(400, 404, 413) },
        },
      },
      async (request, reply) => {
        const text = typeof request.body === 'string' ? request.body : '';
        if (!text.trim()) throw new AppError('invalid', 'send the transcript file as the request body', { field: 'transcript' });
        const json = (request.headers['content-type'] ?? '').startsWith('application/json');
        const format = request.query.format ?? (json ? 'gong' : undefined);
        return reply.status(201).send(await importTranscript(deps, actorOf(request), request.params.id, text, { format }));
      },
    );
  });

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
