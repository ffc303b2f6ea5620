import { parseClock } from './timestamps.ts';
import { splitSpeakerPrefix, stripCueMarkup } from './speaker-line.ts';
import { UNKNOWN_SPEAKER, transcriptError, type Cue, type TranscriptResult } from './transcript.ts';

const TIMING = /^(\S+)\s+-->\s+(\S+)/;
const VOICE = /^<v(?:\.[^\s>]*)?\s+([^>]+)>(.*)$/;

/**
 * Reads WebVTT (Zoom, Teams and Google Meet exports) and SRT: blocks of a timing line and text.
 * Speakers come from `<v Name>` voice tags (Teams) or a "Name: text" prefix (Zoom, Meet); a cue
 * without either keeps the previous speaker, since exports split long turns over several cues.
 */
export function parseSubtitles(text: string, format: 'vtt' | 'srt'): TranscriptResult {
  const lines = text.split(/\r\n|\n|\r/);
  const cues: Cue[] = [];
  let lastSpeaker = UNKNOWN_SPEAKER;
  let i = 0;
  if (format === 'vtt') {
    if (!/^WEBVTT(?:[ \t].*)?$/.test((lines[0] ?? '').replace(/^\uFEFF/, ''))) {
      return transcriptError('bad_cue', 1, 'a WebVTT file must start with "WEBVTT"', {});
    }
    i = 1;
  }
  while (i < lines.length) {
    const line = (lines[i] ?? '').trim();
    if (line === '') {
      i += 1;
      continue;
    }
    // Comment, style and region blocks carry no speech: skip to the next blank line.
    if (format === 'vtt' && /^(NOTE|STYLE|REGION)(\s|$)/.test(line)) {
      while (i < lines.length && (lines[i] ?? '').trim() !== '') i += 1;
      continue;
    }
    let timingIndex = i;
    if (!line.includes('-->')) {
      // A cue identifier (always in SRT, optional in VTT) sits on the line before the timing.
      timingIndex = i + 1;
      if (!(lines[timingIndex] ?? '').includes('-->')) {
        return transcriptError('bad_cue', i + 1, `expected a timing line like "00:00:01.000 --> 00:00:04.000", found '${clip(line)}'`, {});
      }
    }
    const timing = TIMING.exec((lines[timingIndex] ?? '').trim());
    const lineNo = timingIndex + 1;
    if (!timing) return transcriptError('bad_cue', lineNo, 'the timing line needs a start and an end time', {});
    const startText = timing[1] ?? '';
    const endText = timing[2] ?? '';
    const start = parseClock(startText);
    if (start === null) return transcriptError('bad_timestamp', lineNo, `timestamp '${startText}' is not a time`, { value: startText });
    if (parseClock(endText) === null) return transcriptError('bad_timestamp', lineNo, `timestamp '${endText}' is not a time`, { value: endText });
    i = timingIndex + 1;
    while (i < lines.length && (lines[i] ?? '').trim() !== '') {
      const raw = (lines[i] ?? '').trim();
      i += 1;
      const voice = VOICE.exec(raw);
      let speaker = lastSpeaker;
      let body = raw;
      if (voice) {
        speaker = (voice[1] ?? '').trim();
        body = voice[2] ?? '';
      }
      body = stripCueMarkup(body);
      const prefixed = voice ? null : splitSpeakerPrefix(body);
      if (prefixed) {
        speaker = prefixed.speaker;
        body = prefixed.text;
      }
      if (body === '') continue;
      const previous = cues[cues.length - 1];
      // Lines of one cue by one speaker are one utterance.
      if (previous && previous.speaker === speaker && previous.at === start) previous.text = `${previous.text} ${body}`;
      else cues.push({ speaker, text: body, at: start });
      lastSpeaker = speaker;
    }
  }
  if (cues.length === 0) return transcriptError('empty', lines.length, 'the file has no cues with text', {});
  return { ok: true, transcript: { format, cues } };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
