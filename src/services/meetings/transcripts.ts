import { toSuggestions, type AcceptEdits, type SuggestionKind } from '../../domain/meeting/suggestion-review.ts';
import { localDate } from '../../domain/calendar/business-calendar.ts';
import type { NotesContext } from '../../domain/notes-extraction/schema.ts';
import { notesFromParts, type LlmOptions } from '../../integrations/llm/openai-compatible.ts';
import { TRANSCRIPT_FORMATS, type TranscriptFormat } from '../../domain/transcripts/transcript.ts';
import { RISK_SEVERITIES } from '../../domain/meeting/meeting.ts';
import { RISK_TYPES, type Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { listOpenRequests, listOpenTickets } from '../../store/agenda-context.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findFollowUp } from '../../store/follow-ups.repo.ts';
import { loadAgenda, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { decideSuggestionRow, deletePendingSuggestions, findSuggestionRow, findTranscript, insertSuggestions, listSuggestionRows, saveTranscript } from '../../store/transcripts.repo.ts';
import { createActionItemIn } from './create-action-item.ts';
import { addCallOutcomes } from '../../store/call-outcomes.repo.ts';
import { raiseRequestIn, requestWords } from './create-raised-request.ts';
import { accountRiskOwner, raiseRiskIn } from '../health/create-risk.ts';
import { draftFollowUp } from './follow-ups.ts';
import { getEditableMeeting, getMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { speakersOfCues, type TranscriptJob } from './transcript-draft.ts';
import { draftInWorker, isJsonInWorker, speakersInWorker, workerLimits } from './transcript-worker.ts';

export interface SuggestionView {
  id: string;
  kind: SuggestionKind;
  status: 'pending' | 'accepted' | 'rejected';
  payload: Record<string, unknown>;
  record: { type: string; id: string } | null;
}

/** The call's attendees as the transcript tools know people: a name, an email if known, a side. */
function speakersOf(meeting: MeetingRecord) {
  return meeting.attendees.map((a) => ({ name: a.name, ...(a.email ? { email: a.email } : {}), side: a.side }));
}

/** What the extractor knows about the call besides what was said: date, people, agenda, account, open requests. */
async function notesContextFor(db: Executor, meeting: MeetingRecord, account: { name: string; renewalDate: string | null; timezone: string }): Promise<NotesContext> {
  const agenda = await loadAgenda(db, meeting.id);
  const [requests, tickets] = await Promise.all([listOpenRequests(db, meeting.accountId), listOpenTickets(db, meeting.accountId)]);
  return {
    meetingDate: localDate(meeting.startsAt, account.timezone),
    timezone: account.timezone,
    attendees: speakersOf(meeting),
    agenda: agenda.items.map((i) => ({ id: i.id, text: i.text })),
    account: { name: account.name, ...(account.renewalDate ? { renewalDate: account.renewalDate } : {}) },
    knownRequests: requests.map((r) => ({ id: r.id, title: r.title })),
    knownTickets: tickets.map((t) => ({ id: t.id, title: t.title })),
  };
}

function llmOptions(llm: NonNullable<Deps['config']['llm']>): LlmOptions {
  return { url: llm.url, model: llm.model, ...(llm.apiKey ? { apiKey: llm.apiKey } : {}), ...(llm.timeoutMs ? { timeoutMs: llm.timeoutMs } : {}), ...(llm.stream ? { stream: true } : {}) };
}

/**
 * Reads the transcript and drafts its notes in the transcript worker (off the server's thread,
 * within the configured time and size). With a language model configured, its answer is used
 * when it validates; otherwise the local extractor's, and the reason is kept so the CSM knows
 * which one they are reading.
 */
async function draftSuggestions(deps: Deps, meeting: MeetingRecord, context: NotesContext, source: TranscriptJob['source'], speakerMap: Record<string, string>) {
  const draft = await draftInWorker({ source, speakerMap, attendees: speakersOf(meeting), context, llmParts: deps.config.llm ? {} : null }, workerLimits(deps.config.transcripts));
  if (!draft.ok) throw new AppError('invalid', `line ${draft.line}: ${draft.message}`, { field: 'transcript' });
  if (!deps.config.llm || !draft.llmParts) return { draft, notes: draft.localNotes, extractedBy: 'local' as const, fallbackReason: null };
  const result = await notesFromParts(draft.llmParts, context, llmOptions(deps.config.llm), () => draft.localNotes);
  return { draft, notes: result.notes, extractedBy: result.source, fallbackReason: result.source === 'local' ? result.fallbackReason : null };
}

/**
 * Attaches a transcript (WebVTT, SRT, Gong JSON or "Speaker: text" lines) to a meeting and
 * drafts suggestions from it. A broken file is refused naming its line, and nothing is stored.
 * Re-importing replaces the pending suggestions; accepted and rejected ones are never repeated.
 */
export async function importTranscript(deps: Deps, actor: Actor, meetingId: string, text: string, options: { format?: string; speakerMap?: Record<string, string>; source?: string; originalFormat?: string } = {}) {
  if (options.format !== undefined && !(TRANSCRIPT_FORMATS as readonly string[]).includes(options.format)) {
    throw new AppError('invalid', `format must be one of ${TRANSCRIPT_FORMATS.join(', ')}`, { field: 'format' });
  }
  // Broken JSON is refused before anything else, as on every JSON route.
  if (options.format === 'gong' && !(await isJsonInWorker(text, workerLimits(deps.config.transcripts)))) throw new AppError('invalid', 'the request body is not valid JSON', { field: 'transcript' });
  const source = { kind: 'file' as const, text, ...(options.format ? { format: options.format as TranscriptFormat } : {}) };
  return draftAndStore(deps, actor, meetingId, source, options.speakerMap ?? {}, { source: options.source ?? 'upload', originalFormat: options.originalFormat });
}

async function draftAndStore(deps: Deps, actor: Actor, meetingId: string, source: TranscriptJob['source'], speakerMap: Record<string, string>, stored: { source: string; originalFormat: string | undefined }) {
  // Read and drafted before the transaction: the seconds a long call takes never hold a database
  // transaction (on SQLite, the one connection). Who may edit is checked first, and again inside.
  const before = await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const context = await notesContextFor(deps.store.db, before.meeting, { name: before.account.name, renewalDate: before.account.renewalDate, timezone: before.account.timezone });
  const { draft, notes, extractedBy, fallbackReason } = await draftSuggestions(deps, before.meeting, context, source, speakerMap);
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting } = await getEditableMeeting(deps, actor, meetingId, tx);
    const at = deps.now().toISOString();
    await saveTranscript(tx, {
      meeting_id: meetingId,
      format: stored.originalFormat ?? draft.format,
      cues: draft.cuesJson,
      speaker_map: JSON.stringify(speakerMap),
      source: stored.source,
      extracted_by: extractedBy,
      imported_by: actor.id,
      imported_at: at,
    });
    await deletePendingSuggestions(tx, meetingId);
    const suggestions = toSuggestions(notes);
    await insertSuggestions(
      tx,
      suggestions.map((s) => ({
        id: deps.newId(),
        meeting_id: meetingId,
        kind: s.kind,
        fingerprint: s.fingerprint,
        payload: JSON.stringify(s.payload),
        status: 'pending',
        decided_by: null,
        decided_at: null,
        record_type: null,
        record_id: null,
        created_at: at,
      })),
    );
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'meeting.transcript_imported',
      entityType: 'meeting',
      entityId: meetingId,
      before: null,
      after: { format: draft.format, cues: draft.cueCount },
      summary: `Transcript of ${meeting.title} imported (${draft.cueCount} cues); ${suggestions.length} suggestions to review`,
    });
    return {
      format: draft.format,
      cues: draft.cueCount,
      extractedBy,
      fallbackReason,
      speakers: draft.speakers,
      summary: notes.summary,
      suggestions: await listSuggestionsIn(tx, meetingId),
    };
  });
}

