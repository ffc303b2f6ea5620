/**
 * One shape for every transcript Cadence reads, whatever tool recorded the call: a list of
 * cues, each one speaker saying something at a moment of the recording.
 */

export const TRANSCRIPT_FORMATS = ['vtt', 'srt', 'gong', 'plain'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

export interface Cue {
  speaker: string;
  text: string;
  /** Seconds from the start of the recording; null when the file carries no times (plain notes). */
  at: number | null;
  /** Known only when the source says it (Gong parties). */
  email?: string;
}

export interface Transcript {
  format: TranscriptFormat;
  cues: Cue[];
}

/** Why a file could not be read, always naming the line so the user can fix it. */
export type TranscriptError =
  | { kind: 'empty'; line: number; message: string }
  | { kind: 'bad_timestamp'; line: number; value: string; message: string }
  | { kind: 'bad_cue'; line: number; message: string }
  | { kind: 'bad_json'; line: number; message: string }
  | { kind: 'bad_structure'; line: number; message: string }
  | { kind: 'too_large'; line: number; message: string };

export type TranscriptResult = { ok: true; transcript: Transcript } | { ok: false; error: TranscriptError };

export const UNKNOWN_SPEAKER = 'Unknown speaker';

/** 50 MB of text: the largest file the importer promises to read. */
export const MAX_TRANSCRIPT_CHARS = 50 * 1024 * 1024;

export function transcriptError<K extends TranscriptError['kind']>(kind: K, line: number, detail: string, extra: Omit<Extract<TranscriptError, { kind: K }>, 'kind' | 'line' | 'message'>): TranscriptResult {
  return { ok: false, error: { kind, line, message: `line ${line}: ${detail}`, ...extra } as TranscriptError };
}
