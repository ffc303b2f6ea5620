/**
 * "Speaker: text" is how Zoom's VTT, most SRT exports and hand-typed notes name who speaks.
 * A prefix counts as a speaker only when it looks like a name (short, no sentence punctuation),
 * so "Note: the budget is frozen" inside a cue is still read as speech when it is not.
 */
const SPEAKER_PREFIX = /^([\p{L}\p{N}][\p{L}\p{N} .'’&@()_-]{0,58}?)\s*:\s+(.*)$/u;

export function splitSpeakerPrefix(line: string): { speaker: string; text: string } | null {
  const m = SPEAKER_PREFIX.exec(line);
  if (!m) return null;
  const speaker = (m[1] ?? '').trim();
  // Times like "10: we start" or a lone number are not names.
  if (/^\d+$/.test(speaker) || speaker.split(/\s+/).length > 6) return null;
  return { speaker, text: (m[2] ?? '').trim() };
}

/** Removes WebVTT markup (`<c>`, `<b>`, `<00:00:01.000>`) and decodes the few entities exports use. */
export function stripCueMarkup(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
