import { z } from 'zod';
import { RISK_SEVERITIES } from '../meeting/meeting.ts';
import { RISK_TYPES, SIDES } from '../model.ts';

/**
 * What the notes extractor suggests for a meeting. One schema serves the local extractor, the
 * optional LLM (whose answer is validated against it) and the CLI's JSON output, so a suggestion
 * looks the same wherever it came from. Every item carries the quote it came from and the second
 * of the recording it was said at (null when the transcript had no times), so a CSM can check it.
 */
const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const At = z.number().nonnegative().nullable();
/**
 * How likely the suggestion is right (calibrated on held-out meetings, see confidence.ts) and
 * whether it is shown at once or kept under "show more". Optional so a model's answer without
 * them still validates; a suggestion without `shown` is shown.
 */
const Confidence = { confidence: z.number().min(0).max(1).optional(), shown: z.boolean().optional() };

export const SummaryPointSchema = z.object({ text: z.string(), quote: z.string(), at: At });
export const SummarySectionSchema = z.object({
  /** The agenda item this talk followed, or null for talk outside the agenda. */
  agendaItemId: z.string().nullable(),
  heading: z.string(),
  points: z.array(SummaryPointSchema),
});

export const ActionItemSuggestionSchema = z.object({
  text: z.string(),
  owner: z.string().nullable(),
  side: z.enum(SIDES).nullable(),
  due: DateSchema.nullable(),
  quote: z.string(),
  at: At,
  ...Confidence,
});

export const DecisionSuggestionSchema = z.object({ text: z.string(), quote: z.string(), at: At, ...Confidence });

export const QuestionSuggestionSchema = z.object({ text: z.string(), askedBy: z.string(), quote: z.string(), at: At, ...Confidence });

// The risk register's scale: a model that reads a critical risk in the call may say so.
export const RiskSuggestionSchema = z.object({
  type: z.enum(RISK_TYPES),
  severity: z.enum(RISK_SEVERITIES),
  text: z.string(),
  quote: z.string(),
  at: At,
  ...Confidence,
});

export const REQUEST_KINDS = ['feature_request', 'support_problem'] as const;
export const RequestSuggestionSchema = z.object({
  kind: z.enum(REQUEST_KINDS),
  text: z.string(),
  /** The known feature request or ticket this most likely is, when one is similar enough. */
  matchedId: z.string().nullable(),
  matchedTitle: z.string().nullable(),
  quote: z.string(),
  at: At,
  ...Confidence,
});

export const SentimentHintSchema = z.object({
  speaker: z.string(),
  side: z.enum(SIDES).nullable(),
  tone: z.enum(['positive', 'negative']),
  quote: z.string(),
  at: At,
  ...Confidence,
});

/** A customer saying they will buy more ("two hundred more users in January") or less ("down to 50 seats"). */
export const AccountSignalSchema = z.object({
  kind: z.enum(['expansion', 'contraction']),
  speaker: z.string(),
  text: z.string(),
  quote: z.string(),
  at: At,
  ...Confidence,
});

export const NotesSuggestionsSchema = z.object({
  summary: z.array(SummarySectionSchema),
  actionItems: z.array(ActionItemSuggestionSchema),
  decisions: z.array(DecisionSuggestionSchema),
  questions: z.array(QuestionSuggestionSchema),
  risks: z.array(RiskSuggestionSchema),
  requests: z.array(RequestSuggestionSchema),
  sentiment: z.array(SentimentHintSchema),
  /** Optional so a model's answer without it validates. */
  signals: z.array(AccountSignalSchema).optional(),
});

export type SummarySection = z.infer<typeof SummarySectionSchema>;
export type ActionItemSuggestion = z.infer<typeof ActionItemSuggestionSchema>;
export type DecisionSuggestion = z.infer<typeof DecisionSuggestionSchema>;
export type QuestionSuggestion = z.infer<typeof QuestionSuggestionSchema>;
export type RiskSuggestion = z.infer<typeof RiskSuggestionSchema>;
export type RequestSuggestion = z.infer<typeof RequestSuggestionSchema>;
export type SentimentHint = z.infer<typeof SentimentHintSchema>;
export type AccountSignal = z.infer<typeof AccountSignalSchema>;
export type NotesSuggestions = z.infer<typeof NotesSuggestionsSchema>;
export type Severity = (typeof RISK_SEVERITIES)[number];

export const NotesContextSchema = z.object({
  meetingDate: DateSchema,
  timezone: z.string(),
  /** When the call started (ISO instant): with a speaker's zone, "tomorrow" said at 23:30 in Sydney is dated as Sydney means it. */
  startsAt: z.string().optional(),
  attendees: z.array(z.object({ name: z.string(), email: z.string().optional(), side: z.enum(SIDES), timezone: z.string().optional() })),
  agenda: z.array(z.object({ id: z.string(), text: z.string() })).optional(),
  account: z.object({ name: z.string(), renewalDate: DateSchema.optional() }).optional(),
  knownRequests: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
  knownTickets: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
});
/** What the extractor knows about the meeting besides what was said. */
export type NotesContext = z.infer<typeof NotesContextSchema>;
export type NotesAttendee = NotesContext['attendees'][number];
