import { z } from 'zod';
import { RISK_SEVERITIES } from '../../domain/meeting/meeting.ts';
import { RISK_TYPES, SIDES } from '../../domain/model.ts';
import { SummarySectionSchema } from '../../domain/notes-extraction/schema.ts';
import { AcceptEditsSchema, SUGGESTION_KINDS } from '../../domain/meeting/suggestion-review.ts';
import { TRANSCRIPT_FORMATS } from '../../domain/transcripts/transcript.ts';
import { InstantSchema } from './responses.ts';

// What the CSM may change on accepting a suggestion is the domain's rule.
export { AcceptEditsSchema };
export type AcceptEditsInput = z.input<typeof AcceptEditsSchema>;

/** The file itself as text (VTT, SRT, "Speaker: text" lines), or Gong's JSON; the parser names the bad line. */
export const TranscriptBodySchema = z.unknown().describe('The transcript file (text/plain, text/vtt, application/x-subrip) or Gong JSON (application/json)');
export const TranscriptQuerySchema = z.strictObject({ format: z.enum(TRANSCRIPT_FORMATS).optional() });
/** Speaker in the transcript → attendee name. */
export const SpeakerMapSchema = z.record(z.string().max(200), z.string().min(1).max(200));

const EXTRACTORS = ['local', 'llm'] as const;

/**
 * What the extractor drafted, as drafted (and, once accepted, with the CSM's edits laid over):
 * each kind carries its own fields, every one its quote and the second it was said at.
 */
const SuggestionPayloadSchema = z.looseObject({
  text: z.string().optional(),
  quote: z.string().optional(),
  at: z.number().nullable().optional().describe('Second of the recording, null when the transcript had no times'),
  owner: z
    .union([z.string(), z.looseObject({ userId: z.string().optional(), contactId: z.string().optional(), name: z.string().optional() })])
    .nullable()
    .optional(),
  side: z.enum(SIDES).nullable().optional(),
  due: z.string().nullable().optional(),
  dueDate: z.string().nullable().optional(),
  type: z.enum(RISK_TYPES).optional(),
  severity: z.enum(RISK_SEVERITIES).optional(),
  kind: z.string().optional().describe('A request: feature_request or support_problem (ticket or feature_request once accepted)'),
  matchedId: z.string().nullable().optional(),
  matchedTitle: z.string().nullable().optional(),
  askedBy: z.string().optional(),
  speaker: z.string().optional(),
  tone: z.enum(['positive', 'negative']).optional(),
});

const RecordRefSchema = z.object({ type: z.string(), id: z.string() }).describe('What accepting it made');

export const SuggestionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SUGGESTION_KINDS),
    status: z.enum(['pending', 'accepted', 'rejected']),
    payload: SuggestionPayloadSchema,
    record: RecordRefSchema.nullable(),
  })
  .meta({ id: 'Suggestion' });
export type Suggestion = z.infer<typeof SuggestionSchema>;

const SpeakerMatchingSchema = z.object({
  matched: z.array(z.object({ speaker: z.string(), attendee: z.string(), by: z.enum(['email', 'name', 'email_name', 'first_name']) })),
  unmatched: z.array(z.string()),
});
export type SpeakerMatching = z.infer<typeof SpeakerMatchingSchema>;

export const TranscriptImportSchema = z
  .object({
    format: z.enum(TRANSCRIPT_FORMATS),
    cues: z.number().int(),
    extractedBy: z.enum(EXTRACTORS).describe("Cadence's own extractor, or the configured language model"),
    fallbackReason: z.string().nullable().describe("Why the language model's answer was not used, when it was tried"),
    speakers: SpeakerMatchingSchema,
    summary: z.array(SummarySectionSchema),
    suggestions: z.array(SuggestionSchema),
  })
  .meta({ id: 'TranscriptImport' });
export type TranscriptImport = z.infer<typeof TranscriptImportSchema>;

export const SuggestionsSchema = z
  .object({
    transcript: z.object({ format: z.string(), importedAt: InstantSchema, extractedBy: z.string().nullable(), speakerMap: z.record(z.string(), z.string()) }).nullable(),
    speakers: SpeakerMatchingSchema.nullable(),
    items: z.array(SuggestionSchema),
  })
  .meta({ id: 'Suggestions' });
export type SuggestionsView = z.infer<typeof SuggestionsSchema>;

export const SuggestionAcceptedSchema = z.object({ id: z.string(), status: z.literal('accepted'), record: RecordRefSchema.nullable() }).meta({ id: 'SuggestionAccepted' });
export const SuggestionRejectedSchema = z.object({ id: z.string(), status: z.literal('rejected') }).meta({ id: 'SuggestionRejected' });
export type SuggestionDecided = z.infer<typeof SuggestionAcceptedSchema> | z.infer<typeof SuggestionRejectedSchema>;
