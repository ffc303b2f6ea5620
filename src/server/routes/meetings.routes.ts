import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AgendaEditSchema, MeetingCreateSchema, MeetingUpdateSchema, NotesSaveSchema } from '../../domain/meeting-input.ts';
import { MEETING_STATES } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { searchNotes } from '../../services/notes-search.ts';
import { editAgenda, getAgenda, getMeeting, listMeetings, refreshAgenda, saveNotes, scheduleMeeting, updateMeeting } from '../../services/meetings.ts';
import { actorOf } from '../auth.ts';
import { IdParams, listParam } from './query.ts';

const InstantParam = z.iso.datetime({ offset: true, message: 'is not an ISO 8601 time' }).optional();

export async function meetingRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['meetings'];

  app.get(
    '/api/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings you may see, by account and time window',
        querystring: z.strictObject({
          accountId: z.string().max(64).optional(),
          from: InstantParam,
          to: InstantParam,
          state: listParam(MEETING_STATES),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => listMeetings(deps, actorOf(request), request.query),
  );

  app.post('/api/meetings', { schema: { tags, summary: 'Schedule a call; its agenda is prepared at once', body: MeetingCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await scheduleMeeting(deps, actorOf(request), request.body)),
  );

  app.get('/api/meetings/:id', { schema: { tags, summary: 'One meeting', params: IdParams } }, async (request) =>
    (await getMeeting(deps, actorOf(request), request.params.id)).meeting,
  );

  app.patch('/api/meetings/:id', { schema: { tags, summary: 'Move or rename a meeting', params: IdParams, body: MeetingUpdateSchema } }, async (request) =>
    updateMeeting(deps, actorOf(request), request.params.id, request.body),
  );

  app.get('/api/meetings/:id/agenda', { schema: { tags, summary: 'The agenda', params: IdParams } }, async (request) =>
    getAgenda(deps, actorOf(request), request.params.id),
  );

  app.post('/api/meetings/:id/agenda/refresh', { schema: { tags, summary: 'Rebuild the agenda from the latest facts, keeping hand-made items', params: IdParams } }, async (request) =>
    refreshAgenda(deps, actorOf(request), request.params.id),
  );

  app.post('/api/meetings/:id/agenda/edits', { schema: { tags, summary: 'Add, edit, move, drop or mark an agenda item', params: IdParams, body: AgendaEditSchema } }, async (request) =>
    editAgenda(deps, actorOf(request), request.params.id, request.body),
  );

  app.put('/api/meetings/:id/notes', { schema: { tags, summary: 'Save the notes (409 when they changed elsewhere since `version`)', params: IdParams, body: NotesSaveSchema } }, async (request) =>
    saveNotes(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/notes/search',
    { schema: { tags, summary: 'Full-text search across the meeting notes you may see', querystring: z.strictObject({ q: z.string().trim().min(1, 'must not be empty').max(200), limit: z.coerce.number().int().min(1).max(100).default(20) }) } },
    async (request) => searchNotes(deps, actorOf(request), request.query.q, request.query.limit),
  );
}
