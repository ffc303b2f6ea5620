import { z } from 'zod';
import { AGENDA_SECTIONS, AGENDA_SOURCE_TYPES, SENTIMENTS } from '../../domain/meeting/meeting.ts';
import { MEETING_STATES, MEETING_TYPES, SIDES } from '../../domain/model.ts';
import type { AgendaEditSchema } from '../../domain/meeting/meeting-input.ts';
import { listParam } from './query.ts';
import { InstantSchema } from './responses.ts';

// The bodies are the domain's: scheduleMeeting, updateMeeting, editAgenda and saveNotes take exactly these.
export { AgendaEditSchema, MeetingCreateSchema, MeetingUpdateSchema, NotesSaveSchema, type AgendaEditRequest, type MeetingCreate } from '../../domain/meeting/meeting-input.ts';

const InstantParam = z.iso.datetime({ offset: true, message: 'is not an ISO 8601 time' }).optional();

export const MeetingListQuerySchema = z.strictObject({
  accountId: z.string().max(64).optional(),
  from: InstantParam,
  to: InstantParam,
  state: listParam(MEETING_STATES),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const NotesSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const AttendeeSchema = z
  .object({
    kind: z.enum(['user', 'contact']),
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    side: z.enum(SIDES),
    role: z.string().nullable().describe('A title or team role shown beside the name'),
    shadowing: z.boolean().describe('A new CSM learning by watching'),
  })
  .meta({ id: 'Attendee' });

export const MeetingSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    type: z.enum(MEETING_TYPES),
    title: z.string(),
    state: z.enum(MEETING_STATES),
    startsAt: InstantSchema,
    endsAt: InstantSchema.nullable(),
    attendees: z.array(AttendeeSchema),
    notes: z.string().describe('Free notes in Markdown, beside the notes held on agenda items'),
    notesVersion: z.number().int().describe('Send it back when saving the notes; a stale one is refused with 409'),
    recordingUrl: z.string().nullable(),
    csmSentiment: z.enum(SENTIMENTS).nullable(),
    productSentiment: z.enum(SENTIMENTS).nullable(),
    agendaSentAt: InstantSchema.nullable(),
    heldAt: InstantSchema.nullable(),
    followUpSentAt: InstantSchema.nullable(),
    cancelledAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
    seriesId: z.string().nullable(),
    timezone: z.string(),
    sequence: z.number().int(),
    recurrence: z.string().nullable(),
    summary: z.string().nullable(),
    organiserId: z.string().nullable(),
    completedAt: InstantSchema.nullable(),
    originalStartsAt: InstantSchema.nullable().optional().describe("A series call's start as the series gave it (its RECURRENCE-ID in invites); kept when the call moves"),
  })
  .meta({ id: 'Meeting' });
// Checked against the service's answer: a route's types come from services, never the store.

export const ScheduledMeetingSchema = MeetingSchema.extend({
  seriesMeetingIds: z.array(z.string()).optional().describe('Every call of a recurring series, the first one included'),
}).meta({ id: 'ScheduledMeeting' });

export const MeetingListSchema = z.object({ items: z.array(MeetingSchema), nextCursor: z.null() }).meta({ id: 'MeetingList' });

export const AgendaItemSchema = z
  .object({
    id: z.string(),
    section: z.enum(AGENDA_SECTIONS),
    text: z.string(),
    source: z
      .object({ type: z.enum(AGENDA_SOURCE_TYPES), id: z.string().optional() })
      .nullable()
      .describe('What the item was made from; null when typed by a person'),
    addedBy: z.enum(['csm', 'customer', 'cadence']),
    visibility: z.enum(['shared', 'internal']).describe("'shared': the customer sees the item in the agenda mail and on the share page"),
    prepNote: z.string().nullable().optional().describe("The CSM's reason for the item; internal, never sent to the customer"),
    discussed: z.boolean(),
    notes: z.string(),
    carriedOverFrom: z.string().nullable(),
  })
  .meta({ id: 'AgendaItem' });

export const AgendaSchema = z.object({ meetingId: z.string(), items: z.array(AgendaItemSchema) }).meta({ id: 'Agenda' });

export const NotesDocSchema = z.object({ version: z.number().int(), notes: z.string(), itemNotes: z.record(z.string(), z.string()).describe('Notes by agenda item id') }).meta({ id: 'MeetingNotes' });

export const NotesSearchResultSchema = z
  .object({
    items: z.array(z.object({ meetingId: z.string(), title: z.string(), startsAt: InstantSchema, accountId: z.string(), accountName: z.string(), snippet: z.string() })),
    nextCursor: z.null(),
  })
  .meta({ id: 'NotesSearchResult' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type Meeting = z.output<typeof MeetingSchema>;
export type Attendee = z.output<typeof AttendeeSchema>;
export type Agenda = z.output<typeof AgendaSchema>;
export type AgendaItem = z.output<typeof AgendaItemSchema>;
export type NotesDoc = z.output<typeof NotesDocSchema>;
/** One agenda edit as a client sends it (defaults may be left out). */
export type AgendaEdit = z.input<typeof AgendaEditSchema>;
export type NotesHit = z.output<typeof NotesSearchResultSchema>['items'][number];
