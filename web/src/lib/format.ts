const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

export const formatArr = (arr: number | null) => (arr === null ? '—' : money.format(arr));

/** The signed-in user's time zone: every instant on screen is shown in it, not the browser's. */
let displayZone: string | undefined;

/** Called once the session is known, so dates follow the user's profile rather than the machine. */
export function setDisplayZone(zone: string | undefined): void {
  displayZone = zone;
}

export function getDisplayZone(): string {
  return displayZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A calendar date shown as written in the user's locale, never shifted by time zones. */
export function formatDate(date: string | null): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}

/** An instant in the user's own time zone. */
export function formatInstant(iso: string, zone = getDisplayZone()): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
}

/** The day of an instant, in the user's zone. */
export function formatDay(iso: string, zone = getDisplayZone()): string {
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: zone });
}

/** Only the time of day of an instant, in the user's zone. */
export function formatTime(iso: string, zone = getDisplayZone()): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', timeZone: zone });
}

/** "in 3 h", "2 h late": a duration people read at a glance. */
export function formatHoursLeft(hours: number): string {
  const abs = Math.abs(hours);
  const text = abs < 1 ? `${Math.max(1, Math.round(abs * 60))} min` : `${Math.round(abs * 10) / 10} h`;
  return hours < 0 ? `${text} late` : `${text} left`;
}

export const label = (value: string) => value.replace(/_/g, ' ');

function partsIn(zone: string, at: Date): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const out: Record<string, number> = {};
  for (const p of parts) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone. */
export function wallClockIn(zone: string, at: Date): { date: string; time: string } {
  const p = partsIn(zone, at);
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/**
 * A date and time typed by the user, read in their zone, as a UTC instant. Two passes settle
 * the offset across a daylight-saving change.
 */
export function zonedToUtc(date: string, time: string, zone = getDisplayZone()): string {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wanted = Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  let guess = wanted;
  for (let i = 0; i < 2; i += 1) {
    const p = partsIn(zone, new Date(guess));
    const seen = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    guess += wanted - seen;
  }
  return new Date(guess).toISOString();
}

/** Start and end of the user's today, as UTC instants, for "calls today" queries. */
export function todayRange(zone = getDisplayZone(), now = new Date()): { from: string; to: string } {
  const { date } = wallClockIn(zone, now);
  const from = zonedToUtc(date, '00:00', zone);
  const to = new Date(Date.parse(zonedToUtc(date, '23:59', zone)) + 59_999).toISOString();
  return { from, to };
}
