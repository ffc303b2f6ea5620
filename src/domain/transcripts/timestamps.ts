/**
 * Reads the clock times transcript files use: `01:02:03.456` (WebVTT), `01:02:03,456` (SRT),
 * `12:03` or `1:02:03` (plain notes). Returns seconds, or null when the text is not a real time
 * (minutes or seconds past 59), so a typo is reported rather than silently shifted.
 */
export function parseClock(value: string): number | null {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(value.trim());
  if (!m) return null;
  const hours = m[1] === undefined ? 0 : Number(m[1]);
  const minutes = Number(m[2]);
  const seconds = Number(m[3]);
  if (minutes > 59 || seconds > 59) return null;
  const fraction = m[4] === undefined ? 0 : Number(m[4].padEnd(3, '0')) / 1000;
  return hours * 3600 + minutes * 60 + seconds + fraction;
}

/** `754.2` → `00:12:34`, the form quotes are shown with. */
export function formatClock(seconds: number): string {
  const s = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
