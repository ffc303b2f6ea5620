import { z } from 'zod';
import { AGENDA_SECTIONS, SENTIMENTS, TICKET_PRIORITIES } from './meeting.ts';
import { MEETING_TYPES } from '../model.ts';
import { ActionItemCreateSchema } from './action-items.ts';
import { CallOutcomesCaptureSchema } from './follow-up.ts';
import { MAX_FREE_NOTES, MAX_ITEM_NOTES } from './meeting-notes.ts';
import { RiskCreateSchema } from '../account/risks.ts';
import { RecurrenceSchema } from '../calendar/recurrence.ts';
import { TimezoneSchema, linkUrl, optionalText, shortText } from '../validation.ts';

const Instant = z.iso.datetime({ offset: true, message: 'is not an ISO 8601 time with a zone, e.g. 2026-12-01T15:00:00Z' });
const Ids = z.array(z.string().min(1).max(64)).max(100);

export const MeetingCreateSchema = z.strictObject({
  accountId: shortText(64),
  type: z.enum(MEETING_TYPES).default('cadence'),
  startsAt: Instant,
  durationMinutes: z.number().int().min(5, 'must be at least 5').max(480, 'must be at most 480').default(30),
  timezone: TimezoneSchema.optional(),
  title: shortText(200).optional(),
  attendeeUserIds: Ids.optional(),
  attendeeContactIds: Ids.optional(),
  shadowUserIds: Ids.optional(),
  /** A recurring series of cadence calls; it must end (count or until). */
  recurrence: RecurrenceSchema.optional(),
  /** Book it although it falls outside 08:00–18:00 for the customer or the CSM (else 409 naming both local times). */
  acknowledgeOutOfHours: z.boolean().optional(),
  /** Book it although it comes within the team's back-to-back gap of another of the CSM's calls (else 409 naming that call). */
  acknowledgeBackToBack: z.boolean().optional(),
});
export type MeetingCreate = z.infer<typeof MeetingCreateSchema>;

export const MeetingUpdateSchema = z
  .strictObject({
    startsAt: Instant.optional(),
    durationMinutes: z.number().int().min(5).max(480).optional(),
    title: shortText(200).optional(),
    recordingUrl: linkUrl().nullable().optional(),
    /** `series`: move every call of the series by the same local shift (none may be held yet). */
    scope: z.enum(['occurrence', 'series']).optional(),
    /** Move it although it falls outside 08:00–18:00 for the customer or the CSM (else 409 naming both local times). */
    acknowledgeOutOfHours: z.boolean().optional(),
    /** Move it although it comes within the team's back-to-back gap of another of the CSM's calls (else 409 naming that call). */
    acknowledgeBackToBack: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'scope' && k !== 'acknowledgeOutOfHours' && k !== 'acknowledgeBackToBack'), { message: 'nothing to change' });

/** One change to the agenda, as the CSM makes it in the workspace. */
export const AgendaEditSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add'), text: z.string().max(2000), section: z.enum(AGENDA_SECTIONS).default('customer_topics'), internal: z.boolean().optional() }),
  z.strictObject({ op: z.literal('edit'), itemId: z.string().min(1), text: z.string().max(2000) }),
  z.strictObject({ op: z.literal('move'), itemId: z.string().min(1), toIndex: z.number().int().min(0) }),
  z.strictObject({ op: z.literal('up'), itemId: z.string().min(1) }),
  z.strictObject({ op: z.literal('down'), itemId: z.string().min(1) }),
  z.strictObject({ op: z.literal('drop'), itemId: z.string().min(1) }),
  z.strictObject({ op: z.literal('discussed'), itemId: z.string().min(1), discussed: z.boolean().default(true) }),
  z.strictObject({ op: z.literal('visibility'), itemId: z.string().min(1), internal: z.boolean() }),
  z.strictObject({ op: z.literal('prep_note'), itemId: z.string().min(1), prepNote: z.string().max(2000).describe("The CSM's reason for the item; never shown to the customer; empty clears it") }),
]);
export type AgendaEditRequest = z.infer<typeof AgendaEditSchema>;

/** Notes are one versioned document: the free notes and the notes of each agenda item. */
export const NotesSaveSchema = z.strictObject({
  version: z.number().int().min(0),
  notes: z.string().max(MAX_FREE_NOTES, `must be at most ${MAX_FREE_NOTES.toLocaleString('en')} characters`),
  itemNotes: z.record(z.string().max(64), z.string().max(MAX_ITEM_NOTES, `must be at most ${MAX_ITEM_NOTES.toLocaleString('en')} characters`)).optional(),
});

/** A risk captured at wrap-up: the risk register's own fields, on the call's account. */
export const RiskCaptureSchema = RiskCreateSchema.pick({ type: true, severity: true, arrAtRisk: true, evidence: true });

export const RequestCaptureSchema = z.strictObject({
  kind: z.enum(['ticket', 'feature_request']),
  title: shortText(500),
  priority: z.enum(TICKET_PRIORITIES).optional(),
});

export const WrapUpSchema = z.strictObject({
  notes: NotesSaveSchema.optional(),
  discussedItemIds: z.array(z.string().max(64)).max(1000).optional(),
  actionItems: z
    .array(ActionItemCreateSchema.pick({ text: true, side: true, owner: true, dueDate: true }))
    .max(200)
    .default([]),
  risks: z.array(RiskCaptureSchema).max(50).default([]),
  requests: z.array(RequestCaptureSchema).max(100).default([]),
  csmSentiment: z.enum(SENTIMENTS).optional(),
  productSentiment: z.enum(SENTIMENTS).optional(),
  recordingUrl: linkUrl().nullable().optional(),
  summary: optionalText(4000),
  /** For the customer's follow-up: the recap, what we agreed, the questions and links (the summary above is internal). */
  ...CallOutcomesCaptureSchema.shape,
});
export type WrapUp = z.infer<typeof WrapUpSchema>;

export const ShareLinkCreateSchema = z.strictObject({
  /** Days after the meeting the link keeps working. */
  expiresInDays: z.number().int().min(1).max(90).default(14),
});

export const CustomerTopicSchema = z.strictObject({
  text: z.string().trim().min(3, 'must be at least 3 characters').max(500, 'must be at most 500 characters'),
  name: z.string().trim().max(100).optional(),
});

export type MeetingUpdate = z.infer<typeof MeetingUpdateSchema>;
export type NotesSave = z.infer<typeof NotesSaveSchema>;
export type ShareLinkCreate = z.infer<typeof ShareLinkCreateSchema>;
export type CustomerTopic = z.infer<typeof CustomerTopicSchema>;

/** A ticket or feature request raised in the call, settled: opened in the tracker (id or URL) or dismissed with a reason. */
export const RequestSettleSchema = z
  .strictObject({
    externalId: optionalText(200),
    url: linkUrl().nullable().optional(),
    dismissedReason: optionalText(1000),
  })
  .refine((v) => Boolean(v.externalId || v.url) !== Boolean(v.dismissedReason), { message: 'give the tracker id or URL of the opened item, or a reason to dismiss it (one, not both)' });
export type RequestSettle = z.infer<typeof RequestSettleSchema>;
