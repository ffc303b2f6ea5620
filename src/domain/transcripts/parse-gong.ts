import { transcriptError, type Cue, type TranscriptResult } from './transcript.ts';

/**
 * Gong's call-transcript JSON, as POST /v2/calls/transcript answers it
 * (https://help.gong.io/apidocs/retrieve-transcripts-of-calls-by-date-or-callids-v2callstranscript-2.md):
 * `{ callTranscripts: [{ callId, transcript: [{ speakerId, topic, sentences: [{ start, end, text }] }] }] }`
 * with start and end in milliseconds. The transcript names speakers only by id; their names and
 * emails live in the call's `parties` (POST /v2/calls/extensive), which a caller may pass in or
 * which may sit beside the transcript in the same file.
 */
export interface GongSpeaker {
  name: string;
  email?: string;
}

export interface GongOptions {
  /** speakerId → person, e.g. built from the call's parties. */
  speakers?: Record<string, GongSpeaker>;
  /** Which call of a multi-call answer to read; the first one when absent. */
  callId?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses Gong JSON text; syntax errors name the line the JSON parser stopped on. */
export function parseGong(text: string, options: GongOptions = {}): TranscriptResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : 1;
    return transcriptError('bad_json', line, `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`, {});
  }
  return mapGongTranscript(json, options);
}

/** Maps an already parsed Gong answer to a transcript. */
export function mapGongTranscript(json: unknown, options: GongOptions = {}): TranscriptResult {
  if (!isObject(json) || !Array.isArray(json.callTranscripts)) {
    return transcriptError('bad_structure', 1, 'Gong JSON needs a "callTranscripts" list', {});
  }
  const calls = json.callTranscripts;
  const index = options.callId === undefined ? 0 : calls.findIndex((c) => isObject(c) && String(c.callId) === options.callId);
  const call = calls[index];
  if (!isObject(call) || !Array.isArray(call.transcript)) {
    const which = options.callId === undefined ? 'callTranscripts[0]' : `call ${options.callId}`;
    return transcriptError('bad_structure', 1, `${which} has no "transcript" list`, {});
  }
  const speakers = { ...partiesOf(json, String(call.callId ?? '')), ...options.speakers };
  const cues: Cue[] = [];
  for (const [m, monologue] of call.transcript.entries()) {
    const where = `callTranscripts[${index}].transcript[${m}]`;
    if (!isObject(monologue) || !Array.isArray(monologue.sentences)) {
      return transcriptError('bad_structure', 1, `${where} has no "sentences" list`, {});
    }
    const id = String(monologue.speakerId ?? '');
    const person = speakers[id];
    for (const [s, sentence] of monologue.sentences.entries()) {
      if (!isObject(sentence) || typeof sentence.text !== 'string' || typeof sentence.start !== 'number' || !Number.isFinite(sentence.start)) {
        return transcriptError('bad_structure', 1, `${where}.sentences[${s}] needs a number "start" (ms) and a "text"`, {});
      }
      const cue: Cue = { speaker: person?.name ?? `Speaker ${id}`, text: sentence.text.trim(), at: sentence.start / 1000 };
      if (person?.email) cue.email = person.email;
      const previous = cues[cues.length - 1];
      // Gong splits a monologue into sentences; quotes read better as whole turns.
      if (s > 0 && previous) previous.text = `${previous.text} ${cue.text}`;
      else cues.push(cue);
    }
  }
  if (cues.length === 0) return transcriptError('empty', 1, 'the Gong transcript has no sentences', {});
  return { ok: true, transcript: { format: 'gong', cues } };
}

function partiesOf(json: Json, callId: string): Record<string, GongSpeaker> {
  const lists: unknown[] = [];
  if (Array.isArray(json.parties)) lists.push(...json.parties);
  if (Array.isArray(json.calls)) {
    for (const call of json.calls) {
      if (!isObject(call)) continue;
      const meta = isObject(call.metaData) ? call.metaData : {};
      if (callId && meta.id !== undefined && String(meta.id) !== callId) continue;
      if (Array.isArray(call.parties)) lists.push(...call.parties);
    }
  }
  const out: Record<string, GongSpeaker> = {};
  for (const p of lists) {
    if (!isObject(p) || p.speakerId === undefined || typeof p.name !== 'string') continue;
    out[String(p.speakerId)] = typeof p.emailAddress === 'string' ? { name: p.name, email: p.emailAddress } : { name: p.name };
  }
  return out;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
