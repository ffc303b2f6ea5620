import { RISK_SEVERITIES } from '../../domain/meeting/meeting.ts';
import { RISK_TYPES } from '../../domain/model.ts';
import { extractNotes } from '../../domain/notes-extraction/extract-notes.ts';
import { NotesSuggestionsSchema, type NotesContext, type NotesSuggestions } from '../../domain/notes-extraction/schema.ts';
import { formatClock } from '../../domain/transcripts/timestamps.ts';
import type { Transcript } from '../../domain/transcripts/transcript.ts';

export interface LlmOptions {
  /** CADENCE_LLM_URL: the server's base URL ("http://127.0.0.1:8080" or ".../v1"). */
  url: string;
  /** CADENCE_LLM_MODEL */
  model: string;
  /** Sent as a bearer token when given. */
  apiKey?: string;
  timeoutMs?: number;
  /** Longest transcript sent, in characters; a longer one is cut (and the model told so). */
  maxTranscriptChars?: number;
  fetch?: typeof fetch;
}

export type LlmNotesResult = { source: 'llm'; notes: NotesSuggestions } | { source: 'local'; notes: NotesSuggestions; fallbackReason: string };

/** `"a"|"b"`: the answer may use exactly the values the schema accepts. */
const oneOf = (values: readonly string[]) => values.map((v) => `"${v}"`).join('|');

const SYSTEM_PROMPT = `You turn a customer-success call transcript into meeting-note suggestions.
Answer with one JSON object and nothing else, with exactly these keys:
{"summary":[{"agendaItemId":string|null,"heading":string,"points":[{"text":string,"quote":string,"at":number|null}]}],
 "actionItems":[{"text":string,"owner":string|null,"side":"vendor"|"customer"|null,"due":"YYYY-MM-DD"|null,"quote":string,"at":number|null}],
 "decisions":[{"text":string,"quote":string,"at":number|null}],
 "questions":[{"text":string,"askedBy":string,"quote":string,"at":number|null}],
 "risks":[{"type":${oneOf(RISK_TYPES)},"severity":${oneOf(RISK_SEVERITIES)},"text":string,"quote":string,"at":number|null}],
 "requests":[{"kind":"feature_request"|"support_problem","text":string,"matchedId":string|null,"matchedTitle":string|null,"quote":string,"at":number|null}],
 "sentiment":[{"speaker":string,"side":"vendor"|"customer"|null,"tone":"positive"|"negative","quote":string,"at":number|null}]}
"quote" is the speaker's exact words; "at" is the second of the recording they were said at.
Resolve due dates ("by Friday", "next week", "before the renewal") from the meeting date. Owners are attendees' names.
Questions are only those nobody answered. Match requests to the known tickets and requests by id when they are the same thing.`;

function endpoint(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? `${trimmed}/chat/completions` : `${trimmed}/v1/chat/completions`;
}

function transcriptText(transcript: Transcript, max: number): string {
  const lines: string[] = [];
  let size = 0;
  for (const c of transcript.cues) {
    const line = `${c.at === null ? '' : `[${formatClock(c.at)} = ${Math.round(c.at)}s] `}${c.speaker}: ${c.text}`;
    if (size + line.length > max) {
      lines.push('[transcript cut here for length]');
      break;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** Models often wrap JSON in a Markdown fence even when asked not to. */
function jsonFrom(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  return JSON.parse((fenced?.[1] ?? content).trim());
}

/**
 * Asks an OpenAI-compatible chat-completions server (a local llama.cpp, vLLM, Ollama or a hosted
 * one) for the notes, and checks the answer against the same schema the local extractor meets.
 * Any failure (network, HTTP status, timeout, an answer that is not that JSON) falls back to
 * the local extractor and says why, so the CSM always gets suggestions and knows where from.
 */
export async function extractNotesWithLlm(transcript: Transcript, context: NotesContext, options: LlmOptions): Promise<LlmNotesResult> {
  const local = (fallbackReason: string): LlmNotesResult => ({ source: 'local', notes: extractNotes(transcript, context), fallbackReason });
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    const body = {
      model: options.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        {
          role: 'user',
          content: `Meeting context:\n${JSON.stringify(context)}\n\nTranscript:\n${transcriptText(transcript, options.maxTranscriptChars ?? 200_000)}`,
        },
      ],
    };
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(endpoint(options.url), { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) return local(`the LLM did not answer within ${timeoutMs} ms`);
      return local(`the LLM could not be reached (${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)})`);
    }
    if (!response.ok) return local(`the LLM answered HTTP ${response.status}`);
    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      return local(controller.signal.aborted ? `the LLM did not answer within ${timeoutMs} ms` : 'the LLM answer was not JSON');
    }
    const content = (payload as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
    if (typeof content !== 'string') return local('the LLM answer had no message content');
    let json: unknown;
    try {
      json = jsonFrom(content);
    } catch {
      return local('the LLM message was not JSON');
    }
    const parsed = NotesSuggestionsSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return local(`the LLM notes did not match the schema (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`);
    }
    return { source: 'llm', notes: parsed.data };
  } finally {
    clearTimeout(timer);
  }
}
