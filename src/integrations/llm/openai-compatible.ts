import { z } from 'zod';
import { fingerprintOf } from '../../domain/meeting/suggestion-review.ts';
import { NotesSuggestionsSchema, type NotesContext, type NotesSuggestions } from '../../domain/notes-extraction/schema.ts';
import { formatClock } from '../../domain/transcripts/timestamps.ts';
import type { Transcript } from '../../domain/transcripts/transcript.ts';

export interface LlmOptions {
  /** CADENCE_LLM_URL: the server's base URL ("http://127.0.0.1:11434/v1", "http://127.0.0.1:8000" or ".../v1"). */
  url: string;
  /** CADENCE_LLM_MODEL */
  model: string;
  /** Sent as a bearer token when given. */
  apiKey?: string;
  /** How long one request (one part of the transcript) may take, streaming included. */
  timeoutMs?: number;
  /** Ask for the answer as server-sent events (`stream: true`); a server that answers in one piece is read as well. */
  stream?: boolean;
  /** Characters of transcript per request; a longer call is sent in parts that overlap. */
  chunkChars?: number;
  /** Characters of the previous part repeated at the start of the next, so a commitment on the seam is seen whole. */
  overlapChars?: number;
  /** Longest transcript sent, in characters; a longer one is drafted by the local extractor (and the CSM told why). */
  maxTranscriptChars?: number;
  /** Tries after a 429 or 5xx answer before giving up on the model. */
  retries?: number;
  /** First wait before a retry (doubled each time) unless the server says Retry-After. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export type LlmNotesResult = { source: 'llm'; notes: NotesSuggestions } | { source: 'local'; notes: NotesSuggestions; fallbackReason: string };

const DEFAULTS = { timeoutMs: 120_000, chunkChars: 24_000, overlapChars: 1_500, maxTranscriptChars: 400_000, retries: 2, retryDelayMs: 1_000 } as const;
/** The longest Retry-After honoured: a longer wait is a fallback, not a wait. */
const MAX_RETRY_WAIT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// The prompt: the local extractor's own schema, written out compactly, so both paths give one shape.

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[]; anyOf?: JsonSchema[]; const?: unknown; pattern?: string };

