import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { searchNotes } from '../../services/meetings/notes-search.ts';
import { editAgenda, getAgenda, refreshAgenda } from '../../services/meetings/agenda.ts';
import { getMeeting, listMeetings, saveNotes } from '../../services/meetings/meetings.ts';
import { updateMeeting } from '../../services/meetings/move-meeting.ts';
import { scheduleMeeting } from '../../services/meetings/schedule-meeting.ts';
import { actorOf } from '../auth.ts';
import {
  AgendaEditSchema,
  AgendaSchema,
  MeetingCreateSchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingSchema,
  MeetingUpdateSchema,
  NotesDocSchema,
  NotesSaveSchema,
  NotesSearchQuerySchema,
  NotesSearchResultSchema,
  ScheduledMeetingSchema,
} from './meetings.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';
import { fastSerializer } from './fast-serializer.ts';

export async function meetingRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['meetings'];

  app.get(
    '/api/meetings',
    {
      schema: {
        tags,
        operationId: 'listMeetings',
        summary: 'Meetings you may see, by account and time window',
        querystring: MeetingListQuerySchema,
        response: { 200: MeetingListSchema, ...exactErrorResponses(404) },
      },
    },
    async (request) => listMeetings(deps, actorOf(request), request.query),
  );

  app.post(
    '/api/meetings',
    {
      schema: {
        tags,
        operationId: 'scheduleMeeting',
        summary:
          'Schedule a call; its agenda is prepared at once. 409 (field acknowledgeOutOfHours) when a call falls outside 08:00–18:00 for the customer or the CSM: the message names both local times; send acknowledgeOutOfHours: true to book it anyway. 409 (field acknowledgeBackToBack) when it comes within the team backToBackMinutes (15) of another call of the CSM ("no time to clean up notes"): send acknowledgeBackToBack: true',
        body: MeetingCreateSchema,
        response: { 201: ScheduledMeetingSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await scheduleMeeting(deps, actorOf(request), request.body)),
  );

  app.get(
    '/api/meetings/:id',
    { schema: { tags, operationId: 'getMeeting', summary: 'One meeting', params: IdParams, response: { 200: MeetingSchema, ...exactErrorResponses(404) } } },
    async (request) => (await getMeeting(deps, actorOf(request), request.params.id)).meeting,
  );

  app.patch(
    '/api/meetings/:id',
    {
      schema: {
        tags,
        operationId: 'updateMeeting',
        summary:
          'Move or rename a call (scope=series: every call of its series); attendees get the update. 409 when the call was held or cancelled, or (field acknowledgeOutOfHours) when it falls outside 08:00–18:00 for the customer or the CSM, or (field acknowledgeBackToBack) within the team backToBackMinutes of another call of the CSM: nothing saved, nothing sent',
        params: IdParams,
        body: MeetingUpdateSchema,
        response: { 200: MeetingSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => updateMeeting(deps, actorOf(request), request.params.id, request.body),
  );

  // Opened before every call: written straight from its schema.
  app.get(
    '/api/meetings/:id/agenda',
    { schema: { tags, operationId: 'getAgenda', summary: 'The agenda', params: IdParams, response: { 200: AgendaSchema, ...exactErrorResponses(404) } }, serializerCompiler: fastSerializer(root) },
    async (request) => getAgenda(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/agenda/refresh',
    { schema: { tags, operationId: 'refreshAgenda', summary: 'Rebuild the agenda from the latest facts, keeping hand-made items', params: IdParams, response: { 200: AgendaSchema, ...errorResponses(404) } } },
    async (request) => refreshAgenda(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/agenda/edits',
    {
      schema: {
        tags,
        operationId: 'editAgenda',
        summary: 'Add, edit, move, drop or mark an agenda item (409 when another edit of the agenda landed at the same moment)',
        params: IdParams,
        body: AgendaEditSchema,
        response: { 200: AgendaSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => editAgenda(deps, actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/api/meetings/:id/notes',
    { schema: { tags, operationId: 'saveNotes', summary: 'Save the notes (409 when they changed elsewhere since `version`)', params: IdParams, body: NotesSaveSchema, response: { 200: NotesDocSchema, ...errorResponses(404, 409) } } },
    async (request) => saveNotes(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/notes/search',
    { schema: { tags, operationId: 'searchNotes', summary: 'Full-text search across the meeting notes you may see', querystring: NotesSearchQuerySchema, response: { 200: NotesSearchResultSchema, ...exactErrorResponses() } } },
    async (request) => searchNotes(deps, actorOf(request), request.query.q, request.query.limit),
  );
}
