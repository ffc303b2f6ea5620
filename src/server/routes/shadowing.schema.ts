import { z } from 'zod';
import { SHADOWING_ACTIVITIES } from '../../domain/reviews/shadowing.ts';
import { CalendarDateOutSchema } from './responses.ts';

// The bodies are the domain's: a pairing, a session and one side's notes.
export { NotesSideSchema, SessionCreateSchema, ShadowingPairingCreateSchema } from '../../domain/reviews/shadowing.ts';

export const SessionParams = z.strictObject({ id: z.string().min(1).max(64), sessionId: z.string().min(1).max(64) });

const activity = z.enum(SHADOWING_ACTIVITIES);
const checklist = z.record(activity, z.number().int()).describe('How many of each activity the new CSM shadows');
const NotesSideOutSchema = z.object({ notesByItem: z.record(z.string(), z.string()).readonly(), actionItems: z.array(z.string()).readonly() });

export const ShadowingPairingSchema = z.object({ id: z.string(), newCsmId: z.string(), seniorCsmId: z.string(), startsOn: CalendarDateOutSchema, endsOn: CalendarDateOutSchema, checklist }).meta({ id: 'ShadowingPairing' });

export const ShadowingProgressSchema = ShadowingPairingSchema.extend({
  progress: z.object({
    status: z.enum(['upcoming', 'active', 'ended']),
    items: z.array(z.object({ activity, label: z.string(), required: z.number().int(), done: z.number().int(), complete: z.boolean(), sessionIds: z.array(z.string()) })),
    percent: z.number().describe('Share of required sessions done, 0–100'),
    complete: z.boolean(),
    daysLeft: z.number().int(),
  }),
  sessions: z.array(
    z.object({
      id: z.string(),
      pairingId: z.string(),
      meetingId: z.string().nullable(),
      activity,
      on: CalendarDateOutSchema,
      newCsmNotes: NotesSideOutSchema.nullable(),
      seniorNotes: NotesSideOutSchema.nullable(),
    }),
  ),
}).meta({ id: 'ShadowingPairingWithProgress' });

export const ShadowingListSchema = z.object({ items: z.array(ShadowingProgressSchema), nextCursor: z.null() }).meta({ id: 'ShadowingList' });

export const DebriefSchema = z
  .object({
    debrief: z
      .object({
        agendaItems: z.array(z.object({ id: z.string(), text: z.string(), noted: z.enum(['both', 'senior_only', 'new_only', 'neither']) })),
        actionItems: z.object({ both: z.array(z.object({ senior: z.string(), new: z.string() })), seniorOnly: z.array(z.string()), newOnly: z.array(z.string()) }),
        agreement: z.number().describe('Of everything either side noted, the share both noted (0–100)'),
        from: z.enum(['written_notes', 'live_notes']).describe("'live_notes': the call has live notes, and each side's notes are what they typed there, joined with what they wrote here"),
        liveCharacters: z.object({ senior: z.number().int(), new: z.number().int() }).nullable().describe('Characters each typed in the live notes; null without live notes'),
      })
      .nullable()
      .describe('null until both sides have written their notes (at once when the call has live notes)'),
  })
  .meta({ id: 'ShadowingDebrief' });
