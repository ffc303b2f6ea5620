import { parseClock } from './timestamps.ts';
import { splitSpeakerPrefix } from './speaker-line.ts';
import { transcriptError, type Cue, type TranscriptResult } from './transcript.ts';

const STAMPED = /^\[([^\]]*)\]\s*(.*)$/;
const BARE_STAMP = /^(\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\s+(.*)$/;

/**
 * Reads notes typed or pasted as "Speaker: text" or "[00:12:03] Speaker: text" lines. A line
 * with no speaker continues the previous one (wrapped paragraphs); a bracketed time that is not
 * a time is an error, because guessing would misplace every quote after it.
 */
export function parsePlain(text: string): TranscriptResult {
  const lines = text.split(/\r\n|\n|\r/);
  const cues: Cue[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const lineNo = index + 1;
    let line = (lines[index] ?? '').trim();
    if (index === 0) line = line.replace(/^\uFEFF/, '');
    if (line === '') continue;
    let at: number | null = null;
    const stamped = STAMPED.exec(line) ?? BARE_STAMP.exec(line);
    if (stamped) {
      const value = (stamped[1] ?? '').trim();
      at = parseClock(value);
      if (at === null) return transcriptError('bad_timestamp', lineNo, `timestamp '${value}' is not a time`, { value });
      line = (stamped[2] ?? '').trim();
    }
    const said = splitSpeakerPrefix(line);
    const previous = cues[cues.length - 1];
    if (said) {
      if (said.text !== '') cues.push({ speaker: said.speaker, text: said.text, at });
      else cues.push({ speaker: said.speaker, text: '', at });
    } else if (previous) {
      previous.text = previous.text === '' ? line : `${previous.text} ${line}`;
    } else {
      return transcriptError('bad_cue', lineNo, `expected "Speaker: text" or "[00:12:03] Speaker: text", found '${line.length > 40 ? `${line.slice(0, 40)}…` : line}'`, {});
    }
  }
  const spoken = cues.filter((c) => c.text !== '');
  if (spoken.length === 0) return transcriptError('empty', Math.max(1, lines.length), 'the file has no "Speaker: text" lines', {});
  return { ok: true, transcript: { format: 'plain', cues: spoken } };
}