async function listSuggestionsIn(db: Executor, meetingId: string): Promise<SuggestionView[]> {
  return (await listSuggestionRows(db, meetingId)).map((r) => ({
    id: r.id,
    kind: r.kind as SuggestionKind,
    status: r.status as SuggestionView['status'],
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    record: r.record_type && r.record_id ? { type: r.record_type, id: r.record_id } : null,
  }));
}

export async function listSuggestions(deps: Deps, actor: Actor, meetingId: string) {
  const { meeting } = await getMeeting(deps, actor, meetingId);
  const transcript = await findTranscript(deps.store.db, meetingId);
  return {
    transcript: transcript ? { format: transcript.format, importedAt: transcript.imported_at, extractedBy: transcript.extracted_by, speakerMap: JSON.parse(transcript.speaker_map) } : null,
    speakers: transcript ? await storedSpeakers(deps, transcript.cues, meeting) : null,
    items: await listSuggestionsIn(deps.store.db, meetingId),
  };
}

/** A long call's cues are matched in the worker; a short one's here, sooner than a worker could answer. */
async function storedSpeakers(deps: Deps, cuesJson: string, meeting: MeetingRecord) {
  const job = { cuesJson, attendees: speakersOf(meeting) };
  return cuesJson.length > 256 * 1024 ? speakersInWorker(job, workerLimits(deps.config.transcripts)) : speakersOfCues(job);
}

