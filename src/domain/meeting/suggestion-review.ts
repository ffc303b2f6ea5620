import { z } from 'zod';
import type { NotesSuggestions } from '../notes-extraction/schema.ts';
import { CalendarDateSchema, shortText } from '../validation.ts';
import { RISK_TYPES, SIDES } from '../model.ts';
import { RISK_SEVERITIES } from './meeting.ts';

export const SUGGESTION_KINDS = ['action_item', 'decision', 'question', 'risk', 'request', 'sentiment'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

export interface Suggestion {
  kind: SuggestionKind;
  fingerprint: string;
  payload: Record<string, unknown>;
}

/** The words of a text, lower-cased, so "Send the SSO guide." and "send the SSO guide" are one. */
export function fingerprintOf(kind: SuggestionKind, text: string): string {
  return `${kind}:${(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ').slice(0, 300)}`;
}

/** Flattens the extractor's output into reviewable suggestions, one fingerprint each. */
export function toSuggestions(notes: NotesSuggestions): Suggestion[] {
  const out: Suggestion[] = [];
  const push = (kind: SuggestionKind, text: string, payload: Record<string, unknown>) => {
    const fingerprint = fingerprintOf(kind, text);
    if (!out.some((s) => s.fingerprint === fingerprint)) out.push({ kind, fingerprint, payload });
  };
  for (const a of notes.actionItems) push('action_item', `${a.owner ?? ''} ${a.text}`, { ...a });
  for (const d of notes.decisions) push('decision', d.text, { ...d });
  for (const q of notes.questions) push('question', q.text, { ...q });
  for (const r of notes.risks) push('risk', `${r.type} ${r.text}`, { ...r });
  for (const r of notes.requests) push('request', `${r.kind} ${r.text}`, { ...r });
  for (const s of notes.sentiment) push('sentiment', `${s.speaker} ${s.quote}`, { ...s });
  return out;
}

/** What the CSM may change when accepting a suggestion; the rest comes from the suggestion. */
export const AcceptEditsSchema = z
  .strictObject({
    text: shortText(2000).optional(),
    side: z.enum(SIDES).optional(),
    owner: z.strictObject({ userId: z.string().max(64).optional(), contactId: z.string().max(64).optional(), name: shortText(200).optional() }).optional(),
    dueDate: CalendarDateSchema.nullable().optional(),
    type: z.enum(RISK_TYPES).optional(),
    severity: z.enum(RISK_SEVERITIES).optional(),
    kind: z.enum(['ticket', 'feature_request']).optional(),
  })
  .default({});
export type AcceptEdits = z.infer<typeof AcceptEditsSchema>;