/** `{"a":string,"b":"x"|"y"|null}` from a JSON Schema: shorter than the schema itself, and small models follow it better. */
function compact(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(compact).join('|');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join('|');
  const types = [s.type ?? 'unknown'].flat();
  return types
    .map((t) => {
      if (t === 'object') {
        const req = new Set(s.required ?? []);
        // `shown` is Cadence's own choice (above the shown threshold or not), never the model's.
        return `{${Object.entries(s.properties ?? {})
          .filter(([k]) => k !== 'shown')
          .map(([k, v]) => `"${k}"${req.has(k) ? '' : '?'}:${compact(v)}`)
          .join(',')}}`;
      }
      if (t === 'array') return `[${s.items ? compact(s.items) : 'unknown'}]`;
      if (t === 'string' && s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '"YYYY-MM-DD"';
      if (t === 'integer') return 'number';
      return t;
    })
    .join('|');
}

function schemaLines(): string {
  const root = z.toJSONSchema(NotesSuggestionsSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return `{${Object.entries(root.properties ?? {})
    .map(([k, v]) => `"${k}":${compact(v)}`)
    .join(',\n ')}}`;
}

const SYSTEM_PROMPT = `You turn a customer-success call transcript into meeting-note suggestions.
Answer with one JSON object and nothing else, with exactly these keys:
${schemaLines()}
"quote" is the speaker's exact words; "at" is the second of the recording they were said at.
Resolve due dates ("by Friday", "next week", "before the renewal") from the meeting date. Owners are attendees' names.
Questions are only those nobody answered. Match requests to the known tickets and requests by id when they are the same thing.
Risks only on explicit evidence (a named person leaving, a named competitor or consolidation, a budget cut). Sentiment and expansion signals from the customer's side only.
When you are given one part of a longer call, report only what is said in that part; parts overlap by a few lines.`;

/** The instructions the model gets: the schema of the local extractor's output, and how to fill it. */
export function notesPrompt(): string {
  return SYSTEM_PROMPT;
}

// ---------------------------------------------------------------------------------------------
// Long calls: parts with overlap.

function cueLine(c: Transcript['cues'][number]): string {
  return `${c.at === null ? '' : `[${formatClock(c.at)} = ${Math.round(c.at)}s] `}${c.speaker}: ${c.text.replace(/\s*\n\s*/g, ' ')}`;
}

export type TranscriptParts = { ok: true; parts: string[] } | { ok: false; reason: string };

/**
 * The transcript as the text of the requests: whole lines, at most `chunkChars` a part, each part
 * starting with the last lines (up to `overlapChars`) of the one before. Pure, so the transcript
 * worker can cut a long call without the server's thread.
 */
export function transcriptParts(transcript: Transcript, options: Pick<LlmOptions, 'chunkChars' | 'overlapChars' | 'maxTranscriptChars'> = {}): TranscriptParts {
  const chunkChars = options.chunkChars ?? DEFAULTS.chunkChars;
  const overlapChars = Math.min(options.overlapChars ?? DEFAULTS.overlapChars, Math.floor(chunkChars / 2));
  const max = options.maxTranscriptChars ?? DEFAULTS.maxTranscriptChars;
  let total = 0;
  const lines: string[] = [];
  for (const c of transcript.cues) {
    const line = cueLine(c);
    total += line.length + 1;
    if (total > max) return { ok: false, reason: `the transcript is longer than the ${max.toLocaleString('en')} characters sent to the LLM` };
    lines.push(line);
  }
  const parts: string[] = [];
  let current: string[] = [];
  let size = 0;
  let fresh = 0; // lines in `current` not already sent in the previous part
  for (const line of lines) {
    if (size + line.length > chunkChars && fresh > 0) {
      parts.push(current.join('\n'));
      const carried: string[] = [];
      let carriedSize = 0;
      for (let i = current.length - 1; i >= 0; i -= 1) {
        const l = current[i] as string;
        if (carriedSize + l.length + 1 > overlapChars) break;
        carried.unshift(l);
        carriedSize += l.length + 1;
      }
      current = carried;
      size = carriedSize;
      fresh = 0;
    }
    current.push(line);
    size += line.length + 1;
    fresh += 1;
  }
  if (fresh > 0 || parts.length === 0) parts.push(current.join('\n'));
  return { ok: true, parts };
}

// ---------------------------------------------------------------------------------------------
// Merging the parts' answers: what two overlapping parts both heard is one suggestion.

const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');

function dedupe<T extends { quote: string; at: number | null }>(items: T[], key: (item: T) => string): T[] {
  const seenKeys = new Set<string>();
  const seenQuotes = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    const q = `${words(item.quote)}@${item.at ?? ''}`;
    if (seenKeys.has(k) || (words(item.quote) !== '' && seenQuotes.has(q))) continue;
    seenKeys.add(k);
    seenQuotes.add(q);
    out.push(item);
  }
  return out;
}

/** One set of notes from the parts' answers, in the order said, without the overlap's repeats. */
export function mergeNotes(all: NotesSuggestions[]): NotesSuggestions {
  const sections = new Map<string, NotesSuggestions['summary'][number]>();
  for (const notes of all) {
    for (const s of notes.summary) {
      const key = s.agendaItemId ?? `heading:${words(s.heading)}`;
      const into = sections.get(key);
      if (into) into.points = dedupe([...into.points, ...s.points], (p) => words(p.text));
      else sections.set(key, { ...s, points: dedupe(s.points, (p) => words(p.text)) });
    }
  }
  // Each list by the words that make one suggestion the same as another (the review's fingerprint);
  // a list the schema gains later is merged by its text or quote.
  const keys: Record<string, (item: Record<string, unknown>) => string> = {
    actionItems: (a) => fingerprintOf('action_item', `${String(a.owner ?? '')} ${String(a.text)}`),
    decisions: (d) => fingerprintOf('decision', String(d.text)),
    questions: (q) => fingerprintOf('question', String(q.text)),
    risks: (r) => fingerprintOf('risk', `${String(r.type)} ${String(r.text)}`),
    requests: (r) => fingerprintOf('request', `${String(r.kind)} ${String(r.text)}`),
    sentiment: (x) => fingerprintOf('sentiment', `${String(x.speaker)} ${String(x.quote)}`),
  };
  const merged: Record<string, unknown> = { summary: [...sections.values()] };
  for (const key of new Set(all.flatMap((n) => Object.keys(n)))) {
    if (key === 'summary') continue;
    const lists = all.map((n) => (n as unknown as Record<string, unknown>)[key]).filter(Array.isArray) as { quote: string; at: number | null }[][];
    const keyOf = keys[key] ?? ((x: Record<string, unknown>) => `${key}:${words(String(x.text ?? x.quote ?? ''))}`);
    merged[key] = dedupe(lists.flat(), (x) => keyOf(x as unknown as Record<string, unknown>));
  }
  return merged as NotesSuggestions;
}

// ---------------------------------------------------------------------------------------------
// One request: the chat-completions protocol, answered in one piece or as server-sent events.

function endpoint(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? `${trimmed}/chat/completions` : `${trimmed}/v1/chat/completions`;
}

/** Models often wrap JSON in a Markdown fence even when asked not to. */
function jsonFrom(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  return JSON.parse((fenced?.[1] ?? content).trim());
}

class Failure extends Error {}
class Retryable extends Failure {
  constructor(
    message: string,
    readonly waitMs: number | null,
  ) {
    super(message);
  }
}

/** `data:` events of a text/event-stream body, the assistant's text put back together from its deltas. */
async function readEventStream(body: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let content = '';
  const onEvent = (data: string): boolean => {
    if (data === '[DONE]') return true;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      throw new Failure('the LLM stream had an event that was not JSON');
    }
    const e = event as { error?: { message?: string }; choices?: { delta?: { content?: unknown }; message?: { content?: unknown } }[] };
    if (e.error) throw new Failure(`the LLM stream reported an error (${e.error.message ?? 'no message'})`);
    const piece = e.choices?.[0]?.delta?.content ?? e.choices?.[0]?.message?.content;
    if (typeof piece === 'string') content += piece;
    return false;
  };
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    // Events end with a blank line; each `data:` line of one is a line of its data.
    const events = buffer.split(/\r?\n\r?\n/);
    buffer = done ? '' : (events.pop() ?? '');
    for (const raw of events) {
      const data = raw
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data && onEvent(data)) {
        await reader.cancel().catch(() => undefined);
        return content;
      }
    }
    if (done) return content;
  }
}