/** Maps unmatched speakers to attendees by hand and drafts the suggestions again. */
export async function mapSpeakers(deps: Deps, actor: Actor, meetingId: string, speakerMap: Record<string, string>) {
  const stored = await findTranscript(deps.store.db, meetingId);
  if (!stored) throw notFound('transcript (import one first)');
  const previous = JSON.parse(stored.speaker_map) as Record<string, string>;
  // The stored cues are drafted again as they are (times and emails kept), under the new names.
  const format = (TRANSCRIPT_FORMATS as readonly string[]).includes(stored.format) ? (stored.format as TranscriptFormat) : 'plain';
  return draftAndStore(deps, actor, meetingId, { kind: 'cues', cuesJson: stored.cues, format }, { ...previous, ...speakerMap }, { source: stored.source, originalFormat: stored.format });
}

/**
 * Accepts a suggestion, with the CSM's edits, through the same services as hand-made items:
 * an action item becomes a real action item (timeline, tasks, follow-up), a risk a risk, a request
 * one to open in the tracker; decisions and questions go into the meeting's notes. Nothing is
 * written twice: a suggestion is decided once.
 */
export async function acceptSuggestion(deps: Deps, actor: Actor, suggestionId: string, edits: AcceptEdits) {
  const row = await findSuggestionRow(deps.store.db, suggestionId);
  if (!row) throw notFound('suggestion');
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting, account } = await getEditableMeeting(deps, actor, row.meeting_id, tx);
    const original = JSON.parse(row.payload) as Record<string, unknown>;
    const payload: Record<string, unknown> = { ...original, ...edits, kind: original.kind };
    const at = deps.now().toISOString();
    let record: { type: string; id: string } | null = null;
    switch (row.kind as SuggestionKind) {
      case 'action_item': {
        const ownerName = typeof payload.owner === 'string' ? payload.owner : null;
        const owner = edits.owner ?? ownerFromAttendees(meeting, ownerName) ?? { name: ownerName ?? 'to assign' };
        const side = (edits.side ?? payload.side ?? meeting.attendees.find((a) => a.name === ownerName)?.side ?? 'vendor') as 'vendor' | 'customer';
        const item = await createActionItemIn(tx, deps, actor, account, { meetingId: meeting.id, text: String(payload.text), side, owner, dueDate: (payload.dueDate ?? payload.due ?? null) as string | null });
        record = { type: 'action_item', id: item.id };
        break;
      }
      case 'risk': {
        const risk = await raiseRiskIn(tx, deps, actor, account, {
          meetingId: meeting.id,
          type: oneOf(RISK_TYPES, payload.type, 'other'),
          severity: oneOf(RISK_SEVERITIES, payload.severity, 'medium'),
          evidence: `${String(payload.text)} ("${String(payload.quote ?? '')}")`,
          ownerId: await accountRiskOwner(tx, account),
        });
        record = { type: 'risk', id: risk.id };
        break;
      }
      case 'request': {
        if (original.matchedId && !edits.kind) {
          record = { type: original.kind === 'support_problem' ? 'support_ticket' : 'feature_request', id: String(original.matchedId) };
          break;
        }
        const kind = edits.kind ?? (original.kind === 'support_problem' ? 'ticket' : 'feature_request');
        const raised = await raiseRequestIn(tx, deps, actor, account, meeting.id, { kind, title: String(payload.text) });
        record = { type: requestWords(raised.table).entityType, id: raised.id };
        break;
      }
      case 'decision':
      case 'question': {
        const heading = row.kind === 'decision' ? 'Decision' : 'Open question';
        const notes = `${meeting.notes}${meeting.notes ? '\n' : ''}- **${heading}:** ${String(payload.text)}`;
        await saveMeeting(tx, { ...meeting, notes, notesVersion: meeting.notesVersion + 1, updatedAt: at });
        // The follow-up's "what we agreed" and "your questions" read these, as they read the wrap-up's.
        await addCallOutcomes(tx, meeting.id, row.kind === 'decision' ? { decisions: [String(payload.text)] } : { questions: [{ question: String(payload.text), answer: null }] }, { newId: deps.newId, at });
        break;
      }
      case 'sentiment':
        // A hint for the CSM; health is changed only through the wrap-up or a health override.
        break;
    }
    if (!(await decideSuggestionRow(tx, suggestionId, { status: 'accepted', by: actor.id, at, payload: JSON.stringify(payload), recordType: record?.type ?? null, recordId: record?.id ?? null }))) {
      throw conflict('this suggestion was already decided');
    }
    // A held call's follow-up draft picks up the accepted item (unless the CSM edited it since).
    const followUp = await findFollowUp(tx, meeting.id);
    if (followUp && ['action_item', 'decision', 'question'].includes(row.kind)) await draftFollowUp(deps, tx, actor, meeting, account, followUp.dueAt);
    await recordChange(tx, deps, actor, {
      accountId: account.id,
      action: 'suggestion.accepted',
      entityType: 'note_suggestion',
      entityId: suggestionId,
      before: null,
      after: { kind: row.kind, record },
      summary: `AI suggestion accepted (${row.kind.replace('_', ' ')}): ${String(payload.text ?? payload.quote ?? '')}`,
    });
    return { id: suggestionId, status: 'accepted' as const, record };
  });
}

/** A stored suggestion's value when it is one the rules know, else the fallback. */
function oneOf<T extends string>(allowed: readonly T[], value: unknown, fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function ownerFromAttendees(meeting: MeetingRecord, name: string | null): { userId?: string; contactId?: string } | null {
  if (!name) return null;
  const attendee = meeting.attendees.find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (!attendee) return null;
  return attendee.kind === 'user' ? { userId: attendee.id } : { contactId: attendee.id };
}

export async function rejectSuggestion(deps: Deps, actor: Actor, suggestionId: string) {
  const row = await findSuggestionRow(deps.store.db, suggestionId);
  if (!row) throw notFound('suggestion');
  return deps.store.db.transaction().execute(async (tx) => {
    await getEditableMeeting(deps, actor, row.meeting_id, tx);
    if (!(await decideSuggestionRow(tx, suggestionId, { status: 'rejected', by: actor.id, at: deps.now().toISOString(), payload: row.payload, recordType: null, recordId: null }))) {
      throw conflict('this suggestion was already decided');
    }
    return { id: suggestionId, status: 'rejected' as const };
  });
}
