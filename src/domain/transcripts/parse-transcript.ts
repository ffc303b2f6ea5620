import { parseGong, type GongOptions } from './parse-gong.ts';
import { parsePlain } from './parse-plain.ts';
import { parseSubtitles } from './parse-subtitles.ts';
import { MAX_TRANSCRIPT_CHARS, transcriptError, type TranscriptFormat, type TranscriptResult } from './transcript.ts';

/**
 * Guesses a file's format from its first lines: "WEBVTT", a JSON object (Gong), an SRT block
 * (number, then a `-->` line) or else plain "Speaker: text" lines.
 */
export function detectTranscriptFormat(text: string): TranscriptFormat {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  const trimmed = head.trimStart();
  if (/^WEBVTT/.test(trimmed)) return 'vtt';
  if (trimmed.startsWith('{')) return 'gong';
  const lines = trimmed.split(/\r\n|\n|\r/, 3);
  if (/^\d+$/.test((lines[0] ?? '').trim()) && (lines[1] ?? '').includes('-->')) return 'srt';
  if ((lines[0] ?? '').includes('-->')) return 'srt';
  return 'plain';
}

export interface ParseTranscriptOptions {
  /** Skips detection, e.g. when the file's extension said it. */
  format?: TranscriptFormat;
  gong?: GongOptions;
}

/**
 * Reads a transcript file of any supported format into cues. Never throws: a broken file gives
 * an error naming the line ("line 14: timestamp '00:61:00' is not a time").
 */
export function parseTranscript(text: string, options: ParseTranscriptOptions = {}): TranscriptResult {
  if (text.length > MAX_TRANSCRIPT_CHARS) {
    return transcriptError('too_large', 1, `the file is larger than ${MAX_TRANSCRIPT_CHARS / 1024 / 1024} MB`, {});
  }
  if (text.trim() === '') return transcriptError('empty', 1, 'the file is empty', {});
  const format = options.format ?? detectTranscriptFormat(text);
  switch (format) {
    case 'vtt':
    case 'srt':
      return parseSubtitles(text, format);
    case 'gong':
      return parseGong(text, options.gong);
    case 'plain':
      return parsePlain(text);
  }
}