function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

async function askOnce(part: string, label: string, context: NotesContext, options: LlmOptions): Promise<NotesSuggestions> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timedOut = () => new Failure(`the LLM did not answer within ${timeoutMs} ms`);
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: options.stream ? 'text/event-stream' : 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    const body = {
      model: options.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      ...(options.stream ? { stream: true } : {}),
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `Meeting context:\n${JSON.stringify(context)}\n\nTranscript${label}:\n${part}` },
      ],
    };
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(endpoint(options.url), { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) throw timedOut();
      throw new Failure(`the LLM could not be reached (${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)})`);
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel().catch(() => undefined);
      throw new Retryable(`the LLM answered HTTP ${response.status}`, retryAfterMs(response.headers.get('retry-after')));
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new Failure(`the LLM answered HTTP ${response.status}`);
    }
    let content: unknown;
    try {
      if ((response.headers.get('content-type') ?? '').includes('text/event-stream') && response.body) {
        content = await readEventStream(response.body);
      } else {
        let payload: unknown;
        try {
          payload = await response.json();
        } catch {
          if (controller.signal.aborted) throw timedOut();
          throw new Failure('the LLM answer was not JSON');
        }
        content = (payload as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
      }
    } catch (err) {
      if (controller.signal.aborted) throw timedOut();
      throw err;
    }
    if (typeof content !== 'string' || content === '') throw new Failure('the LLM answer had no message content');
    let json: unknown;
    try {
      json = jsonFrom(content);
    } catch {
      throw new Failure('the LLM message was not JSON');
    }
    const parsed = NotesSuggestionsSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Failure(`the LLM notes did not match the schema (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`);
    }
    return parsed.data;
  } finally {
    clearTimeout(timer);
  }
}

/** One part, retried on 429 and 5xx (waiting as the server asks, within reason). */
async function ask(part: string, label: string, context: NotesContext, options: LlmOptions): Promise<NotesSuggestions> {
  const retries = options.retries ?? DEFAULTS.retries;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await askOnce(part, label, context, options);
    } catch (err) {
      if (!(err instanceof Retryable) || attempt >= retries) {
        if (err instanceof Retryable && attempt > 0) throw new Failure(`${err.message} (${attempt + 1} tries)`);
        throw err;
      }
      const wait = err.waitMs ?? (options.retryDelayMs ?? DEFAULTS.retryDelayMs) * 2 ** attempt;
      if (wait > MAX_RETRY_WAIT_MS) throw new Failure(`${err.message} and asked to wait ${Math.ceil(wait / 1000)} s`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Asks the model for notes on transcript parts already cut (see `transcriptParts`), one request a
 * part, and merges the answers. Any failure gives the local notes, from `local()`, and the reason.
 */
export async function notesFromParts(parts: TranscriptParts, context: NotesContext, options: LlmOptions, local: () => NotesSuggestions | Promise<NotesSuggestions>): Promise<LlmNotesResult> {
  if (!parts.ok) return { source: 'local', notes: await local(), fallbackReason: parts.reason };
  const answers: NotesSuggestions[] = [];
  for (const [i, part] of parts.parts.entries()) {
    const label = parts.parts.length > 1 ? ` (part ${i + 1} of ${parts.parts.length})` : '';
    try {
      answers.push(await ask(part, label, context, options));
    } catch (err) {
      if (!(err instanceof Failure)) throw err;
      return { source: 'local', notes: await local(), fallbackReason: parts.parts.length > 1 ? `part ${i + 1} of ${parts.parts.length}: ${err.message}` : err.message };
    }
  }
  return { source: 'llm', notes: answers.length === 1 ? (answers[0] as NotesSuggestions) : mergeNotes(answers) };
}

/**
 * Asks an OpenAI-compatible chat-completions server (Ollama, vLLM, llama.cpp or a hosted one) for
 * the notes, and checks the answer against the same schema the local extractor meets. A long call
 * is sent in overlapping parts and the answers merged. Any failure (network, HTTP status, timeout,
 * an answer that is not that JSON) falls back to the local extractor and says why, so the CSM
 * always gets suggestions and knows where from.
 */
export async function extractNotesWithLlm(transcript: Transcript, context: NotesContext, options: LlmOptions): Promise<LlmNotesResult> {
  // The local extractor loads an NLP model: only a fallback pays for it, not the server's start-up.
  return notesFromParts(transcriptParts(transcript, options), context, options, async () => (await import('../../domain/notes-extraction/extract-notes.ts')).extractNotes(transcript, context));
}

/** The same function by the name the model path is measured under (`npm run eval:notes -- --llm`). */
export const extractNotesWithModel = extractNotesWithLlm;
